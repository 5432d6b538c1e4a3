#include "cartwatch/core/recommend.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string_view>

#include "protocol_test_support.h"

namespace cartwatch::core {
namespace {

using testing::TestProtocol;

constexpr UnixSeconds kNow = 1772352000;  // 2026-03-01T08:00:00Z
constexpr UnixSeconds kHour = kSecondsPerHour;

Grading Grades(int crs, int icans) {
  Grading g;
  g.crs.assessed = true;
  g.crs.grade = g.crs.max_possible_grade = crs;
  g.icans.assessed = true;
  g.icans.grade = g.icans.max_possible_grade = icans;
  return g;
}

PatientContext Context(std::optional<double> weight_kg) {
  PatientContext context;
  context.weight_kg = weight_kg;
  context.now = kNow;
  return context;
}

const RecommendedAction* Find(const Recommendation& r, Drug drug) {
  auto it = std::find_if(r.actions.begin(), r.actions.end(),
                         [drug](const RecommendedAction& a) { return a.drug == drug; });
  return it == r.actions.end() ? nullptr : &*it;
}

// Results must outlive the pointers: no temporaries.
const RecommendedAction* Find(const Recommendation&& r, Drug drug) = delete;

const WithheldAction* FindWithheld(const Recommendation& r, Drug drug) {
  auto it = std::find_if(r.withheld.begin(), r.withheld.end(),
                         [drug](const WithheldAction& w) { return w.drug == drug; });
  return it == r.withheld.end() ? nullptr : &*it;
}

bool Needs(const Recommendation& r, std::string_view what) {
  return std::find(r.needs.begin(), r.needs.end(), what) != r.needs.end();
}

TEST(Recommend, NamesTheProtocolAndGrades) {
  const Recommendation r = Recommend(Grades(1, 0), Context(70), TestProtocol());
  EXPECT_EQ(r.protocol_id, "test");
  EXPECT_EQ(r.protocol_version, "1.0.0");
  EXPECT_EQ(r.crs_grade, 1);
  ASSERT_EQ(r.actions.size(), 1u);
  EXPECT_EQ(r.actions[0].rule, "test.crs.support");
  EXPECT_FALSE(Find(r, Drug::kTocilizumab));
}

TEST(Recommend, WeightBasedDoseIsRoundedAndCapped) {
  const Recommendation r1 = Recommend(Grades(2, 0), Context(70), TestProtocol());
  const RecommendedAction* toci = Find(r1, Drug::kTocilizumab);
  ASSERT_TRUE(toci);
  EXPECT_EQ(toci->dose_mg, 560.0);
  EXPECT_EQ(toci->when, "now");
  EXPECT_EQ(toci->route, "IV");
  EXPECT_EQ(toci->dose_basis, "8 mg/kg x 70 kg = 560 mg");

  const Recommendation r2 = Recommend(Grades(2, 0), Context(120), TestProtocol());
  toci = Find(r2, Drug::kTocilizumab);
  ASSERT_TRUE(toci);
  EXPECT_EQ(toci->dose_mg, 800.0);  // 960 mg capped
  EXPECT_NE(toci->dose_basis.find("capped at 800 mg"), std::string::npos);

  const Recommendation r3 = Recommend(Grades(2, 0), Context(100), TestProtocol());
  toci = Find(r3, Drug::kTocilizumab);
  EXPECT_EQ(toci->dose_mg, 800.0);  // exactly at the cap
  const Recommendation r4 = Recommend(Grades(2, 0), Context(70.3), TestProtocol());
  toci = Find(r4, Drug::kTocilizumab);
  EXPECT_EQ(toci->dose_mg, 562.0);  // 562.4 rounded to whole mg
}

TEST(Recommend, WeightBandBelowThirtyKilograms) {
  const Protocol p = TestProtocol();
  const Recommendation r5 = Recommend(Grades(2, 0), Context(25), p);
  EXPECT_EQ(Find(r5, Drug::kTocilizumab)->dose_mg, 300.0);
  const Recommendation r6 = Recommend(Grades(2, 0), Context(29.9), p);
  EXPECT_EQ(Find(r6, Drug::kTocilizumab)->dose_mg, 359.0);
  const Recommendation r7 = Recommend(Grades(2, 0), Context(30), p);
  EXPECT_EQ(Find(r7, Drug::kTocilizumab)->dose_mg, 240.0);
}

// Computed doses meet their cut-offs exactly: 0.7 mg/kg x 45 kg is 31.5 mg, though the binary
// product is 31.499999999999996; it rounds up to 32 like any half step, and sits exactly at a
// cap of 31.5 mg.
TEST(Recommend, HalfStepsAndCapsOfComputedDosesAreExact) {
  Protocol p = TestProtocol();
  for (ProtocolAction& action : p.actions) {
    if (action.drug != Drug::kTocilizumab) continue;
    action.dose->mg_per_kg = 0.7;
    action.dose->bands.clear();
    action.dose->max_mg.reset();
  }
  const Recommendation whole = Recommend(Grades(2, 0), Context(45), p);
  EXPECT_EQ(Find(whole, Drug::kTocilizumab)->dose_mg, 32.0);
  EXPECT_EQ(Find(whole, Drug::kTocilizumab)->dose_basis, "0.7 mg/kg x 45 kg = 32 mg");
  for (ProtocolAction& action : p.actions) {
    if (action.drug != Drug::kTocilizumab) continue;
    action.dose->round_to_mg = 0.1;
    action.dose->max_mg = 31.5;
  }
  const Recommendation capped = Recommend(Grades(2, 0), Context(45), p);
  EXPECT_EQ(Find(capped, Drug::kTocilizumab)->dose_mg, 31.5);
  EXPECT_EQ(Find(capped, Drug::kTocilizumab)->dose_basis, "0.7 mg/kg x 45 kg = 31.5 mg");
  const Recommendation over = Recommend(Grades(2, 0), Context(45.1), p);
  EXPECT_EQ(Find(over, Drug::kTocilizumab)->dose_mg, 31.5);
  EXPECT_NE(Find(over, Drug::kTocilizumab)->dose_basis.find("capped at 31.5 mg"),
            std::string::npos);
}

TEST(Recommend, WeightLimitsAndBandsAreExactAfterConversion) {
  Protocol p = TestProtocol();
  // 29.999999 kg is in the band below 30 kg; 30 reached by arithmetic is not.
  const Recommendation below = Recommend(Grades(2, 0), Context(29.999999), p);
  EXPECT_EQ(Find(below, Drug::kTocilizumab)->dose_mg, 360.0);
  const Recommendation at = Recommend(Grades(2, 0), Context(0.1 * 3 + 29.7), p);
  EXPECT_EQ(Find(at, Drug::kTocilizumab)->dose_mg, 240.0);
  // The plausible range is inclusive at both ends, reached by arithmetic too.
  // (0.1 + 0.2 is 0.30000000000000004 in binary floating point.)
  p.min_weight_kg = 0.1;
  p.max_weight_kg = 0.3;
  const Recommendation heaviest = Recommend(Grades(2, 0), Context(0.1 + 0.2), p);
  EXPECT_EQ(Find(heaviest, Drug::kTocilizumab)->dose_mg, 4.0);  // 12 mg/kg x 0.3 kg = 3.6 mg
  EXPECT_FALSE(Needs(heaviest, "weight_kg"));
}

TEST(Recommend, MissingOrImplausibleWeightGivesNoDose) {
  for (std::optional<double> weight :
       {std::optional<double>{}, std::optional<double>{1.0}, std::optional<double>{700.0}}) {
    const Recommendation r = Recommend(Grades(2, 0), Context(weight), TestProtocol());
    const RecommendedAction* toci = Find(r, Drug::kTocilizumab);
    ASSERT_TRUE(toci);
    EXPECT_FALSE(toci->dose_mg);
    EXPECT_TRUE(Needs(r, "weight_kg"));
  }
}

TEST(Recommend, IsolatedIcansNeverGetsTocilizumab) {
  const Recommendation r = Recommend(Grades(0, 3), Context(70), TestProtocol());
  EXPECT_FALSE(Find(r, Drug::kTocilizumab));
  EXPECT_TRUE(Find(r, Drug::kDexamethasone));
  // The protocol's ICANS tocilizumab rule needs CRS present, so it does not even apply.
  EXPECT_FALSE(FindWithheld(r, Drug::kTocilizumab));
}

TEST(Recommend, IlSixBlockadeWithoutCrsIsWithheldWhateverTheProtocolSays) {
  Protocol p = TestProtocol();
  p.actions[3].trigger.when.concurrent.reset();  // unsafe; CheckProtocol would refuse it
  const Recommendation r = Recommend(Grades(0, 2), Context(70), p);
  EXPECT_FALSE(Find(r, Drug::kTocilizumab));
  ASSERT_TRUE(FindWithheld(r, Drug::kTocilizumab));
  EXPECT_NE(FindWithheld(r, Drug::kTocilizumab)->reason.find("isolated ICANS"), std::string::npos);
}

TEST(Recommend, ConcurrentCrsAndIcansFollowsTheProtocol) {
  const Recommendation r = Recommend(Grades(1, 2), Context(70), TestProtocol());
  const RecommendedAction* toci = Find(r, Drug::kTocilizumab);
  ASSERT_TRUE(toci);
  EXPECT_EQ(toci->rule, "test.icans.toci-with-crs");
  EXPECT_TRUE(Find(r, Drug::kDexamethasone));
}

TEST(Recommend, MinimumIntervalGivesAConditionalTime) {
  PatientContext context = Context(70);
  context.given = {{Drug::kTocilizumab, kNow - 3 * kHour, 560}};
  const Recommendation r8 = Recommend(Grades(2, 0), context, TestProtocol());
  const RecommendedAction* toci = Find(r8, Drug::kTocilizumab);
  ASSERT_TRUE(toci);
  EXPECT_EQ(toci->not_before, kNow + 5 * kHour);
  EXPECT_EQ(toci->when, "if no response by 2026-03-01T13:00:00Z");

  context.given = {{Drug::kTocilizumab, kNow - 8 * kHour, 560}};  // exactly 8 h: due now
  const Recommendation r9 = Recommend(Grades(2, 0), context, TestProtocol());
  toci = Find(r9, Drug::kTocilizumab);
  EXPECT_EQ(toci->when, "now");
  EXPECT_FALSE(toci->not_before);
}

TEST(Recommend, TwentyFourHourLimitWithholdsAndSubstitutes) {
  PatientContext context = Context(70);
  context.given = {{Drug::kTocilizumab, kNow - 20 * kHour, {}},
                   {Drug::kTocilizumab, kNow - 12 * kHour, {}},
                   {Drug::kTocilizumab, kNow - 4 * kHour, {}}};
  const Recommendation r = Recommend(Grades(3, 0), context, TestProtocol());
  EXPECT_FALSE(Find(r, Drug::kTocilizumab));
  const WithheldAction* withheld = FindWithheld(r, Drug::kTocilizumab);
  ASSERT_TRUE(withheld);
  EXPECT_EQ(withheld->rule, "test.limit.toci");
  EXPECT_NE(withheld->reason.find("3 in any 24 h"), std::string::npos) << withheld->reason;
  EXPECT_NE(withheld->reason.find("2026-03-01T12:00:00Z"), std::string::npos) << withheld->reason;
  EXPECT_TRUE(Find(r, Drug::kDexamethasone));  // the escalation rule (2+ doses) and substitute
}

TEST(Recommend, ThreeDosesOutsideTheWindowAreAllowedButTheFifthIsNot) {
  PatientContext context = Context(70);
  context.given = {{Drug::kTocilizumab, kNow - 40 * kHour, {}},
                   {Drug::kTocilizumab, kNow - 32 * kHour, {}},
                   {Drug::kTocilizumab, kNow - 25 * kHour, {}}};
  const Recommendation r10 = Recommend(Grades(3, 0), context, TestProtocol());
  EXPECT_TRUE(Find(r10, Drug::kTocilizumab));
  context.given.push_back({Drug::kTocilizumab, kNow - 9 * kHour, {}});
  const Recommendation r = Recommend(Grades(3, 0), context, TestProtocol());
  EXPECT_FALSE(Find(r, Drug::kTocilizumab));
  ASSERT_TRUE(FindWithheld(r, Drug::kTocilizumab));
  EXPECT_NE(FindWithheld(r, Drug::kTocilizumab)->reason.find("4 in total"), std::string::npos);
}

TEST(Recommend, EscalatesToSteroidsAfterTwoDosesWithoutResponse) {
  PatientContext context = Context(70);
  context.given = {{Drug::kTocilizumab, kNow - 9 * kHour, {}}};
  const Recommendation r11 = Recommend(Grades(2, 0), context, TestProtocol());
  EXPECT_FALSE(Find(r11, Drug::kDexamethasone));
  context.given.push_back({Drug::kTocilizumab, kNow - 1 * kHour, {}});
  const Recommendation r12 = Recommend(Grades(2, 0), context, TestProtocol());
  const RecommendedAction* dex = Find(r12, Drug::kDexamethasone);
  ASSERT_TRUE(dex);
  EXPECT_EQ(dex->dose_mg, 10.0);
  EXPECT_EQ(dex->rule, "test.crs.dex-after-toci");
}

TEST(Recommend, EscalationWindowNeedsTime) {
  Protocol p = TestProtocol();
  p.actions[2].trigger.after_hours = 12;
  PatientContext context = Context(70);
  context.given = {{Drug::kTocilizumab, kNow - 11 * kHour, {}},
                   {Drug::kTocilizumab, kNow - 2 * kHour, {}}};
  const Recommendation r13 = Recommend(Grades(2, 0), context, p);
  EXPECT_FALSE(Find(r13, Drug::kDexamethasone));
  context.given[0].time = kNow - 12 * kHour;
  const Recommendation r14 = Recommend(Grades(2, 0), context, p);
  EXPECT_TRUE(Find(r14, Drug::kDexamethasone));
  context.now.reset();
  const Recommendation r = Recommend(Grades(2, 0), context, p);
  EXPECT_TRUE(Needs(r, "time"));
  EXPECT_FALSE(Find(r, Drug::kTocilizumab));  // limits cannot be checked without a time
  EXPECT_TRUE(FindWithheld(r, Drug::kTocilizumab));
}

TEST(Recommend, LowerBoundGradesSayWhatIsMissing) {
  Grading g = Grades(1, 0);
  g.crs.max_possible_grade = 4;
  g.crs.missing.Add(InputId::kOxygen);
  const Recommendation r = Recommend(g, Context(70), TestProtocol());
  EXPECT_TRUE(r.grades_are_lower_bounds);
  EXPECT_TRUE(Needs(r, "assessment.oxygen"));
}

TEST(Recommend, NotAssessedSyndromeCountsAsGradeZeroAndIsNeeded) {
  Grading g = Grades(2, 0);
  g.icans.assessed = false;
  g.icans.grade = 0;
  const Recommendation r = Recommend(g, Context(70), TestProtocol());
  EXPECT_EQ(r.icans_grade, 0);
  EXPECT_FALSE(r.icans_assessed);
  EXPECT_TRUE(r.crs_assessed);
  EXPECT_TRUE(Needs(r, "assessment.icans"));
  EXPECT_FALSE(Needs(r, "assessment.crs"));
  EXPECT_TRUE(Find(r, Drug::kTocilizumab));
}

TEST(Recommend, DosesAfterTheAssessmentAreNotCounted) {
  PatientContext context = Context(70);
  context.given = {{Drug::kTocilizumab, kNow + 2 * kHour, {}}};
  const Recommendation r = Recommend(Grades(2, 0), context, TestProtocol());
  const RecommendedAction* toci = Find(r, Drug::kTocilizumab);
  ASSERT_TRUE(toci);
  EXPECT_EQ(toci->when, "now");
}

TEST(Recommend, OneCorticosteroidAtATime) {
  Protocol p = TestProtocol();
  ProtocolAction methylpred = testing::DrugAction("test.crs.g4.methylpred", Syndrome::kCrs, 4, 4,
                                                  Drug::kMethylprednisolone, testing::Fixed(1000));
  p.actions.insert(p.actions.begin(), methylpred);
  const Recommendation r = Recommend(Grades(4, 3), Context(70), p);
  ASSERT_TRUE(Find(r, Drug::kMethylprednisolone));
  EXPECT_FALSE(Find(r, Drug::kDexamethasone));
  const WithheldAction* dex = FindWithheld(r, Drug::kDexamethasone);
  ASSERT_TRUE(dex);
  EXPECT_NE(dex->reason.find("test.crs.g4.methylpred"), std::string::npos) << dex->reason;
}

// ---- safety rules: every withheld drug, need and changed action names its row -------------

bool NeededBy(const Recommendation& r, std::string_view need, SafetyRuleId rule) {
  return std::any_of(r.needed_by.begin(), r.needed_by.end(), [&](const NeedCause& cause) {
    return cause.need == need && cause.safety_rule == rule;
  });
}

bool Changed(const RecommendedAction& action, SafetyRuleId rule) {
  return std::find(action.safety_rules.begin(), action.safety_rules.end(), rule) !=
         action.safety_rules.end();
}

TEST(SafetyRules, TableRowsHaveStableIdsAndRegisteredSources) {
  ASSERT_EQ(SafetyRules().size(), static_cast<std::size_t>(kSafetyRuleCount));
  std::set<std::string_view> ids;
  for (std::size_t i = 0; i < SafetyRules().size(); ++i) {
    const SafetyRule& rule = SafetyRules()[i];
    EXPECT_EQ(static_cast<std::size_t>(rule.id), i);
    EXPECT_EQ(&Describe(rule.id), &rule);
    EXPECT_TRUE(rule.info.id.starts_with("CARTWATCH.SAFETY.")) << rule.info.id;
    EXPECT_TRUE(ids.insert(rule.info.id).second) << rule.info.id;
    EXPECT_EQ(rule.info.grade, 0);
    EXPECT_FALSE(rule.info.locator.empty()) << rule.info.id;
    EXPECT_FALSE(rule.info.text.empty()) << rule.info.id;
    EXPECT_FALSE(Describe(rule.info.source).key.empty()) << rule.info.id;
    // Our own choices say so; published ones cite a source other than ours.
    if (rule.info.source == SourceId::kCartwatchPolicy) {
      EXPECT_TRUE(rule.info.locator.starts_with("cartwatch policy")) << rule.info.id;
    }
  }
  EXPECT_EQ(Describe(SafetyRuleId::kNoIl6BlockadeWithoutCrs).info.id,
            "CARTWATCH.SAFETY.NO_IL6_BLOCKADE_WITHOUT_CRS");
}

TEST(SafetyRules, IlSixBlockadeWithoutCrsNamesItsRule) {
  Protocol p = TestProtocol();
  p.actions[3].trigger.when.concurrent.reset();
  const Recommendation r = Recommend(Grades(0, 2), Context(70), p);
  const WithheldAction* toci = FindWithheld(r, Drug::kTocilizumab);
  ASSERT_TRUE(toci);
  EXPECT_EQ(toci->safety_rule, SafetyRuleId::kNoIl6BlockadeWithoutCrs);
  EXPECT_EQ(toci->rule, "test.icans.toci-with-crs");
}

TEST(SafetyRules, SecondCorticosteroidNamesItsRule) {
  Protocol p = TestProtocol();
  p.actions.insert(p.actions.begin(),
                   testing::DrugAction("test.crs.g4.methylpred", Syndrome::kCrs, 4, 4,
                                       Drug::kMethylprednisolone, testing::Fixed(1000)));
  const Recommendation r = Recommend(Grades(4, 3), Context(70), p);
  ASSERT_TRUE(FindWithheld(r, Drug::kDexamethasone));
  EXPECT_EQ(FindWithheld(r, Drug::kDexamethasone)->safety_rule,
            SafetyRuleId::kOneCorticosteroidAtATime);
}

TEST(SafetyRules, DoseLimitsNameTheirRules) {
  PatientContext context = Context(70);
  context.given = {{Drug::kTocilizumab, kNow - 20 * kHour, {}},
                   {Drug::kTocilizumab, kNow - 12 * kHour, {}},
                   {Drug::kTocilizumab, kNow - 4 * kHour, {}}};
  const Recommendation day = Recommend(Grades(3, 0), context, TestProtocol());
  ASSERT_TRUE(FindWithheld(day, Drug::kTocilizumab));
  EXPECT_EQ(FindWithheld(day, Drug::kTocilizumab)->safety_rule, SafetyRuleId::kMaxDosesPer24h);

  context.given = {{Drug::kTocilizumab, kNow - 40 * kHour, {}},
                   {Drug::kTocilizumab, kNow - 32 * kHour, {}},
                   {Drug::kTocilizumab, kNow - 25 * kHour, {}},
                   {Drug::kTocilizumab, kNow - 9 * kHour, {}}};
  const Recommendation total = Recommend(Grades(3, 0), context, TestProtocol());
  ASSERT_TRUE(FindWithheld(total, Drug::kTocilizumab));
  EXPECT_EQ(FindWithheld(total, Drug::kTocilizumab)->safety_rule, SafetyRuleId::kMaxDosesTotal);
  EXPECT_EQ(FindWithheld(total, Drug::kTocilizumab)->rule, "test.limit.toci");

  context.now.reset();
  const Recommendation no_time = Recommend(Grades(3, 0), context, TestProtocol());
  ASSERT_TRUE(FindWithheld(no_time, Drug::kTocilizumab));
  EXPECT_EQ(FindWithheld(no_time, Drug::kTocilizumab)->safety_rule, SafetyRuleId::kLimitsNeedTime);
  EXPECT_TRUE(NeededBy(no_time, "time", SafetyRuleId::kLimitsNeedTime));
}

TEST(SafetyRules, EveryWithheldEntryNamesASafetyRule) {
  PatientContext context = Context(70);
  context.given = {{Drug::kTocilizumab, kNow - 4 * kHour, {}}};
  for (int crs = 0; crs <= 4; ++crs) {
    for (int icans = 0; icans <= 4; ++icans) {
      for (bool timed : {true, false}) {
        PatientContext c = context;
        if (!timed) c.now.reset();
        Protocol p = TestProtocol();
        p.actions[3].trigger.when.concurrent.reset();
        const Recommendation r = Recommend(Grades(crs, icans), c, p);
        for (const WithheldAction& w : r.withheld) {
          EXPECT_TRUE(w.safety_rule) << crs << " " << icans << " " << w.reason;
        }
      }
    }
  }
}

TEST(SafetyRules, NeedsAndChangedActionsNameTheirRules) {
  const Recommendation no_weight = Recommend(Grades(2, 0), Context(std::nullopt), TestProtocol());
  EXPECT_TRUE(NeededBy(no_weight, "weight_kg", SafetyRuleId::kPlausibleWeight));
  const Recommendation heavy = Recommend(Grades(2, 0), Context(120), TestProtocol());
  EXPECT_TRUE(Changed(*Find(heavy, Drug::kTocilizumab), SafetyRuleId::kDoseCap));
  const Recommendation light = Recommend(Grades(2, 0), Context(70), TestProtocol());
  EXPECT_TRUE(Find(light, Drug::kTocilizumab)->safety_rules.empty());
  EXPECT_TRUE(light.needed_by.empty());

  PatientContext context = Context(70);
  context.given = {{Drug::kTocilizumab, kNow - 3 * kHour, 560}};
  const Recommendation soon = Recommend(Grades(2, 0), context, TestProtocol());
  EXPECT_TRUE(Changed(*Find(soon, Drug::kTocilizumab), SafetyRuleId::kMinRedoseInterval));

  Protocol p = TestProtocol();
  p.actions[2].trigger.after_hours = 12;
  context.given = {{Drug::kTocilizumab, kNow - 11 * kHour, {}},
                   {Drug::kTocilizumab, kNow - 2 * kHour, {}}};
  context.now.reset();
  const Recommendation untimed = Recommend(Grades(2, 0), context, p);
  EXPECT_TRUE(NeededBy(untimed, "time", SafetyRuleId::kEscalationAfterNoResponse));
  EXPECT_TRUE(NeededBy(untimed, "time", SafetyRuleId::kLimitsNeedTime));
  // "time" is listed once in needs, with both causes.
  EXPECT_EQ(std::count(untimed.needs.begin(), untimed.needs.end(), "time"), 1);
}

TEST(ContextAt, TheAssessmentIsNowAndItsAgeFillsTheContext) {
  Assessment assessment;
  assessment.time = "2026-03-01T08:00:00Z";
  assessment.age_years = 9.0;
  PatientContext base;
  base.weight_kg = 30.0;
  base.now = kNow - kHour;
  const PatientContext context = ContextAt(assessment, base);
  EXPECT_EQ(context.now, kNow);
  EXPECT_EQ(context.age_years, 9.0);
  EXPECT_EQ(context.weight_kg, 30.0);
  // An age already in the context is kept.
  base.age_years = 40.0;
  EXPECT_EQ(ContextAt(assessment, base).age_years, 40.0);
}

TEST(ContextAt, WithoutATimeNowIsKeptAndABadTimeLeavesNoNow) {
  Assessment assessment;
  PatientContext base;
  base.now = kNow;
  EXPECT_EQ(ContextAt(assessment, base).now, kNow);
  EXPECT_FALSE(ContextAt(assessment, base).age_years);
  assessment.time = "yesterday";
  EXPECT_FALSE(ContextAt(assessment, base).now);
}

TEST(ContextAt, IntervalsCountBackFromTheAssessment) {
  // A dose 2 h before the assessment: the 8 h minimum interval makes the next one conditional.
  Assessment assessment;
  assessment.time = "2026-03-01T08:00:00Z";
  PatientContext base = Context(70);
  base.now.reset();
  base.given.push_back({Drug::kTocilizumab, kNow - 2 * kHour, 560.0});
  const Recommendation r = Recommend(Grades(2, 0), ContextAt(assessment, base), TestProtocol());
  const RecommendedAction* toci = Find(r, Drug::kTocilizumab);
  ASSERT_TRUE(toci);
  EXPECT_EQ(toci->not_before, kNow + 6 * kHour);
  EXPECT_FALSE(Needs(r, "time"));
}

}  // namespace
}  // namespace cartwatch::core
