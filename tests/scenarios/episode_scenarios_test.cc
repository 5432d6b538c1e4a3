// Episodes walked hour by hour under every shipped protocol: the bedside assessment is graded, the
// treatments given so far form the context, and the recommendation must follow the protocol's
// safety rules at each step. Expectations here hold for every shipped protocol; rule-by-rule
// expectations live in each protocol's own tests (adapters/protocol_toml).
#include <gtest/gtest.h>

#include <algorithm>
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

class EpisodeTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    for (const auto& bundled : adapters::BundledProtocols()) {
      if (bundled.name != GetParam()) continue;
      adapters::ProtocolParse parse = adapters::ParseProtocolToml(bundled.toml_text, bundled.name);
      ASSERT_TRUE(parse.errors.empty()) << parse.errors.front().message;
      protocol_ = std::move(*parse.protocol);
      return;
    }
    FAIL() << "no bundled protocol " << GetParam();
  }

  Step At(UnixSeconds hour, const char* assessment_json) {
    adapters::ParseOutcome outcome = adapters::ParseAssessmentJson(assessment_json);
    EXPECT_TRUE(outcome.errors.empty()) << outcome.errors.front().message;
    context_.now = kStart + hour * kHour;
    Step step;
    step.grading = core::GradeAstct2019(*outcome.assessment);
    step.recommendation = core::Recommend(step.grading, context_, protocol_);
    return step;
  }

  void Give(Drug drug, UnixSeconds hour) {
    context_.given.push_back({drug, kStart + hour * kHour, std::nullopt});
  }

  static const core::RecommendedAction* Find(const core::Recommendation& r, Drug drug) {
    for (const core::RecommendedAction& action : r.actions) {
      if (action.drug == drug) return &action;
    }
    return nullptr;
  }

  static bool Withheld(const core::Recommendation& r, Drug drug) {
    return std::any_of(r.withheld.begin(), r.withheld.end(),
                       [drug](const core::WithheldAction& w) { return w.drug == drug; });
  }

  static bool AnySteroid(const core::Recommendation& r) {
    return std::any_of(r.actions.begin(), r.actions.end(), [](const core::RecommendedAction& a) {
      return a.drug && core::Describe(*a.drug).corticosteroid;
    });
  }

  core::Protocol protocol_;
  core::PatientContext context_ = [] {
    core::PatientContext context;
    context.weight_kg = 70.0;
    return context;
  }();
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

INSTANTIATE_TEST_SUITE_P(ShippedProtocols, EpisodeTest,
                         ::testing::Values("seed-2026", "asco-2021", "ebmt-2022"),
                         [](const auto& test_info) {
                           std::string name = test_info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace cartwatch
