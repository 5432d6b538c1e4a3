// A seeded generator of synthetic CAR-T courses: for each patient, the infusion (day 0) and a
// time-ordered series of timeline entries (vital signs, oxygen and vasopressors, ICE or CAPD,
// laboratory organ-toxicity grades and treatments), as a ward's electronic record would hold them.
//
// SYNTHETIC, NOT CLINICAL DATA. The model (docs/synthetic-cohort.md) draws each patient's CRS and
// ICANS from per-product rates and timings of the pivotal trials (docs/clinical/products.md,
// monitoring.md), then plays the course hour by hour with a simulated ward: charting every 1-4 h
// depending on severity, paracetamol for fever, tocilizumab from CRS grade 2 with the label's
// re-dose limits, dexamethasone for CRS grade >= 3 or ICANS >= 2, and some gaps in the record. It
// exists to feed tests and benchmarks with plausible courses; it proves nothing about any product.
//
// Reproducible: a patient depends only on the seed, the options and its index, and is drawn from a
// fully specified generator (xoshiro256**, seeded by SplitMix64) with our own range mapping and
// only +, -, *, / on doubles, so the same seed gives the same cohort on every platform.
#ifndef CARTWATCH_SYNTHETIC_COHORT_SAMPLER_H_
#define CARTWATCH_SYNTHETIC_COHORT_SAMPLER_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/core/products.h"
#include "cartwatch/core/result.h"
#include "cartwatch/core/time.h"
#include "cartwatch/core/timeline.h"

namespace cartwatch::synthetic {

struct ProductShare {
  core::Product product;
  double weight = 1.0;  // relative; need not sum to 1
};

// The default mix: every product cartwatch knows, weighted roughly like a large centre's mix
// (an assumption of this generator, not a published figure).
std::vector<ProductShare> DefaultProductMix();

// Parses "axi-cel,liso-cel" (equal shares) or "axi-cel:3,liso-cel:1"; products by code, generic
// or brand name. Errors name the item that could not be read.
core::Result<std::vector<ProductShare>> ParseProductMix(std::string_view text);

struct CohortOptions {
  std::vector<ProductShare> mix = DefaultProductMix();
  int days = 28;  // days followed after the infusion (1..30)
  // Infusion of patient 0; later patients follow, kInfusionsPerDay a day (times non-decreasing
  // with the index, so an export interleaved by time holds few patients open at once).
  core::UnixSeconds first_infusion = 1514793600;  // 2018-01-01T08:00:00Z
};

inline constexpr int kInfusionsPerDay = 8;

// What the generator meant to happen, for tests and for reading a cohort against its truth.
// Grades are ASTCT 2019 levels of the simulated patient; what a grader computes from the record
// can differ (masked fever, gaps, carried findings), which is the point of a realistic record.
struct CourseTruth {
  double age_years = 0.0;
  double weight_kg = 0.0;
  int crs_peak_grade = 0;  // 0 = no CRS; 5 = death from CRS
  std::optional<double> crs_onset_hours;
  int icans_peak_grade = 0;
  std::optional<double> icans_onset_hours;
  bool record_gap = false;  // a stretch of 10-20 h without charting
};

struct SyntheticPatient {
  std::string patient_id;  // "SYN-000001", index + 1
  core::Infusion infusion;
  // Strictly increasing times. The first entry is the admission baseline, 2 h before
  // infusion.time, so first entries come in patient order too.
  std::vector<core::TimelineEntry> entries;
  CourseTruth truth;
};

class CohortSampler {
 public:
  // Precondition: options.mix holds at least one share with a positive weight, 1 <= days <= 30
  // (ParseProductMix and the CLI check these).
  CohortSampler(std::uint64_t seed, CohortOptions options);

  // Patient `index` (0-based). Depends only on the seed, the options and `index`.
  SyntheticPatient Patient(std::uint64_t index) const;

  // Infusion time of patient `index` (non-decreasing with the index), without drawing the course.
  core::UnixSeconds InfusionTime(std::uint64_t index) const noexcept;

  const CohortOptions& options() const noexcept { return options_; }

 private:
  std::uint64_t seed_;
  CohortOptions options_;
  double total_weight_ = 0.0;
};

}  // namespace cartwatch::synthetic

#endif  // CARTWATCH_SYNTHETIC_COHORT_SAMPLER_H_
