#include "cartwatch/core/validate.h"

#include <gtest/gtest.h>

#include <limits>
#include <optional>

namespace cartwatch::core {
namespace {

// The one error Validate reports, checked for code and field.
void ExpectSingleError(const Assessment& a, ErrorCode code, std::string_view field) {
  const std::vector<Error> errors = Validate(a);
  ASSERT_EQ(errors.size(), 1u) << (errors.empty() ? "no error" : errors[0].message);
  EXPECT_EQ(errors[0].code, code) << errors[0].message;
  EXPECT_EQ(errors[0].field, field) << errors[0].message;
  EXPECT_FALSE(errors[0].message.empty());
}

TEST(Validate, EmptyAssessmentIsValid) { EXPECT_TRUE(Validate(Assessment{}).empty()); }

TEST(Validate, TemperatureLimitsAreInclusiveAndStated) {
  for (double celsius : {13.7, 36.5, 46.5}) {
    Assessment a;
    a.temperature_celsius = celsius;
    EXPECT_TRUE(Validate(a).empty()) << celsius;
  }
  for (double celsius : {13.6, 46.6, 100.4, -1.0}) {
    Assessment a;
    a.temperature_celsius = celsius;
    ExpectSingleError(a, ErrorCode::kImplausibleValue, "temperature");
    EXPECT_NE(Validate(a)[0].message.find("13.7"), std::string::npos);
    EXPECT_NE(Validate(a)[0].message.find("46.5"), std::string::npos);
  }
}

TEST(Validate, AgeLimits) {
  Assessment a;
  a.age_years = -0.5;
  ExpectSingleError(a, ErrorCode::kImplausibleValue, "age_years");
  a.age_years = 126;
  ExpectSingleError(a, ErrorCode::kImplausibleValue, "age_years");
  a.age_years = 0;
  EXPECT_TRUE(Validate(a).empty());
}

TEST(Validate, OxygenFlow) {
  Assessment a;
  a.oxygen = OxygenSupport{OxygenDevice::kNasalCannula, std::nullopt, std::nullopt, std::nullopt};
  ExpectSingleError(a, ErrorCode::kMissingRequired, "oxygen.flow_l_min");
  a.oxygen->flow_l_per_min = 0.0;
  ExpectSingleError(a, ErrorCode::kImplausibleValue, "oxygen.flow_l_min");
  a.oxygen->flow_l_per_min = 80.1;
  ExpectSingleError(a, ErrorCode::kImplausibleValue, "oxygen.flow_l_min");
  a.oxygen->flow_l_per_min = 80.0;
  EXPECT_TRUE(Validate(a).empty());
  a.oxygen = OxygenSupport{OxygenDevice::kRoomAir, 2.0, std::nullopt, std::nullopt};
  ExpectSingleError(a, ErrorCode::kContradictory, "oxygen.flow_l_min");
  a.oxygen = OxygenSupport{OxygenDevice::kFacemask, std::nullopt, std::nullopt, std::nullopt};
  EXPECT_TRUE(Validate(a).empty());
}

TEST(Validate, VasopressorsContradictNoHypotension) {
  Assessment a;
  a.hypotension = false;
  a.vasopressors = VasopressorSet{Vasopressor::kNorepinephrine};
  ExpectSingleError(a, ErrorCode::kContradictory, "hypotension");
  a.vasopressors = VasopressorSet{};
  EXPECT_TRUE(Validate(a).empty());
  a.hypotension.reset();
  a.vasopressors = VasopressorSet{Vasopressor::kVasopressin};
  EXPECT_TRUE(Validate(a).empty());
}

TEST(Validate, ScoreRanges) {
  Assessment a;
  a.age_years = 40;
  a.neuro.ice_items = IceItems{5, 3, 1, 1, 1};
  ExpectSingleError(a, ErrorCode::kOutOfRange, "neuro.ice.orientation");
  a.neuro.ice_items = IceItems{4, 4, 1, 1, 1};
  ExpectSingleError(a, ErrorCode::kOutOfRange, "neuro.ice.naming");
  a.neuro.ice_items = IceItems{4, 3, 2, 1, 1};
  ExpectSingleError(a, ErrorCode::kOutOfRange, "neuro.ice.commands");
  a.neuro.ice_items = IceItems{4, 3, 1, -1, 1};
  ExpectSingleError(a, ErrorCode::kOutOfRange, "neuro.ice.writing");
  a.neuro.ice_items = IceItems{4, 3, 1, 1, 2};
  ExpectSingleError(a, ErrorCode::kOutOfRange, "neuro.ice.attention");
  a.neuro.ice_items.reset();
  a.neuro.ice_total = 11;
  ExpectSingleError(a, ErrorCode::kOutOfRange, "neuro.ice_total");
  a.neuro.ice_total.reset();
  a.age_years = 8;
  a.neuro.capd_total = 33;
  ExpectSingleError(a, ErrorCode::kOutOfRange, "neuro.capd");
  a.neuro.capd_total = 32;
  EXPECT_TRUE(Validate(a).empty());
}

TEST(Validate, IceItemsMustAgreeWithTotal) {
  Assessment a;
  a.age_years = 40;
  a.neuro.ice_items = IceItems{4, 3, 1, 1, 1};
  a.neuro.ice_total = 10;
  EXPECT_TRUE(Validate(a).empty());
  a.neuro.ice_total = 9;
  ExpectSingleError(a, ErrorCode::kContradictory, "neuro.ice_total");
  a.neuro.ice_items = IceItems{4, 3, std::nullopt, 1, 1};  // total may be 9 or 10
  EXPECT_TRUE(Validate(a).empty());
  a.neuro.ice_total = 8;
  ExpectSingleError(a, ErrorCode::kContradictory, "neuro.ice_total");
}

TEST(Validate, ScoresNeedAgeToChooseTheTool) {
  Assessment a;
  a.neuro.ice_total = 7;
  ExpectSingleError(a, ErrorCode::kMissingRequired, "age_years");
  a.neuro.ice_total.reset();
  a.neuro.capd_total = 4;
  ExpectSingleError(a, ErrorCode::kMissingRequired, "age_years");
}

TEST(Validate, UnarousablePatientCannotScoreOnIce) {
  Assessment a;
  a.age_years = 40;
  a.neuro.consciousness = Consciousness::kUnarousable;
  a.neuro.ice_total = 0;
  EXPECT_TRUE(Validate(a).empty());
  a.neuro.ice_total = 3;
  ExpectSingleError(a, ErrorCode::kContradictory, "neuro.ice");
}

TEST(Validate, ReportsEveryProblemOfARecord) {
  Assessment a;
  a.time = "yesterday";
  a.temperature_celsius = 101.0;
  a.oxygen = OxygenSupport{OxygenDevice::kNasalCannula, std::nullopt, std::nullopt, std::nullopt};
  EXPECT_EQ(Validate(a).size(), 3u);
}

TEST(Validate, Fio2Limits) {
  Assessment a;
  a.oxygen = OxygenSupport{OxygenDevice::kFacemask, std::nullopt, std::nullopt, 21.0};
  EXPECT_TRUE(Validate(a).empty());
  a.oxygen->fio2_percent = 100.0;
  EXPECT_TRUE(Validate(a).empty());
  for (double fio2 : {20.9, 100.1, 0.4}) {  // 0.4: a fraction sent as percent
    a.oxygen->fio2_percent = fio2;
    ExpectSingleError(a, ErrorCode::kImplausibleValue, "oxygen.fio2");
  }
  a.oxygen = OxygenSupport{OxygenDevice::kRoomAir, std::nullopt, std::nullopt, 21.0};
  EXPECT_TRUE(Validate(a).empty());
  a.oxygen->fio2_percent = 30.0;
  ExpectSingleError(a, ErrorCode::kContradictory, "oxygen.fio2");
}

TEST(Validate, VasopressorDoseNeedsTheAgentRunning) {
  Assessment a;
  a.legacy.vasopressor_doses[0].dose = 10.0;  // norepinephrine
  ExpectSingleError(a, ErrorCode::kContradictory, "vasopressor_doses.norepinephrine");
  a.vasopressors = VasopressorSet{Vasopressor::kEpinephrine};
  ExpectSingleError(a, ErrorCode::kContradictory, "vasopressor_doses.norepinephrine");
  a.vasopressors->Add(Vasopressor::kNorepinephrine);
  EXPECT_TRUE(Validate(a).empty());
}

TEST(Validate, VasopressorDoseAndHoursLimits) {
  Assessment a;
  a.vasopressors = VasopressorSet{Vasopressor::kNorepinephrine, Vasopressor::kDopamine,
                                  Vasopressor::kVasopressin};
  auto& doses = a.legacy.vasopressor_doses;
  doses[static_cast<std::size_t>(Vasopressor::kNorepinephrine)] = {1000.0, 0.0};
  doses[static_cast<std::size_t>(Vasopressor::kDopamine)] = {100.0, 2160.0};
  doses[static_cast<std::size_t>(Vasopressor::kVasopressin)] = {0.04, 3.0};
  EXPECT_TRUE(Validate(a).empty());
  doses[static_cast<std::size_t>(Vasopressor::kNorepinephrine)].dose = 0.0;  // stopped
  ExpectSingleError(a, ErrorCode::kImplausibleValue, "vasopressor_doses.norepinephrine.dose");
  doses[static_cast<std::size_t>(Vasopressor::kNorepinephrine)].dose = 1000.5;
  ExpectSingleError(a, ErrorCode::kImplausibleValue, "vasopressor_doses.norepinephrine.dose");
  doses[static_cast<std::size_t>(Vasopressor::kNorepinephrine)].dose = 10.0;
  doses[static_cast<std::size_t>(Vasopressor::kDopamine)].hours_running = -1.0;
  ExpectSingleError(a, ErrorCode::kImplausibleValue, "vasopressor_doses.dopamine.hours_running");
  doses[static_cast<std::size_t>(Vasopressor::kDopamine)].hours_running = 1.0;
  doses[static_cast<std::size_t>(Vasopressor::kVasopressin)].dose = 4.0;  // U/h sent as U/min
  ExpectSingleError(a, ErrorCode::kImplausibleValue, "vasopressor_doses.vasopressin.dose");
}

TEST(Validate, LegacyCountsAndGrades) {
  Assessment a;
  a.legacy.fluid_boluses = 48;
  a.legacy.organ_toxicity = {4, 0, 4};
  EXPECT_TRUE(Validate(a).empty());
  a.legacy.fluid_boluses = -1;
  ExpectSingleError(a, ErrorCode::kOutOfRange, "fluid_boluses_24h");
  a.legacy.fluid_boluses = 49;
  ExpectSingleError(a, ErrorCode::kOutOfRange, "fluid_boluses_24h");
  a.legacy.fluid_boluses = 2;
  a.legacy.organ_toxicity.transaminases = 5;
  ExpectSingleError(a, ErrorCode::kOutOfRange, "organ_toxicity.transaminases");
  EXPECT_EQ(Validate(a)[0].rule, "CTCAE-5.0");
}

TEST(Validate, RefractoryHypotensionNeedsVasopressors) {
  Assessment a;
  a.legacy.hypotension_refractory = true;
  EXPECT_TRUE(Validate(a).empty());  // vasopressors not recorded: nothing contradicts
  a.vasopressors = VasopressorSet{};
  ExpectSingleError(a, ErrorCode::kContradictory, "hypotension_refractory");
  a.vasopressors.reset();
  a.hypotension = false;
  ExpectSingleError(a, ErrorCode::kContradictory, "hypotension_refractory");
  a.legacy.hypotension_refractory = false;
  EXPECT_TRUE(Validate(a).empty());
}

TEST(CheckPlausible, AcceptsTheInclusiveLimitsAndNothingOutside) {
  EXPECT_FALSE(CheckPlausible("temperature", 13.7, kTemperatureCelsiusLimits, "13.7"));
  EXPECT_FALSE(CheckPlausible("temperature", 46.5, kTemperatureCelsiusLimits, "46.5"));
  EXPECT_TRUE(CheckPlausible("weight_kg", 0.0, kBodyWeightKgLimits, "0"));  // excluded minimum
  EXPECT_FALSE(CheckPlausible("weight_kg", 350.0, kBodyWeightKgLimits, "350"));
  EXPECT_TRUE(CheckPlausible("weight_kg", 350.5, kBodyWeightKgLimits, "350.5"));
  EXPECT_TRUE(CheckPlausible("age_years", std::numeric_limits<double>::quiet_NaN(), kAgeYearsLimits,
                             "nan"));
}

TEST(CheckPlausible, WordsEveryRefusalTheSameWay) {
  const std::optional<Error> weight = CheckPlausible("weight_kg", 700, kBodyWeightKgLimits, "700");
  ASSERT_TRUE(weight);
  EXPECT_EQ(weight->code, ErrorCode::kImplausibleValue);
  EXPECT_EQ(weight->field, "weight_kg");
  EXPECT_EQ(weight->value, "700");
  EXPECT_EQ(weight->rule, "cartwatch-policy");
  EXPECT_EQ(weight->message,
            "weight_kg 700 kg is implausible: not a body weight (grams or pounds sent as kg?); "
            "accepted above 0 and at most 350 kg (check the unit)");
  // The source of the limit crossed: Gilbert 2000 below, the 1980 heat stroke case above.
  const std::optional<Error> cold = CheckPlausible("temperature", 13.6, kTemperatureCelsiusLimits,
                                                   "56.5", "56.5 [degF] (13.6 degC)");
  ASSERT_TRUE(cold);
  EXPECT_EQ(cold->value, "56.5");
  EXPECT_EQ(cold->rule, Describe(SourceId::kGilbert2000).key);
  EXPECT_EQ(
      cold->message,
      "temperature 56.5 [degF] (13.6 degC) is implausible: outside the lowest (13.7 degC) and "
      "highest (46.5 degC) core temperatures ever survived; accepted from 13.7 to 46.5 degC "
      "(check the unit)");
  EXPECT_EQ(CheckPlausible("temperature", 50, kTemperatureCelsiusLimits, "50")->rule,
            Describe(SourceId::kHeatStroke1980).key);
}

TEST(CheckPlausible, RangeTextSaysWhetherTheMinimumIsAccepted) {
  EXPECT_EQ(PlausibleRangeText(kTemperatureCelsiusLimits), "from 13.7 to 46.5 degC");
  EXPECT_EQ(PlausibleRangeText(kOxygenFlowLitresPerMinuteLimits), "above 0 and at most 80 L/min");
}

TEST(Rfc3339, AcceptsDateTimesWithOffsets) {
  for (const char* text :
       {"2026-03-01T08:00:00Z", "2026-03-01T08:00:00.123Z", "2026-03-01T08:00:00+05:30",
        "2024-02-29T23:59:60-00:00", "2026-03-01t08:00:00z"}) {
    EXPECT_TRUE(IsRfc3339DateTime(text)) << text;
  }
}

TEST(Rfc3339, RejectsEverythingElse) {
  for (const char* text :
       {"2026-03-01", "2026-03-01T08:00:00", "2026-03-01 08:00:00Z", "2026-13-01T08:00:00Z",
        "2025-02-29T08:00:00Z", "2026-03-01T24:00:00Z", "2026-03-01T08:00Z",
        "2026-03-01T08:00:00.Z", "2026-03-01T08:00:00+0530", "2026-03-01T08:00:00Zjunk", ""}) {
    EXPECT_FALSE(IsRfc3339DateTime(text)) << text;
  }
}

}  // namespace
}  // namespace cartwatch::core
