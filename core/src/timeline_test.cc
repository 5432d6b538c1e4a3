#include "cartwatch/core/timeline.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>

namespace cartwatch::core {
namespace {

constexpr UnixSeconds kInfusionTime = 1772352000;  // 2026-03-01T08:00:00Z, day 0 hour 0

UnixSeconds Hour(double hours) {
  return kInfusionTime + static_cast<UnixSeconds>(std::llround(hours * kSecondsPerHour));
}

// One entry, built finding by finding.
class At {
 public:
  explicit At(double hours) { entry_.time = Hour(hours); }
  At& Line(std::uint64_t line) { return entry_.line = line, *this; }
  At& Age(double years) { return entry_.findings.age_years = years, *this; }
  At& Temp(double celsius) { return entry_.findings.temperature_celsius = celsius, *this; }
  At& Hypotension(bool value) { return entry_.findings.hypotension = value, *this; }
  At& FeverMasked(bool value) { return entry_.findings.fever_masked = value, *this; }
  At& Systolic(double mmhg) { return entry_.blood_pressure.systolic_mmhg = mmhg, *this; }
  At& Mean(double mmhg) { return entry_.blood_pressure.mean_mmhg = mmhg, *this; }
  At& Pressor(Vasopressor agent, bool running = true, std::optional<double> dose = {}) {
    entry_.vasopressor_running[Index(agent)] = running;
    entry_.findings.legacy.vasopressor_doses[Index(agent)].dose = dose;
    return *this;
  }
  At& PressorHours(Vasopressor agent, double hours) {
    entry_.vasopressor_running[Index(agent)] = true;
    entry_.findings.legacy.vasopressor_doses[Index(agent)].hours_running = hours;
    return *this;
  }
  At& RoomAir() { return entry_.findings.oxygen = OxygenSupport{}, *this; }
  At& Cannula(double litres) {
    OxygenSupport oxygen;
    oxygen.device = OxygenDevice::kNasalCannula;
    oxygen.flow_l_per_min = litres;
    entry_.findings.oxygen = oxygen;
    return *this;
  }
  At& Ice(int total) { return entry_.findings.neuro.ice_total = total, *this; }
  At& Consciousness(core::Consciousness level) {
    return entry_.findings.neuro.consciousness = level, *this;
  }
  At& Motor(MotorFinding motor) { return entry_.findings.neuro.motor = motor, *this; }
  At& Creatinine(int grade) {
    return entry_.findings.legacy.organ_toxicity.creatinine = grade, *this;
  }
  At& Boluses(int count) { return entry_.findings.legacy.fluid_boluses = count, *this; }
  At& Give(Drug drug, std::optional<double> dose_mg = {}) {
    entry_.treatments.push_back({TreatmentKind::kDrug, drug, dose_mg});
    return *this;
  }
  At& Bolus() {
    entry_.treatments.push_back({TreatmentKind::kFluidBolus, Drug::kTocilizumab, 500.0});
    return *this;
  }
  operator const TimelineEntry&() const { return entry_; }  // NOLINT(google-explicit-constructor)

 private:
  static std::size_t Index(Vasopressor agent) { return static_cast<std::size_t>(agent); }
  TimelineEntry entry_;
};

class TimelineTest : public ::testing::Test {
 protected:
  explicit TimelineTest(TimelineOptions options = {}) : timeline_("P1", std::move(options)) {
    timeline_.SetInfusion({Product::kAxiCel, kInfusionTime});
  }

  // Adds an entry that must be accepted and graded.
  AssessmentPoint Point(const TimelineEntry& entry) {
    auto result = timeline_.Add(entry);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
    if (!result.ok() || !result.value()) {
      ADD_FAILURE() << "no point";
      return {};
    }
    return *result.value();
  }

  PatientTimeline timeline_;
};

// ---- Entries, order and validation -------------------------------------------------------------

TEST(TimelineEntry, HasFindingsIsFalseForTreatmentsOnly) {
  TimelineEntry entry;
  entry.treatments.push_back({TreatmentKind::kDrug, Drug::kTocilizumab, 560.0});
  EXPECT_FALSE(entry.HasFindings());
  entry.blood_pressure.systolic_mmhg = 110;
  EXPECT_TRUE(entry.HasFindings());
  TimelineEntry stop;
  stop.vasopressor_running[0] = false;
  EXPECT_TRUE(stop.HasFindings());
}

TEST_F(TimelineTest, TreatmentOnlyEntryGivesNoPoint) {
  auto result = timeline_.Add(At(1).Give(Drug::kParacetamol, 1000));
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result.value().has_value());
  EXPECT_EQ(timeline_.summary().drugs[static_cast<std::size_t>(Drug::kParacetamol)].doses, 1);
}

TEST_F(TimelineTest, EqualOrEarlierTimeIsRefusedNamingBothLines) {
  Point(At(2).Line(10).Temp(37.0));
  auto same = timeline_.Add(At(2).Line(12).Temp(37.2));
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.error().code, ErrorCode::kOutOfOrder);
  EXPECT_EQ(same.error().field, "time");
  EXPECT_NE(same.error().message.find("line 12"), std::string::npos) << same.error().message;
  EXPECT_NE(same.error().message.find("line 10"), std::string::npos) << same.error().message;
  // The course is spoiled: a later, well-ordered entry is refused with the same error.
  auto later = timeline_.Add(At(3).Temp(37.0));
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.error().code, ErrorCode::kOutOfOrder);
}

TEST_F(TimelineTest, EarlierTimeIsRefused) {
  Point(At(5).Temp(37.0));
  auto earlier = timeline_.Add(At(4).Temp(37.0));
  ASSERT_FALSE(earlier.ok());
  EXPECT_EQ(earlier.error().code, ErrorCode::kOutOfOrder);
}

TEST_F(TimelineTest, InvalidEffectiveAssessmentIsRefusedWithItsLine) {
  auto result = timeline_.Add(At(1).Line(7).Ice(8));  // ICE needs age
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kMissingRequired);
  EXPECT_EQ(result.error().field, "age_years");
  EXPECT_NE(result.error().message.find("line 7"), std::string::npos);
}

TEST_F(TimelineTest, AgeRecordedOnceHoldsForTheWholeCourse) {
  Point(At(-24).Age(54));
  const AssessmentPoint point = Point(At(200).Ice(8));  // ICE needs the age: it holds
  EXPECT_EQ(point.effective.age_years, 54.0);
  EXPECT_EQ(point.astct.icans.grade, 1);
}

TEST_F(TimelineTest, CarriedFindingThatContradictsIsNamedInTheError) {
  Point(At(0).Temp(38.5).Pressor(Vasopressor::kNorepinephrine));
  // Recorded "no hypotension" while norepinephrine is still running (carried): refused.
  auto result = timeline_.Add(At(2).Line(9).Hypotension(false));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kContradictory);
  EXPECT_NE(result.error().message.find("vasopressors"), std::string::npos)
      << result.error().message;
}

TEST_F(TimelineTest, AddAfterFinishIsRefused) {
  Point(At(1).Temp(37.0));
  timeline_.Finish();
  auto result = timeline_.Add(At(2).Temp(37.0));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInternal);
}

// ---- Carry-forward -----------------------------------------------------------------------------

TEST_F(TimelineTest, TemperatureHoldsWithinItsLimitIncludingExactlyAtIt) {
  Point(At(0).Temp(38.4));
  AssessmentPoint within = Point(At(7).RoomAir());
  EXPECT_EQ(within.effective.temperature_celsius, 38.4);
  EXPECT_TRUE(within.carried.Contains(CarriedFinding::kTemperature));
  AssessmentPoint at_limit = Point(At(8).RoomAir());
  EXPECT_EQ(at_limit.effective.temperature_celsius, 38.4);
  AssessmentPoint beyond = Point(At(8.0 + 1.0 / 3600).RoomAir());
  EXPECT_FALSE(beyond.effective.temperature_celsius);
  EXPECT_FALSE(beyond.carried.Contains(CarriedFinding::kTemperature));
  EXPECT_TRUE(beyond.astct.crs.missing.Contains(InputId::kTemperature));
}

TEST_F(TimelineTest, RecordedNowIsNotCarried) {
  Point(At(0).Temp(38.4));
  AssessmentPoint point = Point(At(2).Temp(37.1));
  EXPECT_EQ(point.effective.temperature_celsius, 37.1);
  EXPECT_FALSE(point.carried.Contains(CarriedFinding::kTemperature));
}

TEST_F(TimelineTest, OxygenHoldsTwelveHours) {
  Point(At(0).Temp(38.5).Cannula(3));
  EXPECT_TRUE(Point(At(12).Temp(38.5)).effective.oxygen);
  EXPECT_FALSE(Point(At(12.5).Temp(38.5)).effective.oxygen);
}

TEST_F(TimelineTest, NeuroFindingsAndLegacyHoldTwentyFourHours) {
  Point(At(0).Age(50).Motor(MotorFinding::kNone).Creatinine(2));
  AssessmentPoint at_limit = Point(At(24).Temp(37.0));
  EXPECT_EQ(at_limit.effective.neuro.motor, MotorFinding::kNone);
  EXPECT_EQ(at_limit.effective.legacy.organ_toxicity.creatinine, 2);
  EXPECT_TRUE(at_limit.carried.Contains(CarriedFinding::kNeuroFindings));
  EXPECT_TRUE(at_limit.carried.Contains(CarriedFinding::kLegacy));
  AssessmentPoint beyond = Point(At(25).Temp(37.0));
  EXPECT_FALSE(beyond.effective.neuro.motor);
  EXPECT_FALSE(beyond.effective.legacy.organ_toxicity.creatinine);
}

TEST_F(TimelineTest, DeathIsNeverCarried) {
  TimelineEntry entry = At(1).Temp(38.5);
  entry.findings.crs_death = false;
  Point(entry);
  EXPECT_FALSE(Point(At(2).Temp(38.5)).effective.crs_death);
}

TEST(TimelineCarry, LimitsAreConfigurable) {
  TimelineOptions options;
  options.carry.hours[static_cast<std::size_t>(CarriedFinding::kTemperature)] = 2.0;
  PatientTimeline timeline("P", options);
  ASSERT_TRUE(timeline.Add(At(0).Temp(38.5)).ok());
  auto point = timeline.Add(At(3).RoomAir());
  ASSERT_TRUE(point.ok() && point.value());
  EXPECT_FALSE(point.value()->effective.temperature_celsius);
}

TEST_F(TimelineTest, UnarousableRecordedNowDropsACarriedIceScore) {
  Point(At(0).Age(50).Ice(9));
  AssessmentPoint point = Point(At(2).Consciousness(Consciousness::kUnarousable));
  EXPECT_FALSE(point.effective.neuro.ice_total);
  EXPECT_EQ(point.astct.icans.grade, 4);
}

// Both carried: the later record still wins (the older score is stale).
TEST_F(TimelineTest, CarriedUnarousableStillDropsAnOlderCarriedScore) {
  Point(At(0).Age(50).Ice(9));
  Point(At(2).Consciousness(Consciousness::kUnarousable));
  AssessmentPoint point = Point(At(3).Temp(37.0));
  EXPECT_FALSE(point.effective.neuro.ice_total);
  EXPECT_EQ(point.effective.neuro.consciousness, Consciousness::kUnarousable);
  EXPECT_EQ(point.astct.icans.grade, 4);
}

TEST_F(TimelineTest, ALaterCarriedScoreDropsAnOlderCarriedUnarousable) {
  Point(At(0).Age(50).Consciousness(Consciousness::kUnarousable));
  Point(At(2).Ice(6));
  AssessmentPoint point = Point(At(3).Temp(37.0));
  EXPECT_EQ(point.effective.neuro.ice_total, 6);
  EXPECT_FALSE(point.effective.neuro.consciousness);
  EXPECT_EQ(point.astct.icans.grade, 2);
}

TEST_F(TimelineTest, IceTotalRecordedNowReplacesCarriedItems) {
  TimelineEntry items = At(0).Age(50);
  items.findings.neuro.ice_items = IceItems{4, 3, 1, 1, 1};
  Point(items);
  AssessmentPoint point = Point(At(2).Ice(5));  // would contradict the carried items
  EXPECT_EQ(point.effective.neuro.ice_total, 5);
  EXPECT_FALSE(point.effective.neuro.ice_items);
}

// ---- Vasopressors ------------------------------------------------------------------------------

TEST_F(TimelineTest, RunningVasopressorHoldsAndCountsItsHours) {
  Point(At(0).Temp(38.6).Pressor(Vasopressor::kNorepinephrine, true, 10.0));
  AssessmentPoint point = Point(At(4).Temp(38.2));
  ASSERT_TRUE(point.effective.vasopressors);
  EXPECT_TRUE(point.effective.vasopressors->Contains(Vasopressor::kNorepinephrine));
  EXPECT_TRUE(point.carried.Contains(CarriedFinding::kVasopressors));
  const VasopressorDose& dose = point.effective.legacy.vasopressor_doses[0];
  EXPECT_EQ(dose.dose, 10.0);
  EXPECT_EQ(dose.hours_running, 4.0);
  EXPECT_EQ(point.astct.crs.grade, 3);
}

TEST_F(TimelineTest, RunHoursGoOnAcrossRecordsAndMayBeGiven) {
  Point(At(0).Temp(38.6).PressorHours(Vasopressor::kNorepinephrine, 2.0));  // started at -2 h
  Point(At(6).Temp(38.6).Pressor(Vasopressor::kNorepinephrine));
  AssessmentPoint point = Point(At(10).Temp(38.6));
  EXPECT_EQ(point.effective.legacy.vasopressor_doses[0].hours_running, 12.0);
}

TEST_F(TimelineTest, StoppedVasopressorLeavesTheSet) {
  Point(At(0).Temp(38.6).Pressor(Vasopressor::kNorepinephrine).Pressor(Vasopressor::kVasopressin));
  AssessmentPoint point = Point(At(2).Temp(38.6).Pressor(Vasopressor::kNorepinephrine, false));
  ASSERT_TRUE(point.effective.vasopressors);
  EXPECT_FALSE(point.effective.vasopressors->Contains(Vasopressor::kNorepinephrine));
  EXPECT_TRUE(point.effective.vasopressors->Contains(Vasopressor::kVasopressin));
  AssessmentPoint none = Point(At(3).Temp(38.6).Pressor(Vasopressor::kVasopressin, false));
  ASSERT_TRUE(none.effective.vasopressors);  // known: none running
  EXPECT_TRUE(none.effective.vasopressors->Empty());
  EXPECT_FALSE(none.effective.legacy.vasopressor_doses[0].hours_running);
}

TEST_F(TimelineTest, VasopressorNotRecordedBeyondItsLimitIsMissing) {
  Point(At(0).Temp(38.6).Pressor(Vasopressor::kNorepinephrine));
  EXPECT_TRUE(Point(At(12).Temp(38.6)).effective.vasopressors);
  AssessmentPoint beyond = Point(At(13).Temp(38.6));
  EXPECT_FALSE(beyond.effective.vasopressors);
  EXPECT_TRUE(beyond.astct.crs.missing.Contains(InputId::kVasopressors));
  // Recorded running again: a new run, its hours counted from now.
  AssessmentPoint again = Point(At(14).Temp(38.6).Pressor(Vasopressor::kNorepinephrine));
  EXPECT_EQ(again.effective.legacy.vasopressor_doses[0].hours_running, 0.0);
}

TEST_F(TimelineTest, VasopressorListInFindingsIsAFullList) {
  TimelineEntry entry = At(0).Temp(38.6);
  entry.findings.vasopressors = VasopressorSet{Vasopressor::kPhenylephrine};
  AssessmentPoint point = Point(entry);
  EXPECT_EQ(point.effective.vasopressors, VasopressorSet{Vasopressor::kPhenylephrine});
  TimelineEntry none = At(1).Temp(38.6);
  none.findings.vasopressors = VasopressorSet{};
  EXPECT_TRUE(Point(none).effective.vasopressors->Empty());
}

// ---- Hypotension from vitals -------------------------------------------------------------------

TEST_F(TimelineTest, HypotensionIsDerivedFromBloodPressure) {
  AssessmentPoint low = Point(At(0).Age(60).Temp(38.5).Systolic(88).RoomAir());
  EXPECT_EQ(low.effective.hypotension, true);
  EXPECT_TRUE(low.hypotension_from_vitals);
  ASSERT_NE(low.hypotension_rule, nullptr);
  EXPECT_EQ(low.hypotension_rule->id, "CARTWATCH.HYPOTENSION.ADULT_SYSTOLIC");
  EXPECT_EQ(low.astct.crs.grade, 2);
  AssessmentPoint normal = Point(At(1).Temp(38.5).Systolic(90).Mean(70).RoomAir());
  EXPECT_EQ(normal.effective.hypotension, false);
  EXPECT_EQ(normal.astct.crs.grade, 1);
  EXPECT_FALSE(normal.astct.crs.lower_bound());
}

TEST_F(TimelineTest, ChildHypotensionUsesPalsBands) {
  AssessmentPoint point = Point(At(0).Age(4).Temp(38.5).Systolic(78).RoomAir());
  EXPECT_EQ(point.effective.hypotension, false);  // PALS at 4 years: below 78
  point = Point(At(1).Temp(38.5).Systolic(77).RoomAir());
  EXPECT_EQ(point.effective.hypotension, true);
  EXPECT_TRUE(point.hypotension_rule->unconfirmed);
}

TEST_F(TimelineTest, RecordedFlagWinsOverBloodPressure) {
  AssessmentPoint point = Point(At(0).Temp(38.5).Systolic(85).Hypotension(false).RoomAir());
  EXPECT_EQ(point.effective.hypotension, false);
  EXPECT_FALSE(point.hypotension_from_vitals);
}

TEST_F(TimelineTest, NormalPressureOnAVasopressorDerivesNothing) {
  AssessmentPoint point =
      Point(At(0).Temp(38.5).Systolic(110).Pressor(Vasopressor::kNorepinephrine).RoomAir());
  EXPECT_FALSE(point.effective.hypotension);
  EXPECT_FALSE(point.hypotension_from_vitals);
  EXPECT_EQ(point.astct.crs.grade, 3);
  EXPECT_FALSE(point.astct.crs.lower_bound());
}

TEST_F(TimelineTest, NewVasopressorOverridesACarriedNoHypotension) {
  Point(At(0).Temp(38.5).Hypotension(false).RoomAir());
  AssessmentPoint point = Point(At(2).Pressor(Vasopressor::kNorepinephrine));
  EXPECT_FALSE(point.effective.hypotension);
  EXPECT_EQ(point.astct.crs.grade, 3);
}

TEST_F(TimelineTest, BloodPressureIsCarriedWithItsGroup) {
  Point(At(0).Temp(38.5).Systolic(85).RoomAir());
  AssessmentPoint point = Point(At(3).Temp(38.5));
  EXPECT_EQ(point.blood_pressure.systolic_mmhg, 85.0);
  EXPECT_TRUE(point.carried.Contains(CarriedFinding::kBloodPressure));
  EXPECT_EQ(point.effective.hypotension, true);
}

// ---- Fever masking -----------------------------------------------------------------------------

TEST_F(TimelineTest, DrugGivenBeforeCrsDoesNotMaskFever) {
  Point(At(0).Temp(37.0).Hypotension(false).RoomAir().Give(Drug::kParacetamol));
  AssessmentPoint point = Point(At(4).Temp(37.0).Hypotension(true).RoomAir());
  EXPECT_EQ(point.effective.fever_masked, false);
  EXPECT_TRUE(point.fever_masked_derived);
  EXPECT_EQ(point.astct.crs.grade, 0);
  EXPECT_FALSE(point.astct.crs.missing.Contains(InputId::kFeverMasked));
}

TEST_F(TimelineTest, DrugDuringCrsMasksFeverUntilCrsResolves) {
  Point(At(0).Temp(38.8).Hypotension(false).RoomAir().Give(Drug::kTocilizumab, 560));
  AssessmentPoint masked = Point(At(4).Temp(37.0).Hypotension(true).RoomAir());
  EXPECT_EQ(masked.effective.fever_masked, true);
  EXPECT_TRUE(masked.fever_masked_derived);
  EXPECT_EQ(masked.astct.crs.grade, 2);
  // Resolved: afebrile, no hypotension, no oxygen. Masking holds through the merge window (24 h).
  EXPECT_EQ(Point(At(8).Temp(37.0).Hypotension(false).RoomAir()).astct.crs.grade, 0);
  EXPECT_EQ(Point(At(32).Temp(37.0).Hypotension(false).RoomAir()).effective.fever_masked, true);
  AssessmentPoint after = Point(At(33).Temp(37.0).Hypotension(true).RoomAir());
  EXPECT_EQ(after.effective.fever_masked, false);
  EXPECT_EQ(after.astct.crs.grade, 0);
}

TEST_F(TimelineTest, DrugAtTheOnsetMasksLaterAssessmentsOnly) {
  AssessmentPoint onset =
      Point(At(0).Temp(38.8).Hypotension(false).RoomAir().Give(Drug::kDexamethasone, 10));
  EXPECT_EQ(onset.effective.fever_masked, false);
  EXPECT_EQ(Point(At(2).Temp(37.0).Hypotension(true).RoomAir()).effective.fever_masked, true);
}

TEST_F(TimelineTest, LevetiracetamDoesNotMaskFever) {
  Point(At(0).Temp(38.8).Hypotension(false).RoomAir().Give(Drug::kLevetiracetam, 500));
  EXPECT_EQ(Point(At(2).Temp(37.0).Hypotension(true).RoomAir()).effective.fever_masked, false);
}

TEST_F(TimelineTest, RecordedFeverMaskedWinsOverDerived) {
  AssessmentPoint point = Point(At(0).Temp(37.0).FeverMasked(true).Hypotension(true).RoomAir());
  EXPECT_FALSE(point.fever_masked_derived);
  EXPECT_EQ(point.astct.crs.grade, 2);
}

TEST_F(TimelineTest, NeuroOnlyPointIsNotACrsAssessment) {
  Point(At(0).Age(50).Temp(38.8).Hypotension(false).RoomAir());
  AssessmentPoint point = Point(At(20).Ice(9));  // CRS findings expired
  EXPECT_FALSE(point.effective.fever_masked);
  EXPECT_FALSE(point.astct.crs.assessed);
  const PatientSummary summary = timeline_.Finish();
  ASSERT_EQ(summary.crs_episodes.size(), 1u);
  EXPECT_TRUE(summary.crs_episodes[0].ongoing);  // not resolved by the neuro-only point
}

// Each count takes the points after infusion where that syndrome was graded, carried findings
// included; baseline points and treatment-only entries are not points of the course.
TEST_F(TimelineTest, AssessmentCountsPerSyndrome) {
  Point(At(-20).Age(50).Temp(38.5).Ice(10));                   // baseline: counted apart
  EXPECT_FALSE(Point(At(0).Temp(37.0)).astct.icans.assessed);  // the ICE of -20 h expired
  AssessmentPoint neuro_only = Point(At(10).Ice(9));           // the temperature of 0 h expired
  EXPECT_FALSE(neuro_only.astct.crs.assessed);
  EXPECT_TRUE(neuro_only.astct.icans.assessed);
  AssessmentPoint both = Point(At(12).Temp(37.2));  // the ICE of 10 h is carried
  EXPECT_TRUE(both.astct.crs.assessed && both.astct.icans.assessed);
  ASSERT_TRUE(timeline_.Add(At(13).Give(Drug::kDexamethasone, 10)).ok());
  AssessmentPoint neither = Point(At(40).Creatinine(1));  // graded, but neither syndrome
  EXPECT_FALSE(neither.astct.crs.assessed || neither.astct.icans.assessed);
  const PatientSummary summary = timeline_.Finish();
  EXPECT_EQ(summary.assessments, 4u);
  EXPECT_EQ(summary.baseline_assessments, 1u);
  EXPECT_EQ(summary.crs_assessments, 2u);
  EXPECT_EQ(summary.icans_assessments, 2u);
}

// ---- Fluid boluses -----------------------------------------------------------------------------

TEST_F(TimelineTest, BolusesAreCountedOverTheLastDay) {
  Point(At(0).Temp(38.5).Hypotension(true).RoomAir().Bolus());
  Point(At(1).Temp(38.5).Bolus());
  EXPECT_EQ(Point(At(2).Temp(38.5)).effective.legacy.fluid_boluses, 2);
  EXPECT_EQ(Point(At(24).Temp(38.5)).effective.legacy.fluid_boluses, 2);  // 24 h: still in
  AssessmentPoint later = Point(At(24.5).Temp(38.5));
  EXPECT_EQ(later.effective.legacy.fluid_boluses, 1);
  EXPECT_TRUE(later.fluid_boluses_derived);
  EXPECT_EQ(Point(At(25.5).Temp(38.5)).effective.legacy.fluid_boluses, 0);
  AssessmentPoint recorded = Point(At(26).Temp(38.5).Boluses(3));
  EXPECT_EQ(recorded.effective.legacy.fluid_boluses, 3);
  EXPECT_FALSE(recorded.fluid_boluses_derived);
  EXPECT_EQ(timeline_.Finish().fluid_boluses, 2);
}

// ---- Infusion and baseline ---------------------------------------------------------------------

TEST(TimelineInfusion, BaselineBeforeTheInfusionIsGradedButNotSummarised) {
  PatientTimeline timeline("P", {});
  auto baseline = timeline.Add(At(-10).Temp(38.5).RoomAir());  // infusion not yet known
  ASSERT_TRUE(baseline.ok() && baseline.value());
  EXPECT_EQ(baseline.value()->astct.crs.grade, 1);
  EXPECT_FALSE(baseline.value()->hours_post_infusion);
  timeline.SetInfusion({Product::kAxiCel, kInfusionTime});
  timeline.SetInfusion({Product::kAxiCel, kInfusionTime});  // the same again: harmless
  auto early = timeline.Add(At(-1).Temp(37.0).RoomAir());
  ASSERT_TRUE(early.ok() && early.value());
  EXPECT_TRUE(early.value()->before_infusion);
  EXPECT_EQ(early.value()->hours_post_infusion, -1.0);
  ASSERT_TRUE(timeline.Add(At(0).Temp(37.0).RoomAir()).ok());
  const PatientSummary summary = timeline.Finish();
  EXPECT_EQ(summary.assessments, 1u);
  EXPECT_EQ(summary.baseline_assessments, 2u);
  EXPECT_TRUE(summary.crs_episodes.empty());
  EXPECT_EQ(summary.max_crs_grade[0], 0);
  EXPECT_EQ(summary.first_time, kInfusionTime);
}

TEST(TimelineInfusion, ADifferentSecondInfusionSpoilsTheTimeline) {
  PatientTimeline timeline("P", {});
  timeline.SetInfusion({Product::kAxiCel, kInfusionTime});
  timeline.SetInfusion({Product::kAxiCel, Hour(48)});
  auto result = timeline.Add(At(50).Temp(37.0));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kContradictory);
}

TEST(TimelineInfusion, WithoutInfusionEpisodesHaveNoDay) {
  PatientTimeline timeline("P", {});
  ASSERT_TRUE(timeline.Add(At(30).Temp(38.5).RoomAir()).ok());
  const PatientSummary summary = timeline.Finish();
  ASSERT_EQ(summary.crs_episodes.size(), 1u);
  EXPECT_FALSE(summary.crs_episodes[0].onset_day);
  EXPECT_EQ(summary.crs_grade_by_day, NoGradeByDay());
  EXPECT_EQ(summary.assessments, 1u);
}

TEST(TimelineInfusion, LongRecordBeforeALateInfusionIsBaseline) {
  PatientTimeline timeline("P", {});
  const std::size_t count = PatientTimeline::kMaxHeldBeforeInfusion + 10;
  for (std::size_t i = 0; i < count; ++i) {
    ASSERT_TRUE(timeline.Add(At(-1000.0 + static_cast<double>(i)).Temp(38.5).RoomAir()).ok());
  }
  timeline.SetInfusion({Product::kAxiCel, kInfusionTime});
  ASSERT_TRUE(timeline.Add(At(1).Temp(37.0).RoomAir()).ok());
  const PatientSummary summary = timeline.Finish();
  EXPECT_EQ(summary.baseline_assessments, count);
  EXPECT_EQ(summary.assessments, 1u);
  EXPECT_TRUE(summary.crs_episodes.empty());
}

TEST(TimelineInfusion, InfusionEarlierThanAFoldedRecordSpoilsTheTimeline) {
  PatientTimeline timeline("P", {});
  const std::size_t count = PatientTimeline::kMaxHeldBeforeInfusion + 10;
  for (std::size_t i = 0; i < count; ++i) {
    ASSERT_TRUE(timeline.Add(At(static_cast<double>(i)).Temp(37.0).RoomAir()).ok());
  }
  timeline.SetInfusion({Product::kAxiCel, kInfusionTime});
  auto result = timeline.Add(At(1000).Temp(37.0));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kOutOfOrder);
}

// ---- Summary -----------------------------------------------------------------------------------

TEST_F(TimelineTest, TimeInGradeHoldsEachGradeUntilTheNextUpToTheGap) {
  Point(At(0).Temp(38.5).Hypotension(false).RoomAir());   // grade 1
  Point(At(4).Temp(38.5).Hypotension(true).RoomAir());    // grade 2
  Point(At(40).Temp(37.0).Hypotension(false).RoomAir());  // grade 0, 36 h later
  const PatientSummary summary = timeline_.Finish();
  EXPECT_DOUBLE_EQ(summary.hours_in_crs_grade[1], 4.0);
  EXPECT_DOUBLE_EQ(summary.hours_in_crs_grade[2], 24.0);
  EXPECT_DOUBLE_EQ(summary.hours_unobserved, 12.0);
  EXPECT_DOUBLE_EQ(summary.hours_in_crs_grade[0], 0.0);  // the last grade is not extended
}

TEST_F(TimelineTest, GradeByDayIsTheHighestOfTheDay) {
  Point(At(1).Temp(38.5).Hypotension(false).RoomAir());   // day 0: 1
  Point(At(20).Temp(38.5).Hypotension(true).RoomAir());   // day 0: 2
  Point(At(50).Temp(37.0).Hypotension(false).RoomAir());  // day 2: 0
  const PatientSummary summary = timeline_.Finish();
  EXPECT_EQ(summary.crs_grade_by_day[0], 2);
  EXPECT_EQ(summary.crs_grade_by_day[1], -1);
  EXPECT_EQ(summary.crs_grade_by_day[2], 0);
  EXPECT_EQ(summary.icans_grade_by_day[0], -1);  // ICANS never assessed
}

TEST_F(TimelineTest, MaxGradeIsALowerBoundWhenAPointCouldHaveBeenHigher) {
  Point(At(1).Temp(38.5));  // oxygen and blood pressure missing: grade 1, up to 4
  const PatientSummary summary = timeline_.Finish();
  EXPECT_EQ(summary.max_crs_grade[0], 1);
  EXPECT_TRUE(summary.max_crs_lower_bound[0]);
  ASSERT_EQ(summary.crs_episodes.size(), 1u);
  EXPECT_TRUE(summary.crs_episodes[0].peak_lower_bound);
}

TEST_F(TimelineTest, DrugUseCountsDosesAndTheFirstTime) {
  ASSERT_TRUE(timeline_.Add(At(5).Give(Drug::kDexamethasone, 10)).ok());
  ASSERT_TRUE(timeline_.Add(At(11).Give(Drug::kDexamethasone, 10)).ok());
  const PatientSummary summary = timeline_.Finish();
  const DrugUse& use = summary.drugs[static_cast<std::size_t>(Drug::kDexamethasone)];
  EXPECT_EQ(use.doses, 2);
  EXPECT_EQ(use.first, Hour(5));
}

TEST(TimelineSystems, RequestedSystemsAreGradedAtEachPoint) {
  TimelineOptions options;
  options.systems = {GradingSystem::kAstct2019, GradingSystem::kLee2014};
  PatientTimeline timeline("P", options);
  timeline.SetInfusion({Product::kAxiCel, kInfusionTime});
  auto point = timeline.Add(At(1).Temp(38.5).Hypotension(false).RoomAir());
  ASSERT_TRUE(point.ok() && point.value());
  const auto& by_system = point.value()->crs_by_system;
  ASSERT_TRUE(by_system[static_cast<std::size_t>(GradingSystem::kAstct2019)]);
  EXPECT_EQ(by_system[static_cast<std::size_t>(GradingSystem::kAstct2019)]->grade, 1);
  EXPECT_TRUE(by_system[static_cast<std::size_t>(GradingSystem::kLee2014)]);
  EXPECT_FALSE(by_system[static_cast<std::size_t>(GradingSystem::kPenn)]);
  const PatientSummary summary = timeline.Finish();
  EXPECT_TRUE(summary.max_crs_grade[static_cast<std::size_t>(GradingSystem::kLee2014)]);
  EXPECT_FALSE(summary.max_crs_grade[static_cast<std::size_t>(GradingSystem::kPenn)]);
}

TEST(TimelineCopy, ACopyIsIndependent) {
  PatientTimeline original("P", {});
  ASSERT_TRUE(original.Add(At(1).Temp(38.5)).ok());
  PatientTimeline copy = original;
  ASSERT_TRUE(copy.Add(At(2).Temp(38.5)).ok());
  EXPECT_TRUE(original.Add(At(2).Temp(38.5)).ok());  // the copy's entry did not move it on
}

TEST(CarriedFindingCodes, EveryFindingHasACode) {
  for (int c = 0; c < kCarriedFindingCount; ++c) {
    EXPECT_FALSE(CodeOf(static_cast<CarriedFinding>(c)).empty());
  }
}

}  // namespace
}  // namespace cartwatch::core
