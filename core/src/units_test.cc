#include "cartwatch/core/units.h"

#include <gtest/gtest.h>

#include "cartwatch/core/grading.h"

namespace cartwatch::core {
namespace {

TEST(Units, ParsesOnlyUcumTemperatureCodes) {
  EXPECT_EQ(ParseUcumTemperatureUnit("Cel"), TemperatureUnit::kCelsius);
  EXPECT_EQ(ParseUcumTemperatureUnit("[degF]"), TemperatureUnit::kFahrenheit);
  EXPECT_FALSE(ParseUcumTemperatureUnit("cel"));  // UCUM codes are case-sensitive
  EXPECT_FALSE(ParseUcumTemperatureUnit("degF"));
  EXPECT_FALSE(ParseUcumTemperatureUnit("C"));
  EXPECT_FALSE(ParseUcumTemperatureUnit("K"));
  EXPECT_FALSE(ParseUcumTemperatureUnit(""));
}

TEST(Units, FeverThresholdSurvivesFahrenheitConversion) {
  // INTEROP pitfall 3: 100.4 degF is exactly the 38.0 degC threshold.
  EXPECT_EQ(ToCelsius(100.4, TemperatureUnit::kFahrenheit), kFeverThresholdCelsius);
  EXPECT_LT(ToCelsius(100.3, TemperatureUnit::kFahrenheit), kFeverThresholdCelsius);
  EXPECT_DOUBLE_EQ(ToCelsius(212.0, TemperatureUnit::kFahrenheit), 100.0);
  EXPECT_DOUBLE_EQ(ToCelsius(98.6, TemperatureUnit::kFahrenheit), 37.0);
}

TEST(Units, CelsiusIsUnchanged) {
  EXPECT_EQ(ToCelsius(37.9, TemperatureUnit::kCelsius), 37.9);
  EXPECT_EQ(ToCelsius(38.0, TemperatureUnit::kCelsius), 38.0);
}

}  // namespace
}  // namespace cartwatch::core
