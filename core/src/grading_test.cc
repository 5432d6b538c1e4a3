// Unit tests of the grading mechanics: bounds, drivers, flags. The clinical table cells are
// covered row by row by the case files in tests/clinical/.
#include "cartwatch/core/grading.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "cartwatch/core/vocabulary.h"

namespace cartwatch::core {
namespace {

bool HasDriver(const SyndromeGrading& g, std::string_view id) {
  auto drivers = g.drivers();
  return std::any_of(drivers.begin(), drivers.end(),
                     [id](const RuleInfo* rule) { return rule->id == id; });
}

Assessment CompleteAdult() {
  Assessment a;
  a.age_years = 54;
  a.temperature_celsius = 37.0;
  a.fever_masked = false;
  a.hypotension = false;
  a.vasopressors = VasopressorSet{};
  a.oxygen = OxygenSupport{OxygenDevice::kRoomAir, std::nullopt, std::nullopt, std::nullopt};
  a.neuro.ice_total = 10;
  a.neuro.consciousness = Consciousness::kAlert;
  a.neuro.seizure = Seizure::kNone;
  a.neuro.motor = MotorFinding::kNone;
  a.neuro.icp = IcpFindingSet{};
  return a;
}

TEST(Grading, CompleteNormalAssessmentIsGradeZeroAndExact) {
  const Grading g = GradeAstct2019(CompleteAdult());
  EXPECT_TRUE(g.crs.assessed);
  EXPECT_EQ(g.crs.grade, 0);
  EXPECT_FALSE(g.crs.lower_bound());
  EXPECT_TRUE(g.crs.missing.Empty());
  EXPECT_EQ(g.icans.grade, 0);
  EXPECT_FALSE(g.icans.lower_bound());
  EXPECT_EQ(g.icans.ice_score, 10);
  EXPECT_EQ(g.icans.tool, EncephalopathyTool::kIce);
}

TEST(Grading, PaperWorkedExampleCrsGradeThree) {
  // ASTCT 2019: 39.5 degC, hypotension on one vasopressor, hypoxia on low-flow cannula -> 3.
  Assessment a = CompleteAdult();
  a.temperature_celsius = 39.5;
  a.hypotension = true;
  a.vasopressors = VasopressorSet{Vasopressor::kNorepinephrine};
  a.oxygen = OxygenSupport{OxygenDevice::kNasalCannula, 2.0, OxygenReason::kCrs, std::nullopt};
  const CrsGrading g = GradeCrsAstct2019(a);
  EXPECT_EQ(g.grade, 3);
  EXPECT_TRUE(HasDriver(g, "ASTCT2019.CRS.FEVER"));
  EXPECT_TRUE(HasDriver(g, "ASTCT2019.CRS.HYPOTENSION.ONE_VASOPRESSOR"));
  EXPECT_TRUE(HasDriver(g, "ASTCT2019.CRS.HYPOXIA.LOW_FLOW"));
  EXPECT_EQ(g.driver_count, 3);
}

TEST(Grading, MissingOxygenMakesTheGradeALowerBound) {
  Assessment a = CompleteAdult();
  a.temperature_celsius = 38.4;
  a.oxygen.reset();
  const CrsGrading g = GradeCrsAstct2019(a);
  EXPECT_EQ(g.grade, 1);
  EXPECT_EQ(g.max_possible_grade, 4);
  EXPECT_TRUE(g.lower_bound());
  EXPECT_TRUE(g.missing.Contains(InputId::kOxygen));
  EXPECT_EQ(g.missing.Count(), 1);
}

TEST(Grading, ProvenFeverMakesFeverMaskedIrrelevant) {
  Assessment a = CompleteAdult();
  a.temperature_celsius = 39.0;
  a.fever_masked.reset();
  const CrsGrading g = GradeCrsAstct2019(a);
  EXPECT_FALSE(g.missing.Contains(InputId::kFeverMasked));
  EXPECT_FALSE(g.lower_bound());
}

TEST(Grading, UnknownTherapyStatusCanHideCrsInAnAfebrilePatient) {
  Assessment a = CompleteAdult();
  a.fever_masked.reset();
  a.hypotension = true;
  const CrsGrading g = GradeCrsAstct2019(a);
  EXPECT_EQ(g.grade, 0);
  EXPECT_EQ(g.max_possible_grade, 2);
  EXPECT_TRUE(g.missing.Contains(InputId::kFeverMasked));
  EXPECT_TRUE(g.flags.Contains(FlagId::kNoFeverLookForOtherCause));
}

TEST(Grading, NothingRecordedIsNotAssessed) {
  const Grading g = GradeAstct2019(Assessment{});
  EXPECT_FALSE(g.crs.assessed);
  EXPECT_FALSE(g.icans.assessed);
  EXPECT_EQ(g.crs.grade, 0);
  EXPECT_EQ(g.icans.grade, 0);
}

TEST(Grading, DeathIsGradeFiveForEachSyndromeOnItsOwn) {
  Assessment a = CompleteAdult();
  a.crs_death = true;
  Grading g = GradeAstct2019(a);
  EXPECT_EQ(g.crs.grade, 5);
  EXPECT_EQ(g.icans.grade, 0);
  a.crs_death = false;
  a.icans_death = true;
  g = GradeAstct2019(a);
  EXPECT_EQ(g.crs.grade, 0);
  EXPECT_EQ(g.icans.grade, 5);
  EXPECT_TRUE(HasDriver(g.icans, "ASTCT2019.ICANS.DEATH"));
}

TEST(Grading, PartialIceGivesARange) {
  Assessment a = CompleteAdult();
  a.neuro.ice_total.reset();
  a.neuro.ice_items = IceItems{4, 2, 1, std::nullopt, 0};  // 7 recorded, writing unknown
  const IcansGrading g = GradeIcansAstct2019(a);
  EXPECT_FALSE(g.ice_score);
  EXPECT_EQ(g.ice_min, 7);
  EXPECT_EQ(g.ice_max, 8);
  EXPECT_EQ(g.grade, 1);
  EXPECT_EQ(g.max_possible_grade, 1);
  EXPECT_TRUE(g.missing.Contains(InputId::kIceWriting));
  EXPECT_FALSE(g.lower_bound());  // both 7 and 8 are grade 1

  a.neuro.ice_items = IceItems{4, 2, 1, std::nullopt, std::nullopt};  // 7 to 9
  EXPECT_EQ(GradeIcansAstct2019(a).grade, 1);
  a.neuro.ice_items = IceItems{2, 2, 1, std::nullopt, std::nullopt};  // 5 to 7
  const IcansGrading partial = GradeIcansAstct2019(a);
  EXPECT_EQ(partial.grade, 1);
  EXPECT_EQ(partial.max_possible_grade, 2);
  EXPECT_TRUE(partial.lower_bound());
}

TEST(Grading, UnarousablePatientNeedsNoIce) {
  Assessment a = CompleteAdult();
  a.neuro.ice_total.reset();
  a.neuro.consciousness = Consciousness::kUnarousable;
  const IcansGrading g = GradeIcansAstct2019(a);
  EXPECT_EQ(g.grade, 4);
  EXPECT_FALSE(g.missing.Contains(InputId::kIce));
  EXPECT_FALSE(g.lower_bound());
}

TEST(Grading, AgeDecidesTheEncephalopathyTool) {
  Assessment a = CompleteAdult();
  a.neuro.ice_total.reset();
  a.neuro.capd_total = 9;
  a.age_years = 11.9;
  IcansGrading g = GradeIcansAstct2019(a);
  EXPECT_EQ(g.tool, EncephalopathyTool::kCapd);
  EXPECT_EQ(g.grade, 3);
  a.age_years = 12.0;
  g = GradeIcansAstct2019(a);
  EXPECT_EQ(g.tool, EncephalopathyTool::kIce);
  EXPECT_TRUE(g.flags.Contains(FlagId::kCapdNotApplicable) || g.missing.Contains(InputId::kIce));
  EXPECT_EQ(g.grade, 0);
  EXPECT_TRUE(g.lower_bound());
  a.neuro.developmental_delay = true;
  EXPECT_EQ(GradeIcansAstct2019(a).tool, EncephalopathyTool::kCapd);
}

TEST(Grading, AgeTwelveFlagsDisagreementBetweenIceAndCapd) {
  Assessment a = CompleteAdult();
  a.age_years = 12.4;
  a.neuro.ice_total = 10;
  a.neuro.capd_total = 12;
  IcansGrading g = GradeIcansAstct2019(a);
  EXPECT_EQ(g.grade, 0);  // ASTCT: ICE from age 12
  EXPECT_TRUE(g.flags.Contains(FlagId::kAgeTwelveIceCapdDisagree));
  a.neuro.capd_total = 0;
  EXPECT_FALSE(GradeIcansAstct2019(a).flags.Contains(FlagId::kAgeTwelveIceCapdDisagree));
}

// ---- The reading the CRS rules decided on (CrsGrading::reading) ---------------------------------

TEST(CrsReading, HfncAtFourLitresIsReadAsLowFlow) {
  // CRS grading table footnote: low flow is <= 6 L/min; an HFNC at 4 L/min is graded by its flow.
  Assessment a = CompleteAdult();
  a.temperature_celsius = 38.5;
  a.oxygen =
      OxygenSupport{OxygenDevice::kHighFlowNasalCannula, 4.0, OxygenReason::kCrs, std::nullopt};
  const CrsGrading g = GradeCrsAstct2019(a);
  EXPECT_EQ(g.grade, 2);
  EXPECT_TRUE(HasDriver(g, "ASTCT2019.CRS.HYPOXIA.LOW_FLOW"));
  EXPECT_TRUE(g.flags.Contains(FlagId::kHfncAtLowFlow));
  EXPECT_EQ(g.reading.oxygen, OxygenTier::kLowFlow);
  EXPECT_FALSE(g.reading.oxygen_not_for_crs);
  EXPECT_EQ(TermOf(g.reading.oxygen).code, "low_flow");
  EXPECT_EQ(TermOf(g.reading.oxygen).display, "low flow");

  a.oxygen->flow_l_per_min = 6.1;
  EXPECT_EQ(GradeCrsAstct2019(a).reading.oxygen, OxygenTier::kHighFlow);
}

TEST(CrsReading, OxygenTiersFollowTheDeviceTable) {
  Assessment a = CompleteAdult();
  EXPECT_EQ(GradeCrsAstct2019(a).reading.oxygen, OxygenTier::kRoomAir);
  a.oxygen = OxygenSupport{OxygenDevice::kNasalCannula, 6.0, std::nullopt, std::nullopt};
  EXPECT_EQ(GradeCrsAstct2019(a).reading.oxygen, OxygenTier::kLowFlow);
  a.oxygen = OxygenSupport{OxygenDevice::kBlowBy, 10.0, std::nullopt, std::nullopt};
  EXPECT_EQ(GradeCrsAstct2019(a).reading.oxygen, OxygenTier::kLowFlow);
  a.oxygen = OxygenSupport{OxygenDevice::kFacemask, 5.0, std::nullopt, std::nullopt};
  EXPECT_EQ(GradeCrsAstct2019(a).reading.oxygen, OxygenTier::kHighFlow);
  a.oxygen = OxygenSupport{OxygenDevice::kCpap, std::nullopt, OxygenReason::kCrs, std::nullopt};
  EXPECT_EQ(GradeCrsAstct2019(a).reading.oxygen, OxygenTier::kPositivePressure);
  a.oxygen.reset();
  EXPECT_EQ(GradeCrsAstct2019(a).reading.oxygen, OxygenTier::kNotRecorded);
}

TEST(CrsReading, OxygenForAnotherCauseKeepsItsTierButIsNotCrsHypoxia) {
  Assessment a = CompleteAdult();
  a.temperature_celsius = 38.5;
  a.oxygen = OxygenSupport{OxygenDevice::kMechanicalVentilation, std::nullopt,
                           OxygenReason::kAirwayProtection, std::nullopt};
  const CrsGrading g = GradeCrsAstct2019(a);
  EXPECT_EQ(g.grade, 1);
  EXPECT_EQ(g.reading.oxygen, OxygenTier::kPositivePressure);
  EXPECT_TRUE(g.reading.oxygen_not_for_crs);
  EXPECT_FALSE(g.reading.HypoxiaAt(OxygenTier::kPositivePressure));
  EXPECT_TRUE(g.flags.Contains(FlagId::kOxygenNotForCrs));
}

TEST(CrsReading, VasopressorsAreCountedWithoutVasopressin) {
  Assessment a = CompleteAdult();
  a.temperature_celsius = 38.5;
  a.vasopressors = VasopressorSet{Vasopressor::kVasopressin};
  CrsGrading g = GradeCrsAstct2019(a);
  EXPECT_EQ(g.reading.vasopressors_excluding_vasopressin, 0);
  EXPECT_TRUE(g.reading.vasopressin);
  EXPECT_TRUE(g.reading.VasopressinOnly());
  EXPECT_TRUE(g.reading.hypotension);  // implied by the running vasopressor
  EXPECT_TRUE(g.flags.Contains(FlagId::kVasopressinOnly));
  a.vasopressors = VasopressorSet{Vasopressor::kNorepinephrine, Vasopressor::kVasopressin,
                                  Vasopressor::kEpinephrine};
  g = GradeCrsAstct2019(a);
  EXPECT_EQ(g.reading.vasopressors_excluding_vasopressin, 2);
  EXPECT_FALSE(g.reading.VasopressinOnly());
  EXPECT_EQ(g.grade, 4);
}

TEST(CrsReading, FeverAsGraded) {
  Assessment a = CompleteAdult();
  EXPECT_EQ(GradeCrsAstct2019(a).reading.fever, FeverReading::kAbsent);
  a.temperature_celsius = kFeverThresholdCelsius;  // inclusive
  EXPECT_EQ(GradeCrsAstct2019(a).reading.fever, FeverReading::kFever);
  EXPECT_TRUE(GradeCrsAstct2019(a).reading.FeverCounted());
  a.fever_other_cause = true;
  EXPECT_EQ(GradeCrsAstct2019(a).reading.fever, FeverReading::kOtherCause);
  EXPECT_EQ(TermOf(FeverReading::kOtherCause).code, "other_cause");
  a.fever_other_cause.reset();
  a.temperature_celsius.reset();
  EXPECT_EQ(GradeCrsAstct2019(a).reading.fever, FeverReading::kNotRecorded);

  // Masked: afebrile after therapy, graded on hypotension without fever (footnote).
  a.temperature_celsius = 37.0;
  a.fever_masked = true;
  a.hypotension = true;
  const CrsGrading g = GradeCrsAstct2019(a);
  EXPECT_TRUE(g.reading.fever_masked);
  EXPECT_TRUE(g.reading.GradedWithoutFever());
  EXPECT_TRUE(HasDriver(g, "ASTCT2019.CRS.FEVER_MASKED"));
  EXPECT_EQ(g.grade, 2);
}

TEST(Grading, CapdCutOffIsOneConstant) {
  // ASTCT 2019 paediatric ICANS table: CAPD 1-8 grade 1-2, CAPD >= 9 grade 3.
  Assessment a = CompleteAdult();
  a.age_years = 6;
  a.neuro.ice_total.reset();
  a.neuro.capd_total = kCapdGrade3MinScore - 1;
  a.neuro.consciousness = Consciousness::kAwakensSpontaneously;
  EXPECT_EQ(GradeIcansAstct2019(a).grade, 1);
  a.neuro.capd_total = kCapdGrade3MinScore;
  EXPECT_EQ(GradeIcansAstct2019(a).grade, 3);
  EXPECT_EQ(kCapdGrade3MinScore, 9);
}

}  // namespace
}  // namespace cartwatch::core
