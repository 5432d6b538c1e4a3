#include "cartwatch/core/cutoff.h"

#include <cmath>

namespace cartwatch::core {

MicroUnits ToMicroUnits(double value) noexcept {
  if (std::isnan(value)) return 0;
  // Saturation in whole units (1e9); the division is exact.
  constexpr MicroUnits kLimitUnits = kMicroUnitsSaturated / kMicroUnitsPerUnit;
  static_assert(kLimitUnits * kMicroUnitsPerUnit == kMicroUnitsSaturated);
  constexpr auto kLimit = static_cast<double>(kLimitUnits);
  if (value >= kLimit) return kMicroUnitsSaturated;
  if (value <= -kLimit) return -kMicroUnitsSaturated;
  return static_cast<MicroUnits>(std::llround(value * static_cast<double>(kMicroUnitsPerUnit)));
}

double RoundToMicroUnits(double value) noexcept {
  if (!std::isfinite(value)) return value;
  return static_cast<double>(ToMicroUnits(value)) / static_cast<double>(kMicroUnitsPerUnit);
}

bool AtLeast(double value, double cutoff) noexcept {
  return ToMicroUnits(value) >= ToMicroUnits(cutoff);
}

bool Above(double value, double cutoff) noexcept {
  return ToMicroUnits(value) > ToMicroUnits(cutoff);
}

}  // namespace cartwatch::core
