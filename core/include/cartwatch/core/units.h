// Temperature units (UCUM codes) and conversion to the canonical degrees Celsius.
#ifndef CARTWATCH_CORE_UNITS_H_
#define CARTWATCH_CORE_UNITS_H_

#include <optional>
#include <string_view>

namespace cartwatch::core {

enum class TemperatureUnit { kCelsius, kFahrenheit };

// "Cel" or "[degF]" (UCUM case-sensitive codes); nullopt for anything else.
std::optional<TemperatureUnit> ParseUcumTemperatureUnit(std::string_view code) noexcept;

// Converts to degrees Celsius, rounded to 1e-6 degC so that exact boundaries survive the
// conversion (100.4 degF is exactly 38.0 degC, the ASTCT fever threshold).
double ToCelsius(double value, TemperatureUnit unit) noexcept;

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_UNITS_H_
