#include "cartwatch/core/hypotension.h"

#include <array>
#include <cmath>

#include "cartwatch/core/unreachable.h"

namespace cartwatch::core {
namespace {

constexpr SourceId kPals = SourceId::kPals2020;
constexpr const char* kPalsLocator = "PALS: hypotension by age (systolic)";

// PALS systolic thresholds, marked UNCONFIRMED until checked against the AHA text
// (docs/clinical/hypotension.md).
constexpr std::array<SystolicBand, 4> kBands{{
    {28.0 / kDaysPerYear,
     60.0,
     0.0,
     {"PALS.HYPOTENSION.NEONATE", 0, kPals, kPalsLocator,
      "term neonate (0 to 28 days): systolic below 60 mmHg", true}},
    {1.0,
     70.0,
     0.0,
     {"PALS.HYPOTENSION.INFANT", 0, kPals, kPalsLocator,
      "infant (1 to 12 months): systolic below 70 mmHg", true}},
    {10.0,
     70.0,
     2.0,
     {"PALS.HYPOTENSION.CHILD", 0, kPals, kPalsLocator,
      "child (1 to 10 years): systolic below 70 + 2 x age in completed years mmHg", true}},
    {kAdultAgeYears,
     90.0,
     0.0,
     {"PALS.HYPOTENSION.OVER_10", 0, kPals, kPalsLocator,
      "child of 10 years or older: systolic below 90 mmHg", true}},
}};

constexpr RuleInfo kAdultSystolic{
    "CARTWATCH.HYPOTENSION.ADULT_SYSTOLIC", 0, SourceId::kCartwatchPolicy,
    "systolic < 90 mmHg, a common adult convention (ASTCT 2019 gives no cut-off)",
    "adult or age unknown: systolic below 90 mmHg (configurable)"};
constexpr RuleInfo kAdultMean{"SSC2021.HYPOTENSION.ADULT_MAP", 0, SourceId::kSurvivingSepsis2021,
                              "initial mean arterial pressure target 65 mmHg",
                              "adult or age unknown: mean arterial pressure below 65 mmHg "
                              "(configurable)"};

}  // namespace

std::span<const SystolicBand> PediatricSystolicBands() noexcept { return kBands; }
const RuleInfo& AdultSystolicRule() noexcept { return kAdultSystolic; }
const RuleInfo& AdultMeanRule() noexcept { return kAdultMean; }

std::optional<VitalsHypotension> HypotensionFromVitals(
    const BloodPressure& pressure, std::optional<double> age_years,
    const HypotensionThresholds& thresholds) noexcept {
  const bool child = thresholds.pediatric_bands && age_years && *age_years < kAdultAgeYears;
  if (child) {
    if (!pressure.systolic_mmhg) return std::nullopt;
    for (const SystolicBand& band : kBands) {
      if (*age_years >= band.age_below_years) continue;
      const double threshold = band.base_mmhg + band.per_year_mmhg * std::floor(*age_years);
      return VitalsHypotension{*pressure.systolic_mmhg < threshold, &band.rule, threshold};
    }
    CARTWATCH_UNREACHABLE("no PALS band: the last band ends at kAdultAgeYears");
  }
  const bool low_systolic =
      pressure.systolic_mmhg && *pressure.systolic_mmhg < thresholds.adult_systolic_below_mmhg;
  const bool low_mean =
      pressure.mean_mmhg && *pressure.mean_mmhg < thresholds.adult_mean_below_mmhg;
  if (low_systolic || (!low_mean && pressure.systolic_mmhg)) {
    return VitalsHypotension{low_systolic, &kAdultSystolic, thresholds.adult_systolic_below_mmhg};
  }
  if (pressure.mean_mmhg) {
    return VitalsHypotension{low_mean, &kAdultMean, thresholds.adult_mean_below_mmhg};
  }
  return std::nullopt;
}

}  // namespace cartwatch::core
