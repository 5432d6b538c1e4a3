// Episodes walked hour by hour under every shipped protocol: the bedside assessment is graded, the
// treatments given so far form the context, and the recommendation must follow the protocol's
// safety rules at each step. Each assessment joins the course that later ones are judged against
// ("no improvement", fever duration). EpisodeTest's expectations hold for every shipped protocol;
// AscoEpisodeTest walks the ASCO 2021 rows that depend on the course (refractory CRS, the grade 4
// taper, persistent fever, ICANS with CRS). Rule-by-rule expectations live in each protocol's own
// tests (adapters/protocol_toml).
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "cartwatch/adapters/assessment_json.h"
#include "cartwatch/adapters/protocol_toml.h"
#include "cartwatch/core/grading.h"
#include "cartwatch/core/recommend.h"

namespace cartwatch {
namespace {

using core::Drug;
using core::UnixSeconds;

constexpr UnixSeconds kStart = 1772352000;  // 2026-03-01T08:00:00Z, hour 0 of the episode
constexpr UnixSeconds kHour = core::kSecondsPerHour;

// Bedside findings at each stage of a CRS episode (cartwatch.assessment/1).
constexpr const char* kCrsGrade1 =
    R"({"age_years": 54, "temperature": {"value": 38.6, "unit": "Cel"}, "fever_masked": false,
        "hypotension": false, "vasopressors": [], "oxygen": {"device": "room_air"}})";
constexpr const char* kCrsGrade2 =
    R"({"age_years": 54, "temperature": {"value": 39.2, "unit": "Cel"}, "hypotension": true,
        "vasopressors": [], "oxygen": {"device": "nasal_cannula", "flow_l_min": 3}})";
// After tocilizumab the fever is masked; one vasopressor now: grade 3.
constexpr const char* kCrsGrade3Masked =
    R"({"age_years": 54, "temperature": {"value": 37.4, "unit": "Cel"}, "fever_masked": true,
        "hypotension": true, "vasopressors": ["norepinephrine"],
        "oxygen": {"device": "nasal_cannula", "flow_l_min": 4}})";
constexpr const char* kIsolatedIcansGrade2 =
    R"({"age_years": 54, "temperature": {"value": 36.9, "unit": "Cel"}, "fever_masked": false,
        "hypotension": false, "vasopressors": [], "oxygen": {"device": "room_air"},
        "neuro": {"ice_total": 5, "consciousness": "alert", "seizure": "none", "motor": "none",
                  "icp": []}})";

struct Step {
  core::Recommendation recommendation;
  core::Grading grading;
};

// Bedside findings built from parts: vital signs of a CRS grade, and the neurological findings.
constexpr const char* kVitalsNormal =
    R"("age_years": 54, "temperature": {"value": 36.9, "unit": "Cel"}, "fever_masked": false,
       "hypotension": false, "vasopressors": [], "oxygen": {"device": "room_air"})";
constexpr const char* kVitalsGrade1 =
    R"("age_years": 54, "temperature": {"value": 38.6, "unit": "Cel"}, "fever_masked": false,
       "hypotension": false, "vasopressors": [], "oxygen": {"device": "room_air"})";
constexpr const char* kVitalsGrade2 =
    R"("age_years": 54, "temperature": {"value": 39.2, "unit": "Cel"}, "hypotension": true,
       "vasopressors": [], "oxygen": {"device": "nasal_cannula", "flow_l_min": 3})";
constexpr const char* kVitalsGrade3 =
    R"("age_years": 54, "temperature": {"value": 39.0, "unit": "Cel"}, "hypotension": true,
       "vasopressors": ["norepinephrine"], "oxygen": {"device": "nasal_cannula", "flow_l_min": 4})";
constexpr const char* kVitalsGrade4 =
    R"("age_years": 54, "temperature": {"value": 39.0, "unit": "Cel"}, "hypotension": true,
       "vasopressors": ["norepinephrine", "epinephrine"],
       "oxygen": {"device": "nasal_cannula", "flow_l_min": 4})";

// ICE 7-9: ICANS grade 1; 3-6: grade 2; 0-2: grade 3 (ASTCT 2019). A seizure also grades it.
std::string Neuro(int ice, const char* seizure = "none") {
  return R"("neuro": {"ice_total": )" + std::to_string(ice) +
         R"(, "consciousness": "alert", "seizure": ")" + seizure +
         R"(", "motor": "none", "icp": []})";
}

std::string Findings(const char* vitals, const std::string& neuro = "") {
  return "{" + std::string(vitals) + (neuro.empty() ? "" : ", " + neuro) + "}";
}

// Loads a shipped protocol and walks an episode: each assessment is graded and recommended on,
// then joins the course that later assessments are judged against.
class EpisodeFixture : public ::testing::Test {
 protected:
  void Load(const std::string& name) {
    for (const auto& bundled : adapters::BundledProtocols()) {
      if (bundled.name != name) continue;
      adapters::ProtocolParse parse = adapters::ParseProtocolToml(bundled.toml_text, bundled.name);
      ASSERT_TRUE(parse.errors.empty()) << parse.errors.front().message;
      protocol_ = std::move(*parse.protocol);
      return;
    }
    FAIL() << "no bundled protocol " << name;
  }

  Step At(UnixSeconds hour, const std::string& assessment_json) {
    adapters::ParseOutcome outcome = adapters::ParseAssessmentJson(assessment_json);
    EXPECT_TRUE(outcome.errors.empty()) << outcome.errors.front().message;
    if (!outcome.assessment) return {};
    context_.now = kStart + hour * kHour;
    const core::PatientContext context = core::ContextAt(*outcome.assessment, context_);
    Step step;
    step.grading = core::GradeAstct2019(*outcome.assessment);
    step.recommendation = core::Recommend(*outcome.assessment, step.grading, context, protocol_);
    context_.course.push_back(core::CourseGradeOf(step.grading, kStart + hour * kHour));
    return step;
  }

  void Give(Drug drug, UnixSeconds hour) {
    context_.given.push_back({drug, kStart + hour * kHour, std::nullopt});
  }

  static const core::RecommendedAction* Find(const core::Recommendation& r, Drug drug) {
    for (const core::RecommendedAction& action : r.actions) {
      if (action.kind == core::ActionKind::kDrug && action.drug == drug) return &action;
    }
    return nullptr;
  }

  static bool Withheld(const core::Recommendation& r, Drug drug) {
    return std::any_of(r.withheld.begin(), r.withheld.end(),
                       [drug](const core::WithheldAction& w) { return w.drug == drug; });
  }

  static bool AnySteroid(const core::Recommendation& r) {
    return std::any_of(r.actions.begin(), r.actions.end(), [](const core::RecommendedAction& a) {
      return a.kind == core::ActionKind::kDrug && a.drug && core::Describe(*a.drug).corticosteroid;
    });
  }

  static const core::RecommendedAction* FindRule(const core::Recommendation& r,
                                                 std::string_view rule) {
    for (const core::RecommendedAction& action : r.actions) {
      if (action.rule == rule) return &action;
    }
    return nullptr;
  }

  static bool Escalated(const core::Recommendation& r, std::string_view rule) {
    return std::any_of(r.escalations.begin(), r.escalations.end(),
                       [rule](const core::AppliedEscalation& e) { return e.rule == rule; });
  }

  static bool Needs(const core::Recommendation& r, std::string_view need) {
    return std::find(r.needs.begin(), r.needs.end(), need) != r.needs.end();
  }

  static std::string Dump(const core::Recommendation& r) {
    std::string out =
        "CRS " + std::to_string(r.crs_grade) + ", ICANS " + std::to_string(r.icans_grade) + "\n";
    for (const core::AppliedEscalation& e : r.escalations) out += "  escalation " + e.rule + "\n";
    for (const core::RecommendedAction& a : r.actions) {
      out += "  " + a.rule + (a.drug ? " " + std::string(core::Describe(*a.drug).code) : "") +
             (a.dose_mg ? " " + std::to_string(*a.dose_mg) + " mg" : "") + " " + a.when + "\n";
    }
    for (const std::string& n : r.needs) out += "  needs " + n + "\n";
    return out;
  }

  core::Protocol protocol_;
  core::PatientContext context_ = [] {
    core::PatientContext context;
    context.weight_kg = 70.0;
    return context;
  }();
};

class EpisodeTest : public EpisodeFixture, public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override { Load(GetParam()); }
};

TEST_P(EpisodeTest, CrsEscalatesFromFeverToSteroids) {
  // Hour 0, grade 1: supportive care; no IL-6 blockade, no steroids yet.
  Step step = At(0, kCrsGrade1);
  ASSERT_EQ(step.recommendation.crs_grade, 1);
  EXPECT_FALSE(step.recommendation.actions.empty());
  EXPECT_FALSE(AnySteroid(step.recommendation));
  EXPECT_EQ(step.recommendation.protocol_id, GetParam());

  // Hour 6, grade 2: tocilizumab now, 8 mg/kg x 70 kg = 560 mg.
  step = At(6, kCrsGrade2);
  ASSERT_EQ(step.recommendation.crs_grade, 2);
  const core::RecommendedAction* toci = Find(step.recommendation, Drug::kTocilizumab);
  ASSERT_NE(toci, nullptr);
  EXPECT_EQ(toci->dose_mg, 560.0);
  EXPECT_EQ(toci->when, "now");
  Give(Drug::kTocilizumab, 6);

  // Hour 10, still grade 2: a second dose only if there is no response by hour 14.
  step = At(10, kCrsGrade2);
  toci = Find(step.recommendation, Drug::kTocilizumab);
  ASSERT_NE(toci, nullptr);
  EXPECT_EQ(toci->not_before, kStart + 14 * kHour);
  EXPECT_EQ(toci->when, "if no response by 2026-03-01T22:00:00Z");

  // Hour 14, no response: second dose now.
  step = At(14, kCrsGrade2);
  toci = Find(step.recommendation, Drug::kTocilizumab);
  ASSERT_NE(toci, nullptr);
  EXPECT_EQ(toci->when, "now");
  Give(Drug::kTocilizumab, 14);

  // Hour 20, grade 3 after two doses: a corticosteroid is recommended.
  step = At(20, kCrsGrade3Masked);
  ASSERT_EQ(step.recommendation.crs_grade, 3);
  EXPECT_TRUE(AnySteroid(step.recommendation)) << GetParam();
}

TEST_P(EpisodeTest, TocilizumabCountLimitsHold) {
  Give(Drug::kTocilizumab, 0);
  Give(Drug::kTocilizumab, 8);
  Give(Drug::kTocilizumab, 16);
  // Hour 22: three doses within 24 h.
  Step step = At(22, kCrsGrade3Masked);
  EXPECT_EQ(Find(step.recommendation, Drug::kTocilizumab), nullptr);
  EXPECT_TRUE(Withheld(step.recommendation, Drug::kTocilizumab));
  EXPECT_TRUE(AnySteroid(step.recommendation));
}

TEST_P(EpisodeTest, IsolatedIcansGetsSteroidsNotTocilizumab) {
  Step step = At(48, kIsolatedIcansGrade2);
  ASSERT_EQ(step.recommendation.crs_grade, 0);
  ASSERT_EQ(step.recommendation.icans_grade, 2);
  EXPECT_EQ(Find(step.recommendation, Drug::kTocilizumab), nullptr);
  EXPECT_EQ(Find(step.recommendation, Drug::kSiltuximab), nullptr);
  EXPECT_TRUE(AnySteroid(step.recommendation)) << GetParam();
}

TEST_P(EpisodeTest, MissingWeightAsksForItInsteadOfDosing) {
  context_.weight_kg.reset();
  Step step = At(6, kCrsGrade2);
  const core::RecommendedAction* toci = Find(step.recommendation, Drug::kTocilizumab);
  ASSERT_NE(toci, nullptr);
  EXPECT_FALSE(toci->dose_mg);
  EXPECT_NE(
      std::find(step.recommendation.needs.begin(), step.recommendation.needs.end(), "weight_kg"),
      step.recommendation.needs.end());
}

TEST_P(EpisodeTest, SeizureBringsLevetiracetamNow) {
  // Hour 0, ICANS grade 2 without a seizure: no antiseizure drug.
  Step step = At(0, Findings(kVitalsNormal, Neuro(5)));
  ASSERT_EQ(step.recommendation.icans_grade, 2);
  EXPECT_EQ(Find(step.recommendation, Drug::kLevetiracetam), nullptr);
  EXPECT_FALSE(Needs(step.recommendation, "assessment.neuro.seizure"));
  // Hour 6, a rapidly resolving seizure: ICANS grade 3, levetiracetam now where the protocol has
  // it (ASCO, EBMT; the seed has no seizure treatment and refers).
  step = At(6, Findings(kVitalsNormal, Neuro(5, "rapidly_resolving")));
  ASSERT_EQ(step.recommendation.icans_grade, 3);
  const core::RecommendedAction* lev = Find(step.recommendation, Drug::kLevetiracetam);
  if (GetParam() == "seed-2026") {
    EXPECT_EQ(lev, nullptr);
  } else {
    ASSERT_NE(lev, nullptr) << Dump(step.recommendation);
    EXPECT_EQ(lev->when, "now");
    EXPECT_EQ(lev->kind, core::ActionKind::kDrug);
    EXPECT_EQ(Find(step.recommendation, Drug::kLorazepam), nullptr);
  }
  EXPECT_TRUE(AnySteroid(step.recommendation)) << Dump(step.recommendation);
  EXPECT_EQ(Find(step.recommendation, Drug::kTocilizumab), nullptr);
  // Hour 7, status epilepticus: ICANS grade 4, a benzodiazepine as well.
  step = At(7, Findings(kVitalsNormal, Neuro(0, "prolonged_over_5min")));
  ASSERT_EQ(step.recommendation.icans_grade, 4);
  if (GetParam() != "seed-2026") {
    EXPECT_NE(Find(step.recommendation, Drug::kLorazepam), nullptr) << Dump(step.recommendation);
    EXPECT_NE(Find(step.recommendation, Drug::kLevetiracetam), nullptr);
  }
}

TEST_P(EpisodeTest, IcansWithCrsGetsTocilizumabFirst) {
  Step step = At(0, Findings(kVitalsGrade2, Neuro(5)));
  ASSERT_EQ(step.recommendation.crs_grade, 2);
  ASSERT_EQ(step.recommendation.icans_grade, 2);
  const core::RecommendedAction* toci = Find(step.recommendation, Drug::kTocilizumab);
  ASSERT_NE(toci, nullptr) << Dump(step.recommendation);
  EXPECT_EQ(toci->dose_mg, 560.0);
  EXPECT_EQ(toci->when, "now");
}

TEST_P(EpisodeTest, PersistentGrade1FeverIsManagedAsGrade2WhereTheProtocolSaysSo) {
  // Afebrile at hour -8, fever from hour 0, charted every 8 h: grade 1 throughout.
  At(-8, Findings(kVitalsNormal));
  const bool escalates = GetParam() != "seed-2026";
  for (UnixSeconds hour = 0; hour <= 88; hour += 8) {
    SCOPED_TRACE("hour " + std::to_string(hour));
    const Step step = At(hour, Findings(kVitalsGrade1));
    ASSERT_EQ(step.recommendation.crs_grade, 1);
    EXPECT_FALSE(Needs(step.recommendation, "course")) << Dump(step.recommendation);
    EXPECT_FALSE(AnySteroid(step.recommendation));
    const core::RecommendedAction* toci = Find(step.recommendation, Drug::kTocilizumab);
    if (hour <= 72 || !escalates) {
      EXPECT_TRUE(step.recommendation.escalations.empty()) << Dump(step.recommendation);
      EXPECT_EQ(toci, nullptr) << Dump(step.recommendation);
    } else {
      // Fever for more than 72 h (ASCO 2021 Table 1 grade 1; EBMT 2022): grade 2 management.
      ASSERT_EQ(step.recommendation.escalations.size(), 1u) << Dump(step.recommendation);
      EXPECT_EQ(step.recommendation.escalations[0].manage_as, 2);
      ASSERT_NE(toci, nullptr) << Dump(step.recommendation);
      EXPECT_EQ(toci->dose_mg, 560.0);
      EXPECT_EQ(toci->escalation, step.recommendation.escalations[0].rule);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(ShippedProtocols, EpisodeTest,
                         ::testing::Values("seed-2026", "asco-2021", "ebmt-2022"),
                         [](const auto& test_info) {
                           std::string name = test_info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// ---- ASCO 2021: the rows that depend on the course ------------------------------------------

class AscoEpisodeTest : public EpisodeFixture {
 protected:
  void SetUp() override { Load("asco-2021"); }
};

TEST_F(AscoEpisodeTest, IcansWithCrsGetsDexamethasoneOnlyAfterTocilizumabFailed) {
  // Hour 0, CRS 2 with ICANS 2 (Table 2, grade 2 with concurrent CRS): tocilizumab, no steroid.
  Step step = At(0, Findings(kVitalsGrade2, Neuro(5)));
  ASSERT_NE(Find(step.recommendation, Drug::kTocilizumab), nullptr);
  EXPECT_FALSE(AnySteroid(step.recommendation)) << Dump(step.recommendation);
  Give(Drug::kTocilizumab, 0);
  // Hour 4: too early to judge the first dose.
  step = At(4, Findings(kVitalsGrade2, Neuro(5)));
  EXPECT_FALSE(AnySteroid(step.recommendation)) << Dump(step.recommendation);
  // Hour 8, no better: dexamethasone for the ICANS, and tocilizumab may be repeated.
  step = At(8, Findings(kVitalsGrade2, Neuro(5)));
  const core::RecommendedAction* dex = Find(step.recommendation, Drug::kDexamethasone);
  ASSERT_NE(dex, nullptr) << Dump(step.recommendation);
  EXPECT_EQ(dex->rule, "asco2021.icans.g2.dexamethasone-with-crs");
  EXPECT_EQ(dex->dose_mg, 10.0);
  EXPECT_EQ(dex->when, "now");
  ASSERT_NE(Find(step.recommendation, Drug::kTocilizumab), nullptr);
  EXPECT_EQ(Find(step.recommendation, Drug::kTocilizumab)->when, "now");
}

TEST_F(AscoEpisodeTest, IcansThatImprovedOnTocilizumabGetsNoSteroidForTheIcans) {
  // Hour 0, CRS 2 with ICANS 3: tocilizumab.
  Step step = At(0, Findings(kVitalsGrade2, Neuro(2)));
  ASSERT_EQ(step.recommendation.icans_grade, 3);
  ASSERT_NE(Find(step.recommendation, Drug::kTocilizumab), nullptr);
  EXPECT_FALSE(AnySteroid(step.recommendation)) << Dump(step.recommendation);
  Give(Drug::kTocilizumab, 0);
  // Hour 8, ICANS better (2), CRS better (1): no corticosteroid at all.
  step = At(8, Findings(kVitalsGrade1, Neuro(5)));
  ASSERT_EQ(step.recommendation.icans_grade, 2);
  ASSERT_EQ(step.recommendation.crs_grade, 1);
  EXPECT_EQ(FindRule(step.recommendation, "asco2021.icans.g2.dexamethasone-with-crs"), nullptr);
  EXPECT_FALSE(AnySteroid(step.recommendation)) << Dump(step.recommendation);
}

TEST_F(AscoEpisodeTest, RefractoryGrade3CrsIsManagedAsGrade4AndTheTaperStepsDown) {
  // Hour 0, CRS grade 3: dexamethasone 10 mg with tocilizumab.
  Step step = At(0, Findings(kVitalsGrade3));
  ASSERT_EQ(step.recommendation.crs_grade, 3);
  ASSERT_NE(Find(step.recommendation, Drug::kDexamethasone), nullptr);
  EXPECT_EQ(Find(step.recommendation, Drug::kDexamethasone)->dose_mg, 10.0);
  EXPECT_NE(Find(step.recommendation, Drug::kTocilizumab), nullptr);
  Give(Drug::kDexamethasone, 0);
  Give(Drug::kTocilizumab, 0);
  Give(Drug::kDexamethasone, 6);
  // Hour 12, still grade 3: not yet refractory.
  step = At(12, Findings(kVitalsGrade3));
  EXPECT_TRUE(step.recommendation.escalations.empty()) << Dump(step.recommendation);
  EXPECT_EQ(Find(step.recommendation, Drug::kMethylprednisolone), nullptr);
  Give(Drug::kDexamethasone, 12);
  Give(Drug::kDexamethasone, 18);
  // Hour 24, still grade 3: refractory, managed as grade 4: methylprednisolone 500 mg, step 1.
  step = At(24, Findings(kVitalsGrade3));
  ASSERT_TRUE(Escalated(step.recommendation, "asco2021.crs.g3.refractory"))
      << Dump(step.recommendation);
  const core::RecommendedAction* mp = Find(step.recommendation, Drug::kMethylprednisolone);
  ASSERT_NE(mp, nullptr) << Dump(step.recommendation);
  EXPECT_EQ(mp->rule, "asco2021.crs.g4.methylprednisolone");
  EXPECT_EQ(mp->dose_mg, 500.0);
  EXPECT_EQ(mp->escalation, "asco2021.crs.g3.refractory");
  ASSERT_TRUE(mp->regimen);
  EXPECT_EQ(mp->regimen->current_step, 0);
  EXPECT_EQ(Find(step.recommendation, Drug::kDexamethasone), nullptr) << Dump(step.recommendation);

  // The taper, a dose every 12 h from hour 24; CRS improves along the way. Dose k+1 is due at
  // hour 24 + 12k, after k doses.
  struct Due {
    int given;
    const char* vitals;
    int crs;
    std::optional<double> dose_mg;  // empty: the regimen has ended
    int step;
  };
  const Due schedule[] = {
      {0, kVitalsGrade3, 3, 500, 0},           {1, kVitalsGrade3, 3, 500, 0},
      {2, kVitalsGrade3, 3, 500, 0},           {3, kVitalsGrade2, 2, 500, 0},
      {4, kVitalsGrade2, 2, 500, 0},           {5, kVitalsGrade2, 2, 500, 0},
      {6, kVitalsGrade2, 2, 250, 1},           {7, kVitalsGrade2, 2, 250, 1},
      {8, kVitalsGrade1, 1, 250, 1},           {9, kVitalsGrade1, 1, 250, 1},
      {10, kVitalsGrade1, 1, 125, 2},          {11, kVitalsGrade1, 1, 125, 2},
      {12, kVitalsGrade1, 1, 125, 2},          {13, kVitalsGrade1, 1, 125, 2},
      {14, kVitalsGrade1, 1, std::nullopt, 3},
  };
  for (const Due& due : schedule) {
    const UnixSeconds hour = 24 + 12 * due.given;
    SCOPED_TRACE("hour " + std::to_string(hour) + ", " + std::to_string(due.given) +
                 " doses given");
    step = At(hour, Findings(due.vitals));
    ASSERT_EQ(step.recommendation.crs_grade, due.crs);
    mp = Find(step.recommendation, Drug::kMethylprednisolone);
    if (!due.dose_mg) {
      EXPECT_EQ(mp, nullptr) << Dump(step.recommendation);
      break;
    }
    ASSERT_NE(mp, nullptr) << Dump(step.recommendation);
    EXPECT_EQ(mp->rule, "asco2021.crs.g4.methylprednisolone");
    EXPECT_EQ(mp->dose_mg, *due.dose_mg) << mp->dose_basis;
    EXPECT_EQ(mp->when, "now");
    ASSERT_TRUE(mp->regimen);
    EXPECT_EQ(mp->regimen->current_step, due.step);
    EXPECT_EQ(mp->regimen->doses_given, due.given);
    // One corticosteroid at a time: no dexamethasone beside the taper.
    EXPECT_EQ(Find(step.recommendation, Drug::kDexamethasone), nullptr)
        << Dump(step.recommendation);
    Give(Drug::kMethylprednisolone, hour);
  }
}

TEST_F(AscoEpisodeTest, Grade4TaperReachesItsOpenStepAndStopsAtGrade1) {
  // CRS grade 4 from hour 0, a dose every 12 h: 6 x 500, 4 x 250, 4 x 125, then 60 mg until
  // grade 1.
  for (int given = 0; given <= 16; ++given) {
    const UnixSeconds hour = 12 * given;
    SCOPED_TRACE("hour " + std::to_string(hour));
    const bool grade1 = given == 16;
    const Step step = At(hour, Findings(grade1        ? kVitalsGrade1
                                        : given >= 14 ? kVitalsGrade2
                                                      : kVitalsGrade4));
    const core::RecommendedAction* mp = Find(step.recommendation, Drug::kMethylprednisolone);
    if (grade1) {
      EXPECT_EQ(mp, nullptr) << Dump(step.recommendation);
      break;
    }
    ASSERT_NE(mp, nullptr) << Dump(step.recommendation);
    const double expected = given < 6 ? 500 : given < 10 ? 250 : given < 14 ? 125 : 60;
    EXPECT_EQ(mp->dose_mg, expected);
    Give(Drug::kMethylprednisolone, hour);
  }
}

TEST_F(AscoEpisodeTest, AxiCelIcansGrade1HasAnEarlySteroidOption) {
  context_.product = core::Product::kAxiCel;
  Step step = At(0, Findings(kVitalsNormal, Neuro(8)));
  ASSERT_EQ(step.recommendation.icans_grade, 1);
  ASSERT_EQ(step.recommendation.crs_grade, 0);
  const core::RecommendedAction* dex = Find(step.recommendation, Drug::kDexamethasone);
  ASSERT_NE(dex, nullptr) << Dump(step.recommendation);
  EXPECT_EQ(dex->rule, "asco2021.icans.g1.dexamethasone-products");
  EXPECT_EQ(dex->dose_mg, 10.0);
  EXPECT_EQ(Find(step.recommendation, Drug::kTocilizumab), nullptr);

  context_.product = core::Product::kLisoCel;
  step = At(1, Findings(kVitalsNormal, Neuro(8)));
  EXPECT_FALSE(AnySteroid(step.recommendation)) << Dump(step.recommendation);
}

}  // namespace
}  // namespace cartwatch
