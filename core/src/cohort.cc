#include "cartwatch/core/cohort.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>

namespace cartwatch::core {
namespace {

constexpr std::size_t Index(GradingSystem system) { return static_cast<std::size_t>(system); }
constexpr std::size_t kAstctIndex = Index(GradingSystem::kAstct2019);

// Type 7 quantile of sorted, non-empty values.
double QuantileType7(const std::vector<double>& sorted, double p) {
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const double below = std::floor(h);
  const auto i = static_cast<std::size_t>(below);
  if (i + 1 >= sorted.size()) return sorted.back();
  return sorted[i] + (h - below) * (sorted[i + 1] - sorted[i]);
}

std::size_t GradeIndex(int grade) { return static_cast<std::size_t>(std::clamp(grade, 0, 5)); }

// One syndrome (or one CRS system) over a group, before the figures are derived.
struct SyndromeTally {
  GradeCount grades;
  std::vector<double> onset_days;
  std::vector<double> duration_days;
  std::uint64_t onset_unknown = 0;
  std::uint64_t duration_ongoing = 0;

  void AddGrade(std::optional<int> highest, bool lower_bound) {
    if (!highest) {
      ++grades.not_assessed;
      return;
    }
    ++grades.patients_at_grade[GradeIndex(*highest)];
    if (lower_bound) ++grades.lower_bound;
  }

  void AddFirstEpisode(const std::vector<Episode>& episodes) {
    if (episodes.empty()) return;
    const Episode& first = episodes.front();
    if (first.onset_day) {
      onset_days.push_back(static_cast<double>(*first.onset_day));
    } else {
      ++onset_unknown;
    }
    if (first.ongoing) {
      ++duration_ongoing;
    } else if (first.duration_hours) {
      duration_days.push_back(*first.duration_hours / 24.0);
    }
  }

  SyndromeFigures Figures(bool with_timing) const {
    SyndromeFigures figures;
    figures.grades = grades;
    std::uint64_t assessed = 0;
    std::uint64_t any = 0;
    std::uint64_t severe = 0;
    for (std::size_t grade = 0; grade < grades.patients_at_grade.size(); ++grade) {
      const std::uint64_t count = grades.patients_at_grade[grade];
      assessed += count;
      if (grade >= 1) any += count;
      if (grade >= 3) severe += count;
    }
    figures.any_grade = WilsonInterval(any, assessed);
    figures.grade3_plus = WilsonInterval(severe, assessed);
    if (with_timing) {
      figures.onset_day = ComputeQuartiles(onset_days);
      figures.duration_days = ComputeQuartiles(duration_days);
      figures.onset_unknown = onset_unknown;
      figures.duration_ongoing = duration_ongoing;
    }
    return figures;
  }
};

void AddDays(GradeByDay& by_day, const std::array<std::int8_t, kDaysTracked>& grades) {
  for (std::size_t day = 0; day < grades.size(); ++day) {
    if (grades[day] < 0) continue;
    ++by_day[day].assessed;
    ++by_day[day].at_grade[GradeIndex(grades[day])];
  }
}

CohortGroup Summarise(CohortGroupKind kind, std::optional<Product> product, std::string_view key,
                      const std::vector<const PatientSummary*>& members, GradingSystemSet systems) {
  CohortGroup group;
  group.kind = kind;
  group.product = product;
  group.key = key;
  group.patients = members.size();
  if (product) group.published = PublishedFiguresOf(*product);

  SyndromeTally crs;
  SyndromeTally icans;
  std::array<SyndromeTally, kGradingSystemCount> by_system;
  std::uint64_t tocilizumab = 0;
  std::uint64_t responded = 0;
  std::uint64_t response_known = 0;
  std::uint64_t steroids = 0;
  for (const PatientSummary* patient : members) {
    crs.AddGrade(patient->max_crs_grade[kAstctIndex], patient->max_crs_lower_bound[kAstctIndex]);
    crs.AddFirstEpisode(patient->crs_episodes);
    if (IcansAssessed(*patient)) {
      icans.AddGrade(patient->max_icans_grade, patient->max_icans_lower_bound);
    } else {
      icans.AddGrade(std::nullopt, false);
    }
    icans.AddFirstEpisode(patient->icans_episodes);
    for (const GradingSystemInfo& info : GradingSystems()) {
      if (!systems.Contains(info.id)) continue;
      by_system[Index(info.id)].AddGrade(patient->max_crs_grade[Index(info.id)],
                                         patient->max_crs_lower_bound[Index(info.id)]);
    }
    for (std::size_t drug = 0; drug < patient->drugs.size(); ++drug) {
      if (patient->drugs[drug].doses > 0) ++group.drug_patients[drug];
    }
    if (patient->drugs[static_cast<std::size_t>(Drug::kTocilizumab)].doses > 0) ++tocilizumab;
    if (!patient->tocilizumab.empty()) {
      switch (patient->tocilizumab.front().response) {
        case TocilizumabResponse::kResponded:
          ++responded;
          ++response_known;
          break;
        case TocilizumabResponse::kNoResponse:
          ++response_known;
          break;
        case TocilizumabResponse::kUnknown:
          ++group.tocilizumab_response_unknown;
          break;
      }
    }
    if (GivenSteroid(*patient)) ++steroids;
    AddDays(group.crs_by_day, patient->crs_grade_by_day);
    AddDays(group.icans_by_day, patient->icans_grade_by_day);
  }
  group.crs = crs.Figures(true);
  group.icans = icans.Figures(true);
  for (const GradingSystemInfo& info : GradingSystems()) {
    if (systems.Contains(info.id))
      group.crs_by_system[Index(info.id)] = by_system[Index(info.id)].Figures(false);
  }
  group.tocilizumab_use = WilsonInterval(tocilizumab, members.size());
  group.tocilizumab_response = WilsonInterval(responded, response_known);
  group.steroids = WilsonInterval(steroids, members.size());
  return group;
}

Concordance Compare(GradingSystem a, GradingSystem b, const std::vector<PatientSummary>& patients) {
  Concordance table;
  table.a = a;
  table.b = b;
  std::uint64_t agree = 0;
  for (const PatientSummary& patient : patients) {
    const std::optional<int> grade_a = patient.max_crs_grade[Index(a)];
    const std::optional<int> grade_b = patient.max_crs_grade[Index(b)];
    if (!grade_a || !grade_b) continue;
    const std::size_t row = GradeIndex(*grade_a);
    const std::size_t column = GradeIndex(*grade_b);
    ++table.patients[row][column];
    ++table.total;
    if (patient.max_crs_lower_bound[Index(a)] || patient.max_crs_lower_bound[Index(b)]) {
      ++table.lower_bound_patients[row][column];
    }
    if (row == column) {
      ++agree;
    } else {
      ++table.disagreements;
      if (table.disagreeing_patients.size() < kMaxListedDisagreements) {
        table.disagreeing_patients.push_back(patient.patient_id);
      }
    }
  }
  for (const auto& row : table.lower_bound_patients) {
    for (std::uint64_t count : row) table.lower_bound_cells += count > 0 ? 1 : 0;
  }
  table.agreement = WilsonInterval(agree, table.total);
  return table;
}

CohortReport BuildReport(GradingSystemSet systems, std::vector<PatientSummary> patients) {
  CohortReport report;
  systems.Add(GradingSystem::kAstct2019);
  report.systems = systems;
  std::stable_sort(
      patients.begin(), patients.end(),
      [](const PatientSummary& x, const PatientSummary& y) { return x.patient_id < y.patient_id; });
  for (std::size_t i = 1; i < patients.size(); ++i) {
    if (patients[i].patient_id == patients[i - 1].patient_id &&
        (report.duplicate_patient_ids.empty() ||
         report.duplicate_patient_ids.back() != patients[i].patient_id)) {
      report.duplicate_patient_ids.push_back(patients[i].patient_id);
    }
  }
  report.patients = std::move(patients);

  std::vector<const PatientSummary*> everyone;
  std::array<std::vector<const PatientSummary*>, kProductCount> by_product;
  std::vector<const PatientSummary*> unknown;
  everyone.reserve(report.patients.size());
  for (const PatientSummary& patient : report.patients) {
    everyone.push_back(&patient);
    if (patient.infusion) {
      by_product[static_cast<std::size_t>(patient.infusion->product)].push_back(&patient);
    } else {
      unknown.push_back(&patient);
    }
  }
  report.groups.push_back(
      Summarise(CohortGroupKind::kOverall, std::nullopt, "overall", everyone, systems));
  for (const ProductInfo& product : Products()) {
    const auto& members = by_product[static_cast<std::size_t>(product.id)];
    if (members.empty()) continue;
    report.groups.push_back(
        Summarise(CohortGroupKind::kProduct, product.id, product.code, members, systems));
  }
  if (!unknown.empty()) {
    report.groups.push_back(
        Summarise(CohortGroupKind::kUnknownProduct, std::nullopt, "unknown", unknown, systems));
  }

  const auto all = GradingSystems();
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (!systems.Contains(all[i].id)) continue;
    for (std::size_t j = i + 1; j < all.size(); ++j) {
      if (!systems.Contains(all[j].id)) continue;
      report.concordance.push_back(Compare(all[i].id, all[j].id, report.patients));
    }
  }
  return report;
}

}  // namespace

Proportion WilsonInterval(std::uint64_t events, std::uint64_t total, double z) noexcept {
  Proportion proportion;
  proportion.events = events;
  proportion.total = total;
  if (total == 0 || events > total) return proportion;
  const double n = static_cast<double>(total);
  const double p = static_cast<double>(events) / n;
  const double z2 = z * z;
  const double denominator = 1.0 + z2 / n;
  const double centre = (p + z2 / (2.0 * n)) / denominator;
  const double half = z / denominator * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
  proportion.estimate = p;
  // At 0/n and n/n the exact bound is 0 or 1; rounding would leave 1e-17 or 0.9999999999999999.
  proportion.low = events == 0 ? 0.0 : centre - half;
  proportion.high = events == total ? 1.0 : centre + half;
  return proportion;
}

std::optional<Quartiles> ComputeQuartiles(std::span<const double> values) {
  if (values.empty()) return std::nullopt;
  std::vector<double> sorted(values.begin(), values.end());
  std::sort(sorted.begin(), sorted.end());
  Quartiles quartiles;
  quartiles.n = sorted.size();
  quartiles.min = sorted.front();
  quartiles.q1 = QuantileType7(sorted, 0.25);
  quartiles.median = QuantileType7(sorted, 0.5);
  quartiles.q3 = QuantileType7(sorted, 0.75);
  quartiles.max = sorted.back();
  return quartiles;
}

bool IcansAssessed(const PatientSummary& patient) noexcept { return patient.icans_assessments > 0; }

bool GivenSteroid(const PatientSummary& patient) noexcept {
  for (const DrugInfo& drug : Drugs()) {
    if (drug.corticosteroid && patient.drugs[static_cast<std::size_t>(drug.drug)].doses > 0) {
      return true;
    }
  }
  return false;
}

CohortBuilder::CohortBuilder(GradingSystemSet systems) : systems_(systems) {}

void CohortBuilder::Add(PatientSummary patient) { patients_.push_back(std::move(patient)); }

CohortReport CohortBuilder::Build() const& { return BuildReport(systems_, patients_); }

CohortReport CohortBuilder::Build() && { return BuildReport(systems_, std::move(patients_)); }

}  // namespace cartwatch::core
