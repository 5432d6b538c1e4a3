// cartwatch.cohort/1: the cohort report as one JSON document (docs/cohort-output.md,
// docs/schema/cartwatch.cohort-1.schema.json).
#include <nlohmann/json.hpp>
#include <string>

#include "cartwatch/adapters/cohort_report.h"
#include "cartwatch/core/sources.h"
#include "cartwatch/core/time.h"
#include "cartwatch/core/unreachable.h"
#include "summary_json.h"

namespace cartwatch::adapters {
namespace {

using summary_json::EpisodeJson;
using summary_json::GradesByDay;
using summary_json::Json;
using summary_json::ResponseCode;

constexpr std::string_view kSchema = "cartwatch.cohort/1";
constexpr std::string_view kDecisionSupport =
    "Decision support and research use: a clinician decides. Figures are only as complete as "
    "the records; a grade from incomplete data is a lower bound.";

std::string_view SystemKey(core::GradingSystem system) { return core::Describe(system).key; }

Json Optional(const std::optional<double>& value) { return value ? Json(*value) : Json(nullptr); }

Json Time(const std::optional<core::UnixSeconds>& time) {
  return time ? Json(core::FormatRfc3339Utc(*time)) : Json(nullptr);
}

Json ProportionJson(const core::Proportion& p) {
  return {{"events", p.events},
          {"total", p.total},
          {"estimate", Optional(p.estimate)},
          {"low", Optional(p.low)},
          {"high", Optional(p.high)}};
}

Json QuartilesJson(const std::optional<core::Quartiles>& q) {
  if (!q) return nullptr;
  return {{"n", q->n},           {"min", q->min}, {"q1", q->q1},
          {"median", q->median}, {"q3", q->q3},   {"max", q->max}};
}

Json SyndromeJson(const core::SyndromeFigures& figures, bool with_timing) {
  Json out = {{"any_grade", ProportionJson(figures.any_grade)},
              {"grade3_plus", ProportionJson(figures.grade3_plus)},
              {"patients_at_grade", figures.grades.patients_at_grade},
              {"not_assessed", figures.grades.not_assessed},
              {"lower_bound", figures.grades.lower_bound}};
  if (with_timing) {
    out["onset_day"] = QuartilesJson(figures.onset_day);
    out["duration_days"] = QuartilesJson(figures.duration_days);
    out["onset_unknown"] = figures.onset_unknown;
    out["duration_ongoing"] = figures.duration_ongoing;
  }
  return out;
}

Json ByDayJson(const core::GradeByDay& by_day) {
  Json days = Json::array();
  for (std::size_t day = 0; day < by_day.size(); ++day) {
    days.push_back(
        {{"day", day}, {"assessed", by_day[day].assessed}, {"at_grade", by_day[day].at_grade}});
  }
  return days;
}

Json FigureJson(const std::optional<core::FigureValue>& value) {
  if (!value) return nullptr;
  return {{"low", value->low},
          {"high", value->high},
          {"approximate", value->approximate},
          {"unconfirmed", value->unconfirmed}};
}

Json PublishedJson(const core::PublishedFigures& row) {
  return {{"id", row.id},
          {"origin", core::CodeOf(row.origin)},
          {"source", core::Describe(row.source).key},
          {"name", row.name},
          {"crs_grading", row.crs_grading ? Json(SystemKey(*row.crs_grading)) : Json(nullptr)},
          {"crs_grading_unconfirmed", row.crs_grading_unconfirmed},
          {"grading_text", row.grading_text},
          {"crs_any_percent", FigureJson(row.crs_any_percent)},
          {"crs_grade3_plus_percent", FigureJson(row.crs_grade3_plus_percent)},
          {"nt_grade3_plus_percent", FigureJson(row.nt_grade3_plus_percent)},
          {"icans_grade3_plus_percent", FigureJson(row.icans_grade3_plus_percent)},
          {"crs_onset_median_days", FigureJson(row.crs_onset_median_days)},
          {"crs_duration_median_days", FigureJson(row.crs_duration_median_days)},
          {"seed_check", row.seed_check == core::SeedCheck::kNotASeedClaim
                             ? Json(nullptr)
                             : Json(core::CodeOf(row.seed_check))},
          {"note", row.note}};
}

Json ProductJson(core::Product product) {
  const core::ProductInfo& info = core::Describe(product);
  return {{"code", info.code},
          {"generic", info.generic},
          {"brand", info.brand},
          {"target", info.target},
          {"costimulation", info.costimulation == core::Costimulation::kCd28 ? "CD28" : "4-1BB"}};
}

std::string_view KindCode(core::CohortGroupKind kind) {
  switch (kind) {
    case core::CohortGroupKind::kOverall:
      return "overall";
    case core::CohortGroupKind::kProduct:
      return "product";
    case core::CohortGroupKind::kUnknownProduct:
      return "unknown_product";
  }
  CARTWATCH_UNREACHABLE("unknown CohortGroupKind");
}

Json GroupJson(const core::CohortGroup& group, core::GradingSystemSet systems) {
  Json out = {{"key", group.key},
              {"kind", KindCode(group.kind)},
              {"product", group.product ? ProductJson(*group.product) : Json(nullptr)},
              {"patients", group.patients},
              {"crs", SyndromeJson(group.crs, true)},
              {"icans", SyndromeJson(group.icans, true)}};
  Json by_system = Json::object();
  for (const core::GradingSystemInfo& info : core::GradingSystems()) {
    const auto& figures = group.crs_by_system[static_cast<std::size_t>(info.id)];
    if (systems.Contains(info.id) && figures) by_system[info.key] = SyndromeJson(*figures, false);
  }
  out["crs_by_system"] = std::move(by_system);
  out["tocilizumab"] = {{"use", ProportionJson(group.tocilizumab_use)},
                        {"first_dose_response", ProportionJson(group.tocilizumab_response)},
                        {"first_dose_response_unknown", group.tocilizumab_response_unknown}};
  out["steroids"] = ProportionJson(group.steroids);
  Json drugs = Json::object();
  for (const core::DrugInfo& drug : core::Drugs()) {
    drugs[drug.code] = group.drug_patients[static_cast<std::size_t>(drug.drug)];
  }
  out["drug_patients"] = std::move(drugs);
  out["crs_by_day"] = ByDayJson(group.crs_by_day);
  out["icans_by_day"] = ByDayJson(group.icans_by_day);
  Json published = Json::array();
  for (const core::PublishedFigures& row : group.published) published.push_back(PublishedJson(row));
  out["published"] = std::move(published);
  return out;
}

Json ConcordanceJson(const core::Concordance& table) {
  return {
      {"a", SystemKey(table.a)},
      {"b", SystemKey(table.b)},
      {"total", table.total},
      {"patients", table.patients},
      {"lower_bound_patients", table.lower_bound_patients},
      {"lower_bound_cells", table.lower_bound_cells},
      {"agreement", ProportionJson(table.agreement)},
      {"disagreements", table.disagreements},
      {"disagreeing_patients", table.disagreeing_patients},
      {"disagreeing_patients_truncated", table.disagreements > table.disagreeing_patients.size()}};
}

Json GradeJson(std::optional<int> grade, bool lower_bound) {
  return {{"grade", grade ? Json(*grade) : Json(nullptr)}, {"lower_bound", lower_bound}};
}

Json PatientJson(const core::PatientSummary& patient, core::GradingSystemSet systems) {
  Json out = {
      {"patient_id", patient.patient_id},
      {"product",
       patient.infusion ? Json(core::Describe(patient.infusion->product).code) : Json(nullptr)},
      {"infusion_time",
       patient.infusion ? Json(core::FormatRfc3339Utc(patient.infusion->time)) : Json(nullptr)},
      {"assessments", patient.assessments},
      {"baseline_assessments", patient.baseline_assessments},
      {"crs_assessments", patient.crs_assessments},
      {"icans_assessments", patient.icans_assessments},
      {"first_time", Time(patient.first_time)},
      {"last_time", Time(patient.last_time)}};
  Json max_crs = Json::object();
  for (const core::GradingSystemInfo& info : core::GradingSystems()) {
    if (!systems.Contains(info.id)) continue;
    const auto index = static_cast<std::size_t>(info.id);
    max_crs[info.key] = GradeJson(patient.max_crs_grade[index], patient.max_crs_lower_bound[index]);
  }
  out["max_crs_grade"] = std::move(max_crs);
  out["max_icans_grade"] = core::IcansAssessed(patient)
                               ? GradeJson(patient.max_icans_grade, patient.max_icans_lower_bound)
                               : GradeJson(std::nullopt, false);
  Json crs = Json::array();
  for (const core::Episode& episode : patient.crs_episodes) crs.push_back(EpisodeJson(episode));
  Json icans = Json::array();
  for (const core::Episode& episode : patient.icans_episodes) icans.push_back(EpisodeJson(episode));
  out["crs_episodes"] = std::move(crs);
  out["icans_episodes"] = std::move(icans);
  out["hours_in_crs_grade"] = patient.hours_in_crs_grade;
  out["hours_in_icans_grade"] = patient.hours_in_icans_grade;
  out["crs_hours_unobserved"] = patient.hours_unobserved;
  out["icans_hours_unobserved"] = patient.icans_hours_unobserved;
  out["crs_grade_by_day"] = GradesByDay(patient.crs_grade_by_day);
  out["icans_grade_by_day"] = GradesByDay(patient.icans_grade_by_day);
  Json drugs = Json::object();
  for (const core::DrugInfo& drug : core::Drugs()) {
    const core::DrugUse& use = patient.drugs[static_cast<std::size_t>(drug.drug)];
    if (use.doses > 0) drugs[drug.code] = {{"doses", use.doses}, {"first", Time(use.first)}};
  }
  out["drugs"] = std::move(drugs);
  out["steroids"] = core::GivenSteroid(patient);
  out["fluid_boluses"] = patient.fluid_boluses;
  Json doses = Json::array();
  for (const core::TocilizumabDose& dose : patient.tocilizumab) {
    doses.push_back({{"time", core::FormatRfc3339Utc(dose.time)},
                     {"dose_mg", Optional(dose.dose_mg)},
                     {"crs_grade_at_dose", dose.crs_grade_at_dose},
                     {"response", ResponseCode(dose.response)},
                     {"response_time", Time(dose.response_time)}});
  }
  out["tocilizumab_doses"] = std::move(doses);
  return out;
}

Json SourcesJson(core::GradingSystemSet systems) {
  Json out = Json::array();
  const auto add = [&out](core::SourceId id) {
    const core::Source& source = core::Describe(id);
    out.push_back({{"key", source.key}, {"citation", source.citation}});
  };
  for (const core::GradingSystemInfo& info : core::GradingSystems()) {
    if (systems.Contains(info.id)) add(info.source);
  }
  add(core::SourceId::kPivotalTrials);
  add(core::SourceId::kUspi2025);
  add(core::SourceId::kSeed2026);
  return out;
}

}  // namespace

std::string CohortToJson(const core::CohortReport& report) {
  Json out = {{"schema", kSchema}, {"decision_support", kDecisionSupport}};
  Json systems = Json::array();
  for (const core::GradingSystemInfo& info : core::GradingSystems()) {
    if (report.systems.Contains(info.id)) systems.push_back(info.key);
  }
  out["systems"] = std::move(systems);
  out["methods"] = {{"interval", "Wilson score 95% (no continuity correction)"},
                    {"quartiles", "linear interpolation, Hyndman-Fan type 7 (R default)"},
                    {"figures_not_comparable", core::kFiguresNotComparableNote}};
  out["patients_total"] = report.patients.size();
  out["duplicate_patient_ids"] = report.duplicate_patient_ids;
  Json groups = Json::array();
  for (const core::CohortGroup& group : report.groups) {
    groups.push_back(GroupJson(group, report.systems));
  }
  out["groups"] = std::move(groups);
  Json concordance = Json::array();
  for (const core::Concordance& table : report.concordance) {
    concordance.push_back(ConcordanceJson(table));
  }
  out["concordance"] = std::move(concordance);
  Json patients = Json::array();
  for (const core::PatientSummary& patient : report.patients) {
    patients.push_back(PatientJson(patient, report.systems));
  }
  out["patients"] = std::move(patients);
  out["sources"] = SourcesJson(report.systems);
  // Invalid UTF-8 in a patient id is replaced (U+FFFD), never a failure or a broken document.
  return out.dump(2, ' ', false, Json::error_handler_t::replace);
}

}  // namespace cartwatch::adapters
