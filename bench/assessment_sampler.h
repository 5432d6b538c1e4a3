// A seeded source of realistic, valid assessments for benchmarks and load files.
//
// The mix imitates a CAR-T ward: most assessments show no or grade 1 CRS and no ICANS, a tail
// reaches grade 3-4, deaths are rare, and findings are left out often enough that about one CRS
// grade in seven and one ICANS grade in four is only a lower bound (neurological findings such as
// ICP signs are charted less reliably than vital signs). Every record passes core::Validate
// (tested). The same seed gives the same stream on every platform:
// only std::mt19937_64 (fully specified by the standard) and our own range mapping are used,
// never the implementation-defined std::*_distribution.
#ifndef CARTWATCH_BENCH_ASSESSMENT_SAMPLER_H_
#define CARTWATCH_BENCH_ASSESSMENT_SAMPLER_H_

#include <cstdint>
#include <random>
#include <string>

#include "cartwatch/core/assessment.h"

namespace cartwatch::bench {

struct SampledAssessment {
  core::Assessment assessment;
  // The temperature as charted. When the chart used [degF], assessment.temperature_celsius holds
  // the converted value and this holds the original, so the JSON can carry what was charted.
  bool temperature_in_fahrenheit = false;
  double temperature_charted = 0.0;
};

class AssessmentSampler {
 public:
  explicit AssessmentSampler(std::uint64_t seed) : rng_(seed) {}

  SampledAssessment Next();

 private:
  int Uniform(int low, int high);  // inclusive
  double Tenths(int low_tenths, int high_tenths);
  bool Chance(double probability);

  void SampleCrs(SampledAssessment& record);
  void SampleIcans(core::Assessment& assessment);
  core::IceItems IceItemsWithTotal(int total);

  std::mt19937_64 rng_;
  std::uint64_t index_ = 0;
};

// Appends `record` as one cartwatch.assessment/1 JSON object, without a newline.
void AppendAssessmentJson(const SampledAssessment& record, std::string& out);

}  // namespace cartwatch::bench

#endif  // CARTWATCH_BENCH_ASSESSMENT_SAMPLER_H_
