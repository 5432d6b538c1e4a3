#include "cartwatch/core/recommend.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string_view>

#include "protocol_test_support.h"

namespace cartwatch::core {
namespace {

using testing::MakeRange;
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
  context.course = {{kNow - 10 * kHour, 2, 0, true}};  // grade 2 before the first dose
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
  context.course = {{kNow - 13 * kHour, 2, 0, true}};
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

// "No response" is judged from the course: an improvement since the first dose is a response,
// and without the grade at the first dose nothing is guessed.
TEST(Recommend, NoResponseIsJudgedFromTheCourseNeverGuessed) {
  PatientContext context = Context(70);
  context.given = {{Drug::kTocilizumab, kNow - 17 * kHour, {}},
                   {Drug::kTocilizumab, kNow - 9 * kHour, {}}};
  const Recommendation unknown = Recommend(Grades(2, 0), context, TestProtocol());
  EXPECT_FALSE(Find(unknown, Drug::kDexamethasone));
  EXPECT_TRUE(Needs(unknown, "course"));

  context.course = {{kNow - 18 * kHour, 3, 0, true}};  // grade 3 at the first dose, 2 now
  const Recommendation improved = Recommend(Grades(2, 0), context, TestProtocol());
  EXPECT_FALSE(Find(improved, Drug::kDexamethasone));
  EXPECT_FALSE(Needs(improved, "course"));

  context.course.push_back({kNow - 17 * kHour - 60, 2, 0, true});  // the latest before the dose
  const Recommendation same = Recommend(Grades(2, 0), context, TestProtocol());
  const RecommendedAction* dex = Find(same, Drug::kDexamethasone);
  ASSERT_TRUE(dex);
  ASSERT_EQ(dex->conditions.size(), 2u);
  EXPECT_EQ(dex->conditions[1],
            "no improvement after 2 doses of tocilizumab (grade 2 at the first dose, 2 now)");
}

Protocol WithSeizureRule() {
  Protocol p = TestProtocol();
  ProtocolAction keppra = testing::DrugAction("test.icans.seizure", Syndrome::kIcans, 1, 4,
                                              Drug::kLevetiracetam, testing::Fixed(500));
  keppra.dose.reset();  // dose in the text
  keppra.trigger.when.seizure = CodedCondition<Seizure>{};
  p.actions.insert(p.actions.begin(), keppra);
  return p;
}

Assessment WithSeizure(std::optional<Seizure> seizure) {
  Assessment a;
  a.neuro.seizure = seizure;
  return a;
}

TEST(Recommend, AFindingConditionSelectsItsActionAndAMissingFindingIsNeeded) {
  const Protocol p = WithSeizureRule();
  const Recommendation seizure =
      Recommend(WithSeizure(Seizure::kRapidlyResolving), Grades(0, 3), Context(70), p);
  const RecommendedAction* keppra = Find(seizure, Drug::kLevetiracetam);
  ASSERT_TRUE(keppra);
  EXPECT_EQ(keppra->when, "now");
  EXPECT_FALSE(keppra->dose_mg);
  EXPECT_EQ(keppra->dose_basis, "no dose in the protocol: see the text");
  EXPECT_EQ(keppra->conditions.back(), "seizure rapidly_resolving (rule: present)");

  const Recommendation none = Recommend(WithSeizure(Seizure::kNone), Grades(0, 3), Context(70), p);
  EXPECT_FALSE(Find(none, Drug::kLevetiracetam));
  EXPECT_FALSE(Needs(none, "assessment.neuro.seizure"));

  const Recommendation missing = Recommend(WithSeizure(std::nullopt), Grades(0, 3), Context(70), p);
  EXPECT_FALSE(Find(missing, Drug::kLevetiracetam));
  EXPECT_TRUE(Needs(missing, "assessment.neuro.seizure"));
  // A condition already false elsewhere asks for nothing: grade 0 ICANS never needs a seizure.
  const Recommendation no_icans =
      Recommend(WithSeizure(std::nullopt), Grades(1, 0), Context(70), p);
  EXPECT_FALSE(Needs(no_icans, "assessment.neuro.seizure"));
}

TEST(Recommend, ProductAndAgeConditionsNeedTheirInputs) {
  Protocol p = TestProtocol();
  p.actions[4].trigger.when.products = {Product::kAxiCel, Product::kBrexuCel};
  p.actions[4].trigger.when.age_years = MakeRange(18.0, {}, {}, {});
  PatientContext context = Context(70);
  const Recommendation unknown = Recommend(Grades(0, 1), context, p);
  EXPECT_FALSE(Find(unknown, Drug::kDexamethasone));
  EXPECT_TRUE(Needs(unknown, "product"));
  EXPECT_TRUE(Needs(unknown, "age_years"));
  context.product = Product::kAxiCel;
  context.age_years = 17.9;
  const Recommendation minor = Recommend(Grades(0, 1), context, p);
  EXPECT_FALSE(Find(minor, Drug::kDexamethasone));
  context.age_years = 18;
  const Recommendation adult = Recommend(Grades(0, 1), context, p);
  ASSERT_TRUE(Find(adult, Drug::kDexamethasone));
  context.product = Product::kLisoCel;
  const Recommendation other = Recommend(Grades(0, 1), context, p);
  EXPECT_FALSE(Find(other, Drug::kDexamethasone));
  EXPECT_FALSE(Needs(other, "product"));
}

// ASCO 2021 Table 1, grade 2: dexamethasone when hypotension persists after tocilizumab.
TEST(Recommend, AHypotensionConditionReadsTheCrsReadingAndNeedsARecord) {
  Protocol p = TestProtocol();
  p.actions[2].trigger.after_drug.reset();
  p.actions[2].trigger.when.hypotension = true;
  Grading g = Grades(2, 0);
  Assessment a;
  const Recommendation unknown = Recommend(a, g, Context(70), p);
  EXPECT_FALSE(Find(unknown, Drug::kDexamethasone));
  EXPECT_TRUE(Needs(unknown, "assessment.hypotension"));
  a.hypotension = false;
  const Recommendation hypoxia_only = Recommend(a, g, Context(70), p);
  EXPECT_FALSE(Find(hypoxia_only, Drug::kDexamethasone));
  EXPECT_FALSE(Needs(hypoxia_only, "assessment.hypotension"));
  a.hypotension = true;
  g.crs.reading.hypotension = true;
  const Recommendation hypotensive = Recommend(a, g, Context(70), p);
  ASSERT_TRUE(Find(hypotensive, Drug::kDexamethasone));
  EXPECT_EQ(Find(hypotensive, Drug::kDexamethasone)->conditions.back(),
            "hypotension (rule: present)");
}

TEST(Recommend, ChildrensDoseFollowsWeightUnderTheAgeBand) {
  Protocol p = TestProtocol();
  p.actions[4].dose->age_bands = {{18.0, 0.5, 10.0, true}};
  PatientContext context = Context(14);
  const Recommendation no_age = Recommend(Grades(0, 2), context, p);
  ASSERT_TRUE(Find(no_age, Drug::kDexamethasone));
  EXPECT_FALSE(Find(no_age, Drug::kDexamethasone)->dose_mg);
  EXPECT_TRUE(Needs(no_age, "age_years"));
  context.age_years = 6;
  const Recommendation child = Recommend(Grades(0, 2), context, p);
  const RecommendedAction* dex = Find(child, Drug::kDexamethasone);
  ASSERT_TRUE(dex);
  EXPECT_EQ(dex->dose_mg, 7.0);   // 0.5 mg/kg x 14 kg
  EXPECT_TRUE(dex->unconfirmed);  // the band is marked
  context.weight_kg = 40;
  const Recommendation capped = Recommend(Grades(0, 2), context, p);
  EXPECT_EQ(Find(capped, Drug::kDexamethasone)->dose_mg, 10.0);
  context.age_years = 30;
  const Recommendation adult = Recommend(Grades(0, 2), context, p);
  EXPECT_EQ(Find(adult, Drug::kDexamethasone)->dose_mg, 10.0);
  EXPECT_FALSE(Find(adult, Drug::kDexamethasone)->unconfirmed);
}

// Persistent fever (ASCO 2021 Table 1, grade 1: fever > 3 days, consider managing as grade 2).
Protocol WithPersistentFever() {
  Protocol p = TestProtocol();
  Escalation e;
  e.rule = "test.crs.g1.persistent-fever";
  e.source = "test";
  e.trigger.syndrome = Syndrome::kCrs;
  e.trigger.min_grade = e.trigger.max_grade = 1;
  e.trigger.when.fever_hours = MakeRange({}, 72.0, {}, {});
  e.manage_as = 2;
  e.text = "persistent fever: manage as grade 2";
  p.escalations.push_back(e);
  return p;
}

Grading FeverGrade1() {
  Grading g = Grades(1, 0);
  g.crs.reading.fever = FeverReading::kFever;
  return g;
}

TEST(Recommend, PersistentFeverEscalatesFromTheCourseOrTheChartedOnset) {
  const Protocol p = WithPersistentFever();
  PatientContext context = Context(70);
  const Recommendation unknown = Recommend(FeverGrade1(), context, p);
  EXPECT_TRUE(unknown.escalations.empty());
  EXPECT_TRUE(Needs(unknown, "course"));

  context.fever_since = kNow - 80 * kHour;
  const Recommendation charted = Recommend(FeverGrade1(), context, p);
  ASSERT_EQ(charted.escalations.size(), 1u);
  EXPECT_EQ(charted.escalations[0].manage_as, 2);
  const RecommendedAction* toci = Find(charted, Drug::kTocilizumab);
  ASSERT_TRUE(toci);
  EXPECT_EQ(toci->escalation, "test.crs.g1.persistent-fever");
  EXPECT_EQ(charted.crs_grade, 1);  // the graded grade is reported unchanged

  context.fever_since.reset();
  // From the course: afebrile and no CRS 100 h ago, fever from 80 h ago on.
  context.course = {{kNow - 100 * kHour, 0, 0, false},
                    {kNow - 80 * kHour, 1, 0, true},
                    {kNow - 40 * kHour, 1, 0, true}};
  EXPECT_EQ(Recommend(FeverGrade1(), context, p).escalations.size(), 1u);
  context.course.erase(context.course.begin(), context.course.begin() + 2);  // only 40 h back
  const Recommendation short_course = Recommend(FeverGrade1(), context, p);
  EXPECT_TRUE(short_course.escalations.empty());
  EXPECT_TRUE(Needs(short_course, "course"));  // a lower bound of 40 h proves nothing
  context.course.insert(context.course.begin(), {kNow - 50 * kHour, 0, 0, false});
  const Recommendation short_fever = Recommend(FeverGrade1(), context, p);
  EXPECT_TRUE(short_fever.escalations.empty());
  EXPECT_FALSE(Needs(short_fever, "course"));  // 40 h exactly known
}

TEST(Recommend, EscalationPicksTheHigherGradesActionsAndNeverLess) {
  Protocol p = TestProtocol();
  ProtocolAction mp = testing::DrugAction("test.crs.g4.mp", Syndrome::kCrs, 4, 4,
                                          Drug::kMethylprednisolone, testing::Fixed(500));
  p.actions.insert(p.actions.begin(), mp);
  Escalation e;
  e.rule = "test.crs.g3.refractory";
  e.source = "test";
  e.trigger.syndrome = Syndrome::kCrs;
  e.trigger.min_grade = e.trigger.max_grade = 3;
  e.trigger.after_drug = Drug::kDexamethasone;
  e.trigger.after_hours = 24;
  e.manage_as = 4;
  e.text = "refractory grade 3: manage as grade 4";
  p.escalations.push_back(e);
  PatientContext context = Context(70);
  context.course = {{kNow - 30 * kHour, 3, 0, true}};
  context.given = {{Drug::kDexamethasone, kNow - 23 * kHour, {}}};
  const Recommendation early = Recommend(Grades(3, 0), context, p);
  EXPECT_TRUE(early.escalations.empty());
  EXPECT_FALSE(Find(early, Drug::kMethylprednisolone));
  context.given[0].time = kNow - 24 * kHour;
  const Recommendation late = Recommend(Grades(3, 0), context, p);
  ASSERT_EQ(late.escalations.size(), 1u);
  EXPECT_EQ(late.escalations[0].grade, 3);
  const RecommendedAction* mp_action = Find(late, Drug::kMethylprednisolone);
  ASSERT_TRUE(mp_action);
  EXPECT_EQ(mp_action->escalation, "test.crs.g3.refractory");
  // Everything the graded grade gives is still given: tocilizumab applies at 3 and at 4.
  EXPECT_TRUE(Find(late, Drug::kTocilizumab));
  EXPECT_EQ(Find(late, Drug::kTocilizumab)->escalation, "");
}

// ASCO 2021 Table 1, grade 4: 500 mg q12h x 3 days, 250 x 2 days, 125 x 2 days, 60 until grade 1.
Protocol WithTaper() {
  Protocol p = TestProtocol();
  ProtocolAction mp = testing::DrugAction("test.crs.g4.taper", Syndrome::kCrs, 4, 4,
                                          Drug::kMethylprednisolone, testing::Fixed(500));
  mp.dose.reset();
  mp.regimen = {{testing::Fixed(500), 12.0, 6, std::nullopt},
                {testing::Fixed(250), 12.0, 4, std::nullopt},
                {testing::Fixed(125), 12.0, 4, std::nullopt},
                {testing::Fixed(60), 12.0, std::nullopt, 1}};
  p.actions.insert(p.actions.begin(), mp);
  return p;
}

// `doses` of methylprednisolone 12 h apart up to now, given while CRS was `crs_grade`.
PatientContext WithMethylprednisolone(int doses, int crs_grade = 4) {
  PatientContext context = Context(70);
  context.course = {{kNow - (doses + 1) * 12 * kHour, crs_grade, 0, true}};
  for (int i = 0; i < doses; ++i) {
    context.given.push_back(
        {Drug::kMethylprednisolone, kNow - (doses - i) * 12 * kHour, std::nullopt});
  }
  return context;
}

TEST(Recommend, TaperStepsDownAsDosesAreGiven) {
  const Protocol p = WithTaper();
  const std::pair<int, double> steps[] = {{0, 500},  {5, 500}, {6, 250}, {9, 250},
                                          {10, 125}, {14, 60}, {30, 60}};
  for (const auto& [given, mg] : steps) {
    SCOPED_TRACE(given);
    const Recommendation r = Recommend(Grades(4, 0), WithMethylprednisolone(given), p);
    const RecommendedAction* mp = Find(r, Drug::kMethylprednisolone);
    ASSERT_TRUE(mp);
    EXPECT_EQ(mp->dose_mg, mg);
    ASSERT_TRUE(mp->regimen);
    EXPECT_EQ(mp->regimen->doses_given, given);
    EXPECT_EQ(mp->regimen->steps.size(), 4u);
    EXPECT_EQ(mp->when, "now");  // the last dose was 12 h ago
  }
  PatientContext soon = WithMethylprednisolone(2);
  soon.given.back().time = kNow - 4 * kHour;
  const Recommendation r = Recommend(Grades(4, 0), soon, p);
  ASSERT_TRUE(Find(r, Drug::kMethylprednisolone));
  EXPECT_EQ(Find(r, Drug::kMethylprednisolone)->when, "next dose due at 2026-03-01T16:00:00Z");
}

TEST(Recommend, AStartedTaperContinuesAfterImprovementUntilItsEnd) {
  const Protocol p = WithTaper();
  const Recommendation improved = Recommend(Grades(1, 0), WithMethylprednisolone(7), p);
  const RecommendedAction* mp = Find(improved, Drug::kMethylprednisolone);
  ASSERT_TRUE(mp);
  EXPECT_EQ(mp->dose_mg, 250.0);
  EXPECT_EQ(mp->conditions[1], "regimen in progress: 7 doses of methylprednisolone given");
  // In the last step, which runs until grade 1, grade 1 ends it; grade 2 does not.
  const Recommendation ended = Recommend(Grades(1, 0), WithMethylprednisolone(15), p);
  EXPECT_FALSE(Find(ended, Drug::kMethylprednisolone));
  const Recommendation grade2 = Recommend(Grades(2, 0), WithMethylprednisolone(15), p);
  ASSERT_TRUE(Find(grade2, Drug::kMethylprednisolone));
  EXPECT_EQ(Find(grade2, Drug::kMethylprednisolone)->dose_mg, 60.0);
}

// "Consider dexamethasone" while a methylprednisolone taper runs would advise two corticosteroids.
TEST(Recommend, APromptForASecondCorticosteroidIsWithheld) {
  Protocol p = WithTaper();
  ProtocolAction prompt = testing::SupportAction("test.crs.consider-dex", Syndrome::kCrs, 1, 4);
  prompt.kind = ActionKind::kEscalate;
  prompt.drug = Drug::kDexamethasone;
  p.actions.push_back(prompt);
  const Recommendation tapering = Recommend(Grades(4, 0), WithMethylprednisolone(2), p);
  ASSERT_TRUE(Find(tapering, Drug::kMethylprednisolone));
  EXPECT_FALSE(Find(tapering, Drug::kDexamethasone));
  const WithheldAction* withheld = FindWithheld(tapering, Drug::kDexamethasone);
  ASSERT_TRUE(withheld);
  EXPECT_EQ(withheld->rule, "test.crs.consider-dex");
  EXPECT_EQ(withheld->safety_rule, SafetyRuleId::kOneCorticosteroidAtATime);
  const Recommendation no_steroid = Recommend(Grades(1, 0), Context(70), p);
  ASSERT_TRUE(Find(no_steroid, Drug::kDexamethasone));
  EXPECT_EQ(Find(no_steroid, Drug::kDexamethasone)->kind, ActionKind::kEscalate);
}

TEST(Recommend, ARegimenContinuedAfterImprovementSaysWhyGradeFirst) {
  const Recommendation improved = Recommend(Grades(2, 0), WithMethylprednisolone(7), WithTaper());
  const RecommendedAction* mp = Find(improved, Drug::kMethylprednisolone);
  ASSERT_TRUE(mp);
  ASSERT_EQ(mp->conditions.size(), 2u);
  EXPECT_EQ(mp->conditions[0], "CRS grade 2 (the regimen of a grade 4 rule continues)");
}

// Methylprednisolone given for isolated ICANS is not a dose of the CRS taper.
TEST(Recommend, OnlyDosesGivenForTheSyndromeAdvanceItsRegimen) {
  const Protocol p = WithTaper();
  const Recommendation icans_only = Recommend(Grades(0, 4), WithMethylprednisolone(3, 0), p);
  EXPECT_FALSE(Find(icans_only, Drug::kMethylprednisolone) &&
               Find(icans_only, Drug::kMethylprednisolone)->rule == "test.crs.g4.taper");
  const Recommendation crs_now = Recommend(Grades(4, 0), WithMethylprednisolone(3, 0), p);
  const RecommendedAction* mp = Find(crs_now, Drug::kMethylprednisolone);
  ASSERT_TRUE(mp);
  EXPECT_EQ(mp->dose_mg, 500.0);  // the taper starts now: no earlier dose was for CRS
  ASSERT_TRUE(mp->regimen);
  EXPECT_EQ(mp->regimen->doses_given, 0);
  // Without a course the doses are assumed to be the regimen's, and the course is asked for.
  PatientContext no_course = WithMethylprednisolone(7);
  no_course.course.clear();
  const Recommendation assumed = Recommend(Grades(4, 0), no_course, p);
  EXPECT_EQ(Find(assumed, Drug::kMethylprednisolone)->dose_mg, 250.0);
  EXPECT_TRUE(Needs(assumed, "course"));
  // ...but a taper is not continued after improvement on an assumption.
  const Recommendation improved = Recommend(Grades(1, 0), no_course, p);
  EXPECT_FALSE(Find(improved, Drug::kMethylprednisolone));
  EXPECT_TRUE(Needs(improved, "course"));
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
