#include "cartwatch/core/units.h"

#include <cmath>

namespace cartwatch::core {

std::optional<TemperatureUnit> ParseUcumTemperatureUnit(std::string_view code) noexcept {
  if (code == "Cel") return TemperatureUnit::kCelsius;
  if (code == "[degF]") return TemperatureUnit::kFahrenheit;
  return std::nullopt;
}

double ToCelsius(double value, TemperatureUnit unit) noexcept {
  if (unit == TemperatureUnit::kCelsius) return value;
  // Rounding to a micro-degree removes binary noise ((100.4 - 32) * 5 / 9 is 38.000000000000007)
  // without touching any value a thermometer can show.
  const double celsius = (value - 32.0) * 5.0 / 9.0;
  return std::round(celsius * 1e6) / 1e6;
}

}  // namespace cartwatch::core
