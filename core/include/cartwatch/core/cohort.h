// Figures over a cohort of patient courses (issue 4): per product group and overall, the incidence
// of CRS and ICANS (any grade and grade >= 3) with Wilson 95% confidence intervals, median (IQR)
// onset day and duration, tocilizumab use and response, steroid use, the highest CRS grade by each
// requested grading system, grade by day after infusion, and concordance tables between systems
// (as in Pennisi et al., Blood Adv 2020). Each product group carries the published figures of its
// product (product_figures.h), which are shown beside the cohort's own and are not comparable
// with them when the grading differs (docs/clinical/products.md).
//
// Pure statistics over PatientSummary (timeline.h): no I/O. Conventions, written out in
// docs/cohort-output.md:
// - A patient without an infusion (product unknown) goes in the "unknown" group, never into a
//   product group; it counts in "overall". Its by-day grades are all missing.
// - CRS incidence by a system counts the patients graded by that system at least once (the
//   denominator); others are "not assessed". ICANS likewise counts the patients with at least one
//   ICANS assessment (PatientSummary::icans_assessments, IcansAssessed()).
// - A highest grade that is a lower bound (a finding the grade reads was missing) is counted at
//   its proven value; the number of such patients is reported beside every incidence, so a
//   grade >= 3 incidence is then itself a lower bound.
// - Onset and duration are those of each patient's FIRST episode of the syndrome (ASTCT 2019
//   grading). An ongoing first episode (not resolved by the last assessment, censored) has no
//   duration: it is left out of the duration quartiles and counted apart.
#ifndef CARTWATCH_CORE_COHORT_H_
#define CARTWATCH_CORE_COHORT_H_

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/core/grading_systems.h"
#include "cartwatch/core/product_figures.h"
#include "cartwatch/core/products.h"
#include "cartwatch/core/timeline.h"

namespace cartwatch::core {

// Two-sided 95%: the 0.975 quantile of the standard normal distribution.
inline constexpr double kZ95 = 1.959963984540054;

// A share with its confidence interval. estimate, low and high are present together, and only
// when total > 0 and events <= total.
struct Proportion {
  std::uint64_t events = 0;
  std::uint64_t total = 0;
  std::optional<double> estimate;  // events / total, 0..1
  std::optional<double> low;
  std::optional<double> high;
};

// Wilson score interval without continuity correction (Wilson 1927; method 3 of Newcombe, Stat
// Med 1998), which keeps sensible bounds at 0/n and n/n where the Wald interval fails.
// total == 0, or events > total (a caller's error), gives no estimate and no interval.
Proportion WilsonInterval(std::uint64_t events, std::uint64_t total, double z = kZ95) noexcept;

// Quartiles by linear interpolation between order statistics: Hyndman and Fan (1996) type 7, the
// default of R's quantile() and of NumPy: for sorted x[0..n-1] and p, h = (n - 1) p and
// Q(p) = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]).
struct Quartiles {
  std::uint64_t n = 0;
  double min = 0.0;
  double q1 = 0.0;
  double median = 0.0;
  double q3 = 0.0;
  double max = 0.0;
};
// nullopt when `values` is empty. Values need not be sorted; NaN is not allowed (precondition).
std::optional<Quartiles> ComputeQuartiles(std::span<const double> values);

// The CRS grade counted for a system: the proven highest grade, or nullopt when the system never
// graded the patient.
struct GradeCount {
  std::array<std::uint64_t, 6> patients_at_grade{};  // highest grade 0..5
  std::uint64_t not_assessed = 0;
  std::uint64_t lower_bound = 0;  // patients whose highest grade is a lower bound
};

struct SyndromeFigures {
  Proportion any_grade;    // highest grade >= 1, among the assessed
  Proportion grade3_plus;  // highest grade >= 3, among the assessed
  GradeCount grades;
  // First episode of each patient who had one.
  std::optional<Quartiles> onset_day;      // whole days after infusion (day 0 = infusion day)
  std::optional<Quartiles> duration_days;  // resolved first episodes: hours / 24
  std::uint64_t onset_unknown = 0;         // first episode without a known infusion
  std::uint64_t duration_ongoing = 0;      // first episode still ongoing (censored)
};

// Per day 0..30 after infusion: patients assessed that day and their highest grade that day.
struct DayGrades {
  std::uint64_t assessed = 0;
  std::array<std::uint64_t, 6> at_grade{};
};
using GradeByDay = std::array<DayGrades, kDaysTracked>;

enum class CohortGroupKind : std::uint8_t { kOverall, kProduct, kUnknownProduct };

struct CohortGroup {
  CohortGroupKind kind = CohortGroupKind::kOverall;
  std::optional<Product> product;  // for kProduct
  std::string_view key;            // "overall", the product code, or "unknown"
  std::uint64_t patients = 0;
  SyndromeFigures crs;    // ASTCT 2019 (episodes, onset and duration are ASTCT)
  SyndromeFigures icans;  // ASTCT 2019
  // Highest CRS grade by each requested system (index = GradingSystem); nullopt when not
  // requested. crs_by_system[kAstct2019] repeats `crs` without the timing.
  std::array<std::optional<SyndromeFigures>, kGradingSystemCount> crs_by_system;
  Proportion tocilizumab_use;       // patients given at least one dose, among all
  Proportion tocilizumab_response;  // first dose responded, among first doses with known response
  std::uint64_t tocilizumab_response_unknown = 0;
  Proportion steroids;  // patients given any corticosteroid (protocol.h: DrugInfo::corticosteroid)
  std::array<std::uint64_t, kDrugCount> drug_patients{};  // patients given each drug (by Drug)
  GradeByDay crs_by_day{};                                // ASTCT
  GradeByDay icans_by_day{};                              // ASTCT
  std::span<const PublishedFigures> published;            // for kProduct; empty otherwise
};

// Patients by highest CRS grade under system `a` (rows) and `b` (columns), as in regrading
// studies. Only patients graded by both systems are counted.
struct Concordance {
  GradingSystem a = GradingSystem::kAstct2019;
  GradingSystem b = GradingSystem::kAstct2019;
  std::array<std::array<std::uint64_t, 6>, 6> patients{};  // [grade by a][grade by b]
  // Patients in each cell whose grade under a or b is a lower bound.
  std::array<std::array<std::uint64_t, 6>, 6> lower_bound_patients{};
  std::uint64_t lower_bound_cells = 0;  // non-empty cells holding such a patient
  std::uint64_t total = 0;
  Proportion agreement;  // same grade under both, with its Wilson interval
  std::uint64_t disagreements = 0;
  // The patients graded differently, in patient id order; at most kMaxListedDisagreements.
  std::vector<std::string> disagreeing_patients;
};
inline constexpr std::size_t kMaxListedDisagreements = 1000;

struct CohortReport {
  GradingSystemSet systems;
  std::vector<PatientSummary> patients;            // sorted by patient id (stable for equal ids)
  std::vector<std::string> duplicate_patient_ids;  // ids added more than once (each counted)
  // "overall" first, then the products present in enum order, then "unknown" when present.
  std::vector<CohortGroup> groups;
  std::vector<Concordance> concordance;  // each pair of requested systems, in enum order
};

// Whether ICANS was assessed at least once after infusion (PatientSummary::icans_assessments):
// the ICANS denominator. CRS needs no such helper: max_crs_grade[system] is set exactly when that
// system graded CRS at least once (PatientSummary::crs_assessments > 0 for ASTCT 2019).
bool IcansAssessed(const PatientSummary& patient) noexcept;

// Whether the patient was given any corticosteroid after infusion.
bool GivenSteroid(const PatientSummary& patient) noexcept;

// Collects patient summaries and computes the report. Memory grows with the number of patients
// (one summary each), never with the number of input rows.
class CohortBuilder {
 public:
  // `systems`: the CRS systems requested (ASTCT 2019 is always reported).
  explicit CohortBuilder(GradingSystemSet systems);

  // Patient ids should be unique; a repeated id is counted again and listed in
  // CohortReport::duplicate_patient_ids.
  void Add(PatientSummary patient);

  std::size_t size() const noexcept { return patients_.size(); }

  // Build() & copies the patients into the report; std::move(builder).Build() moves them.
  CohortReport Build() const&;
  CohortReport Build() &&;

 private:
  GradingSystemSet systems_;
  std::vector<PatientSummary> patients_;
};

}  // namespace cartwatch::core

#endif  // CARTWATCH_CORE_COHORT_H_
