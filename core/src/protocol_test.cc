#include "cartwatch/core/protocol.h"

#include <gtest/gtest.h>

#include <set>

#include "cartwatch/core/vocabulary.h"
#include "protocol_test_support.h"

namespace cartwatch::core {
namespace {

using testing::MakeRange;
using testing::TestProtocol;

// Asserts exactly one invalid_protocol error on `field`.
void ExpectDefect(const Protocol& protocol, std::string_view field) {
  const std::vector<Error> errors = CheckProtocol(protocol);
  ASSERT_EQ(errors.size(), 1u) << (errors.empty() ? "no error"
                                                  : errors[0].field + ": " + errors[0].message);
  EXPECT_EQ(errors[0].code, ErrorCode::kInvalidProtocol);
  EXPECT_EQ(errors[0].field, field) << errors[0].message;
}

TEST(Drugs, TableIsCompleteAndSearchable) {
  std::set<std::string_view> codes;
  for (int i = 0; i < kDrugCount; ++i) {
    const DrugInfo& info = Describe(static_cast<Drug>(i));
    EXPECT_EQ(static_cast<int>(info.drug), i);
    EXPECT_TRUE(codes.insert(info.code).second);
    EXPECT_EQ(FindDrug(info.code), info.drug);
  }
  EXPECT_FALSE(FindDrug("actemra"));
  EXPECT_TRUE(Describe(Drug::kTocilizumab).anti_il6);
  EXPECT_TRUE(Describe(Drug::kSiltuximab).anti_il6);
  EXPECT_FALSE(Describe(Drug::kAnakinra).anti_il6);  // IL-1 blockade
  EXPECT_TRUE(Describe(Drug::kDexamethasone).corticosteroid);
}

TEST(Drugs, FeverMaskingIsAColumnOfTheTable) {
  // ASTCT 2019 CRS grading table footnote: antipyretic or anti-cytokine therapy (e.g. tocilizumab
  // or steroids) masks fever; levetiracetam is neither.
  EXPECT_EQ(Describe(Drug::kTocilizumab).fever_masking, FeverMasking::kAntiCytokine);
  EXPECT_EQ(Describe(Drug::kSiltuximab).fever_masking, FeverMasking::kAntiCytokine);
  EXPECT_EQ(Describe(Drug::kAnakinra).fever_masking, FeverMasking::kAntiCytokine);
  EXPECT_EQ(Describe(Drug::kDexamethasone).fever_masking, FeverMasking::kAntiCytokine);
  EXPECT_EQ(Describe(Drug::kMethylprednisolone).fever_masking, FeverMasking::kAntiCytokine);
  EXPECT_EQ(Describe(Drug::kParacetamol).fever_masking, FeverMasking::kAntipyretic);
  EXPECT_EQ(Describe(Drug::kIbuprofen).fever_masking, FeverMasking::kAntipyretic);
  EXPECT_FALSE(Describe(Drug::kLevetiracetam).MasksFever());
  EXPECT_EQ(TermOf(FeverMasking::kAntiCytokine).code, "anti_cytokine");
  EXPECT_EQ(kFeverMaskingSource, SourceId::kAstct2019);
  for (const DrugInfo& drug : Drugs()) {
    if (drug.corticosteroid || drug.anti_il6) {
      EXPECT_TRUE(drug.MasksFever()) << drug.code;
    }
  }
}

TEST(CheckProtocol, TestProtocolIsSound) { EXPECT_TRUE(CheckProtocol(TestProtocol()).empty()); }

TEST(CheckProtocol, UncoveredGrade) {
  Protocol p = TestProtocol();
  p.actions.back().trigger.min_grade = 2;  // ICANS grade 1 without CRS now has no action
  ExpectDefect(p, "icans.grade1");
}

TEST(CheckProtocol, EscalationAloneDoesNotCoverAGrade) {
  Protocol p = TestProtocol();
  p.actions.front().trigger.min_grade = 2;  // CRS 1 no longer covered
  const std::vector<Error> errors = CheckProtocol(p);
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].field, "crs.grade1");
}

TEST(CheckProtocol, DuplicateRuleId) {
  Protocol p = TestProtocol();
  p.actions[2].rule = "test.crs.toci";
  // The renamed action also loses its id as a substitution target.
  bool reported = false;
  for (const Error& error : CheckProtocol(p)) {
    reported |= error.field == "actions[test.crs.toci].rule" &&
                error.message.find("twice") != std::string::npos;
  }
  EXPECT_TRUE(reported);
}

TEST(CheckProtocol, UnknownSource) {
  Protocol p = TestProtocol();
  p.actions[0].source = "nowhere";
  ExpectDefect(p, "actions[test.crs.support].source");
}

TEST(CheckProtocol, UnreachableGrades) {
  Protocol p = TestProtocol();
  p.actions[1].trigger.min_grade = 4;
  p.actions[1].trigger.max_grade = 3;
  ExpectDefect(p, "actions[test.crs.toci].grades");
}

TEST(CheckProtocol, UnreachableEscalation) {
  Protocol p = TestProtocol();
  p.actions[2].trigger.after_doses = 0;
  ExpectDefect(p, "actions[test.crs.dex-after-toci].after.doses");
}

TEST(CheckProtocol, SubstituteMustExist) {
  Protocol p = TestProtocol();
  p.actions[1].instead_when_limited = "test.nothing";
  ExpectDefect(p, "actions[test.crs.toci].instead_when_limited");
}

TEST(CheckProtocol, TocilizumabForIsolatedIcansIsRefused) {
  Protocol p = TestProtocol();
  p.actions[3].trigger.when.concurrent.reset();
  ExpectDefect(p, "actions[test.icans.toci-with-crs].drug");
}

TEST(CheckProtocol, DoseNeedsExactlyOneBasisAndARoute) {
  Protocol p = TestProtocol();
  p.actions[4].dose->mg_per_kg = 0.15;  // and fixed_mg 10
  ExpectDefect(p, "actions[test.icans.dex].dose");
  p = TestProtocol();
  p.actions[4].dose->route.clear();
  ExpectDefect(p, "actions[test.icans.dex].dose.route");
  p = TestProtocol();
  p.actions[1].dose->max_mg = 0;
  ExpectDefect(p, "actions[test.crs.toci].dose.max_mg");
  p = TestProtocol();
  p.actions[1].dose->bands = {{30, 12}, {20, 10}};
  ExpectDefect(p, "actions[test.crs.toci].dose.bands");
}

TEST(CheckProtocol, DrugActionNeedsItsDrugButMayLeaveTheDoseToTheText) {
  Protocol p = TestProtocol();
  p.actions[4].dose.reset();
  EXPECT_TRUE(CheckProtocol(p).empty());  // e.g. "paracetamol as needed"
  p.actions[4].drug.reset();
  ExpectDefect(p, "actions[test.icans.dex].drug");
}

TEST(CheckProtocol, ADoseOrRegimenBelongsOnlyToADrugAction) {
  Protocol p = TestProtocol();
  p.actions[0].dose = p.actions[1].dose;
  ExpectDefect(p, "actions[test.crs.support].dose");
}

TEST(CheckProtocol, ADrugActionGivesADoseOrARegimenNotBoth) {
  Protocol p = TestProtocol();
  p.actions[4].regimen.push_back({*p.actions[4].dose, 6.0, std::nullopt, 1});
  ExpectDefect(p, "actions[test.icans.dex].regimen");
}

// A regimen must end: every step but the last counts doses, the last counts doses or runs until
// a grade.
TEST(CheckProtocol, RegimenWithoutAnEndIsRefused) {
  Protocol p = TestProtocol();
  const Dose dose = *p.actions[4].dose;
  p.actions[4].dose.reset();
  p.actions[4].regimen = {{dose, 12.0, 6, std::nullopt}, {dose, 12.0, std::nullopt, std::nullopt}};
  ExpectDefect(p, "actions[test.icans.dex].regimen[1]");
  p.actions[4].regimen[1].until_grade = 1;
  EXPECT_TRUE(CheckProtocol(p).empty());
  p.actions[4].regimen[0].doses.reset();
  ExpectDefect(p, "actions[test.icans.dex].regimen[0].doses");
}

Escalation RefractoryGrade(int from, int to) {
  Escalation e;
  e.rule = "test.crs.g" + std::to_string(from) + ".refractory";
  e.source = "test";
  e.trigger.syndrome = Syndrome::kCrs;
  e.trigger.min_grade = e.trigger.max_grade = from;
  e.trigger.after_drug = Drug::kDexamethasone;
  e.trigger.after_hours = 24;
  e.manage_as = to;
  e.text = "refractory";
  return e;
}

TEST(CheckProtocol, EscalationMustGoUpAndALoopIsNamed) {
  Protocol p = TestProtocol();
  p.escalations.push_back(RefractoryGrade(3, 4));
  EXPECT_TRUE(CheckProtocol(p).empty());
  p.escalations.push_back(RefractoryGrade(4, 3));
  const std::vector<Error> errors = CheckProtocol(p);
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].field, "escalations[test.crs.g4.refractory].manage_as");
  EXPECT_NE(errors[0].message.find("escalation loop: grade 4 -> 3"), std::string::npos)
      << errors[0].message;
  p.escalations.pop_back();
  p.escalations.push_back(RefractoryGrade(2, 2));
  ExpectDefect(p, "escalations[test.crs.g2.refractory].manage_as");
}

TEST(CheckProtocol, EscalationNeedsAConditionOrAnAfter) {
  Protocol p = TestProtocol();
  p.escalations.push_back(RefractoryGrade(3, 4));
  p.escalations[0].trigger.after_drug.reset();
  ExpectDefect(p, "escalations[test.crs.g3.refractory]");
  p.escalations[0].trigger.when.fever_hours = MakeRange({}, 72.0, {}, {});
  EXPECT_TRUE(CheckProtocol(p).empty());
}

TEST(CheckProtocol, RangesNeedABoundAndLowBelowHigh) {
  Protocol p = TestProtocol();
  p.actions[1].trigger.when.age_years = Range{};
  ExpectDefect(p, "actions[test.crs.toci].when.age_years");
  p.actions[1].trigger.when.age_years = MakeRange(18.0, {}, 12.0, {});
  ExpectDefect(p, "actions[test.crs.toci].when.age_years");
}

TEST(CheckProtocol, ANarrowingConditionDoesNotCoverAGrade) {
  Protocol p = TestProtocol();
  p.actions[0].trigger.when.products = {Product::kAxiCel};
  const std::vector<Error> errors = CheckProtocol(p);
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors[0].field, "crs.grade1");
}

TEST(CheckProtocol, AlternativesAreOtherDrugsAndNeverIl6BlockadeForIsolatedIcans) {
  Protocol p = TestProtocol();
  p.actions[4].alternatives = {Drug::kMethylprednisolone};
  EXPECT_TRUE(CheckProtocol(p).empty());
  p.actions[4].alternatives = {Drug::kDexamethasone};
  ExpectDefect(p, "actions[test.icans.dex].alternatives");
  p.actions[4].alternatives = {Drug::kSiltuximab};
  ExpectDefect(p, "actions[test.icans.dex].alternatives");
  p.actions[4].kind = ActionKind::kEscalate;  // a prompt names options; it gives none
  p.actions[4].dose.reset();
  EXPECT_TRUE(CheckProtocol(p).empty());
}

TEST(Range, BoundsAreExactAtTheEdges) {
  const Range above = MakeRange({}, 72.0, {}, {});
  EXPECT_FALSE(above.Contains(72.0));
  EXPECT_TRUE(above.Contains(72.000001));
  const Range band = MakeRange(1.0, {}, 18.0, {});
  EXPECT_TRUE(band.Contains(1.0));
  EXPECT_TRUE(band.Contains(17.999999));
  EXPECT_FALSE(band.Contains(18.0));
  EXPECT_TRUE(MakeRange({}, {}, {}, 30.0).Contains(30.0));
  EXPECT_EQ(DescribeRange(band, "years"), "at least 1 years and below 18 years");
}

TEST(CheckProtocol, LimitsArePositiveAndOnePerDrug) {
  Protocol p = TestProtocol();
  p.limits[0].max_doses_total = 0;
  ExpectDefect(p, "limits[tocilizumab].max_doses_total");
  p = TestProtocol();
  p.limits.push_back(p.limits[0]);
  p.limits.back().rule = "test.limit.toci2";
  ExpectDefect(p, "limits[tocilizumab]");
}

}  // namespace
}  // namespace cartwatch::core
