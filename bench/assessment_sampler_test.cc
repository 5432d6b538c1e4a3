// The load generator must produce what it claims: valid records, the same stream for the same
// seed, a spread of grades, and JSON that the strict cartwatch.assessment/1 reader accepts and
// reads back to the same assessment.
#include "assessment_sampler.h"

#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <string>

#include "cartwatch/adapters/assessment_json.h"
#include "cartwatch/core/grading.h"
#include "cartwatch/core/validate.h"

namespace cartwatch::bench {
namespace {

constexpr int kSamples = 20000;

std::string Json(const SampledAssessment& record) {
  std::string out;
  AppendAssessmentJson(record, out);
  return out;
}

bool SameIce(const std::optional<core::IceItems>& a, const std::optional<core::IceItems>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  return a->orientation == b->orientation && a->naming == b->naming && a->commands == b->commands &&
         a->writing == b->writing && a->attention == b->attention;
}

bool SameOxygen(const std::optional<core::OxygenSupport>& a,
                const std::optional<core::OxygenSupport>& b) {
  if (a.has_value() != b.has_value()) return false;
  if (!a) return true;
  return a->device == b->device && a->flow_l_per_min == b->flow_l_per_min && a->reason == b->reason;
}

bool SameAssessment(const core::Assessment& a, const core::Assessment& b) {
  const core::NeuroAssessment& n = a.neuro;
  const core::NeuroAssessment& m = b.neuro;
  return a.patient_id == b.patient_id && a.time == b.time && a.age_years == b.age_years &&
         a.temperature_celsius == b.temperature_celsius &&
         a.fever_other_cause == b.fever_other_cause && a.fever_masked == b.fever_masked &&
         a.hypotension == b.hypotension && a.vasopressors == b.vasopressors &&
         SameOxygen(a.oxygen, b.oxygen) && SameIce(n.ice_items, m.ice_items) &&
         n.ice_total == m.ice_total && n.capd_total == m.capd_total &&
         n.developmental_delay == m.developmental_delay && n.consciousness == m.consciousness &&
         n.seizure == m.seizure && n.motor == m.motor && n.icp == m.icp &&
         a.crs_death == b.crs_death && a.icans_death == b.icans_death;
}

TEST(AssessmentSampler, EveryRecordPassesValidate) {
  AssessmentSampler sampler(1);
  for (int i = 0; i < kSamples; ++i) {
    const SampledAssessment record = sampler.Next();
    const auto errors = core::Validate(record.assessment);
    ASSERT_TRUE(errors.empty()) << "record " << i << ": " << Json(record) << "\n"
                                << errors.front().name() << " " << errors.front().field << ": "
                                << errors.front().message;
  }
}

TEST(AssessmentSampler, SameSeedSameStreamOtherSeedOtherStream) {
  AssessmentSampler a(7);
  AssessmentSampler b(7);
  AssessmentSampler c(8);
  int differing = 0;
  for (int i = 0; i < 1000; ++i) {
    const std::string from_a = Json(a.Next());
    ASSERT_EQ(from_a, Json(b.Next()));
    if (from_a != Json(c.Next())) ++differing;
  }
  EXPECT_GT(differing, 900);
}

TEST(AssessmentSampler, GradesSpreadOverTheWholeScale) {
  AssessmentSampler sampler(3);
  std::array<int, 6> crs{};
  std::array<int, 6> icans{};
  int crs_lower_bounds = 0;
  int icans_lower_bounds = 0;
  int fahrenheit = 0;
  for (int i = 0; i < kSamples; ++i) {
    const SampledAssessment record = sampler.Next();
    const core::Grading g = core::GradeAstct2019(record.assessment);
    ++crs[static_cast<std::size_t>(g.crs.grade)];
    ++icans[static_cast<std::size_t>(g.icans.grade)];
    crs_lower_bounds += g.crs.lower_bound() ? 1 : 0;
    icans_lower_bounds += g.icans.lower_bound() ? 1 : 0;
    fahrenheit += record.temperature_in_fahrenheit ? 1 : 0;
  }
  for (std::size_t grade = 0; grade < 6; ++grade) {
    EXPECT_GT(crs[grade], 0) << "no CRS grade " << grade;
    EXPECT_GT(icans[grade], 0) << "no ICANS grade " << grade;
  }
  // A ward, not an ICU: most records grade 0-1.
  EXPECT_GT(crs[0] + crs[1], kSamples / 2);
  EXPECT_GT(icans[0] + icans[1], kSamples / 2);
  // Some charts are incomplete, most are not.
  EXPECT_GT(crs_lower_bounds, kSamples / 50);
  EXPECT_LT(crs_lower_bounds, kSamples / 2);
  EXPECT_GT(icans_lower_bounds, kSamples / 50);
  EXPECT_LT(icans_lower_bounds, kSamples / 2);
  EXPECT_GT(fahrenheit, kSamples / 10);
}

TEST(AssessmentSampler, JsonReadsBackToTheSameAssessment) {
  AssessmentSampler sampler(5);
  for (int i = 0; i < kSamples; ++i) {
    const SampledAssessment record = sampler.Next();
    const std::string json = Json(record);
    ASSERT_EQ(json.find('\n'), std::string::npos) << "NDJSON needs one record a line";
    const adapters::ParseOutcome parsed = adapters::ParseAssessmentJson(json);
    ASSERT_TRUE(parsed.errors.empty())
        << json << "\n"
        << parsed.errors.front().name() << " " << parsed.errors.front().field << ": "
        << parsed.errors.front().message;
    ASSERT_TRUE(parsed.assessment.has_value()) << json;
    ASSERT_TRUE(SameAssessment(*parsed.assessment, record.assessment)) << json;
  }
}

}  // namespace
}  // namespace cartwatch::bench
