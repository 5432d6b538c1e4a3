#include "cartwatch/core/hypotension.h"

#include <gtest/gtest.h>

#include <string_view>

namespace cartwatch::core {
namespace {

constexpr double kAdultAge = 40.0;
constexpr double kNeonateBoundYears = 28.0 / kDaysPerYear;  // the first PALS band ends here

BloodPressure Systolic(double mmhg) { return {mmhg, std::nullopt}; }
BloodPressure Mean(double mmhg) { return {std::nullopt, mmhg}; }

// Hypotension judged on the systolic alone, at `age` with the default thresholds.
bool LowSystolic(double mmhg, std::optional<double> age) {
  const auto result = HypotensionFromVitals(Systolic(mmhg), age, {});
  EXPECT_TRUE(result.has_value());
  return result && result->hypotension;
}

std::string_view RuleAt(double mmhg, std::optional<double> age) {
  const auto result = HypotensionFromVitals(Systolic(mmhg), age, {});
  return result && result->rule ? result->rule->id : std::string_view();
}

TEST(Hypotension, AdultSystolicBelowNinetyIsHypotension) {
  EXPECT_TRUE(LowSystolic(89, kAdultAge));
  EXPECT_FALSE(LowSystolic(90, kAdultAge));
  EXPECT_EQ(RuleAt(89, kAdultAge), "CARTWATCH.HYPOTENSION.ADULT_SYSTOLIC");
}

TEST(Hypotension, AdultMeanBelowSixtyFiveIsHypotension) {
  auto low = HypotensionFromVitals(Mean(64), kAdultAge, {});
  auto normal = HypotensionFromVitals(Mean(65), kAdultAge, {});
  ASSERT_TRUE(low && normal);
  EXPECT_TRUE(low->hypotension);
  EXPECT_FALSE(normal->hypotension);
  EXPECT_EQ(low->rule->id, "SSC2021.HYPOTENSION.ADULT_MAP");
  EXPECT_EQ(low->rule->source, SourceId::kSurvivingSepsis2021);
  EXPECT_DOUBLE_EQ(low->threshold_mmhg, 65.0);
}

TEST(Hypotension, EitherAdultMeasureBelowItsThresholdIsEnough) {
  auto result = HypotensionFromVitals({100.0, 60.0}, kAdultAge, {});
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->hypotension);
  EXPECT_EQ(result->rule->id, "SSC2021.HYPOTENSION.ADULT_MAP");
  result = HypotensionFromVitals({85.0, 70.0}, kAdultAge, {});
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->hypotension);
  result = HypotensionFromVitals({100.0, 70.0}, kAdultAge, {});
  ASSERT_TRUE(result);
  EXPECT_FALSE(result->hypotension);
}

TEST(Hypotension, UnknownAgeIsJudgedAsAnAdult) {
  EXPECT_TRUE(LowSystolic(89, std::nullopt));
  EXPECT_FALSE(LowSystolic(90, std::nullopt));
}

TEST(Hypotension, NothingMeasuredDecidesNothing) {
  EXPECT_FALSE(HypotensionFromVitals({}, kAdultAge, {}));
  // PALS bands are systolic: a child's mean pressure alone decides nothing.
  EXPECT_FALSE(HypotensionFromVitals(Mean(40), 5.0, {}));
}

TEST(Hypotension, PalsNeonateBand) {
  const double age = 27.0 / kDaysPerYear;
  EXPECT_TRUE(LowSystolic(59, age));
  EXPECT_FALSE(LowSystolic(60, age));
  EXPECT_EQ(RuleAt(59, age), "PALS.HYPOTENSION.NEONATE");
}

TEST(Hypotension, PalsInfantBandStartsAtTwentyEightDays) {
  EXPECT_FALSE(LowSystolic(65, 27.0 / kDaysPerYear));
  EXPECT_TRUE(LowSystolic(65, kNeonateBoundYears));
  EXPECT_TRUE(LowSystolic(69, kNeonateBoundYears));
  EXPECT_FALSE(LowSystolic(70, kNeonateBoundYears));
  EXPECT_EQ(RuleAt(69, 0.99), "PALS.HYPOTENSION.INFANT");
  EXPECT_TRUE(LowSystolic(69, 0.99));
  EXPECT_FALSE(LowSystolic(70, 0.99));
}

TEST(Hypotension, PalsChildBandAddsTwoPerCompletedYear) {
  // 1 year: 70 + 2 = 72.
  EXPECT_TRUE(LowSystolic(71, 1.0));
  EXPECT_FALSE(LowSystolic(72, 1.0));
  EXPECT_EQ(RuleAt(71, 1.0), "PALS.HYPOTENSION.CHILD");
  // 5.9 years counts 5 completed years: 80.
  EXPECT_TRUE(LowSystolic(79, 5.9));
  EXPECT_FALSE(LowSystolic(80, 5.9));
  // Just under 10 years: 70 + 18 = 88.
  EXPECT_TRUE(LowSystolic(87, 9.99));
  EXPECT_FALSE(LowSystolic(88, 9.99));
}

TEST(Hypotension, PalsFromTenYearsIsNinety) {
  EXPECT_TRUE(LowSystolic(89, 10.0));
  EXPECT_FALSE(LowSystolic(90, 10.0));
  EXPECT_EQ(RuleAt(89, 10.0), "PALS.HYPOTENSION.OVER_10");
  EXPECT_TRUE(LowSystolic(89, 17.99));
  EXPECT_FALSE(LowSystolic(90, 17.99));
}

TEST(Hypotension, AdultRulesStartAtEighteen) {
  // The mean pressure counts only for adults.
  const BloodPressure pressure{95.0, 60.0};
  EXPECT_FALSE(HypotensionFromVitals(pressure, 17.99, {})->hypotension);
  EXPECT_TRUE(HypotensionFromVitals(pressure, kAdultAgeYears, {})->hypotension);
}

TEST(Hypotension, PediatricBandsCanBeSwitchedOff) {
  HypotensionThresholds adult_only;
  adult_only.pediatric_bands = false;
  const auto result = HypotensionFromVitals(Systolic(85), 12.0, adult_only);
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->hypotension);
  EXPECT_EQ(result->rule->id, "CARTWATCH.HYPOTENSION.ADULT_SYSTOLIC");
  // An infant at 75 mmHg is not hypotensive by PALS, but is by the adult threshold.
  EXPECT_FALSE(LowSystolic(75, 0.5));
  EXPECT_TRUE(HypotensionFromVitals(Systolic(75), 0.5, adult_only)->hypotension);
}

TEST(Hypotension, AdultThresholdsAreConfigurable) {
  HypotensionThresholds strict;
  strict.adult_systolic_below_mmhg = 100.0;
  strict.adult_mean_below_mmhg = 70.0;
  EXPECT_TRUE(HypotensionFromVitals(Systolic(95), kAdultAge, strict)->hypotension);
  EXPECT_TRUE(HypotensionFromVitals(Mean(68), kAdultAge, strict)->hypotension);
  EXPECT_FALSE(HypotensionFromVitals(Systolic(100), kAdultAge, strict)->hypotension);
}

TEST(Hypotension, PalsBandsAreUnconfirmedAndCitePals) {
  double previous = 0.0;
  for (const SystolicBand& band : PediatricSystolicBands()) {
    EXPECT_GT(band.age_below_years, previous);
    previous = band.age_below_years;
    EXPECT_TRUE(band.rule.unconfirmed) << band.rule.id;
    EXPECT_EQ(band.rule.source, SourceId::kPals2020) << band.rule.id;
  }
  EXPECT_DOUBLE_EQ(previous, kAdultAgeYears);
  EXPECT_EQ(AdultSystolicRule().source, SourceId::kCartwatchPolicy);
  EXPECT_EQ(AdultMeanRule().source, SourceId::kSurvivingSepsis2021);
}

}  // namespace
}  // namespace cartwatch::core
