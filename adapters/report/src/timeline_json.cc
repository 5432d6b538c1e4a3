// cartwatch.timeline/1 (docs/timeline-output.md, docs/schema/cartwatch.timeline-1.schema.json).
// One JSON object for one patient's course. Written through nlohmann::ordered_json: one course is
// small, and the DOM keeps the key order of the documentation. Invalid UTF-8 in a patient id is
// replaced, never passed on.
#include <nlohmann/json.hpp>
#include <string>

#include "cartwatch/adapters/timeline_report.h"
#include "cartwatch/core/findings.h"
#include "cartwatch/core/sources.h"
#include "cartwatch/core/vocabulary.h"
#include "course_view.h"
#include "summary_json.h"

namespace cartwatch::adapters {
namespace {

using summary_json::EpisodeJson;
using summary_json::GradesByDay;
using summary_json::Json;
using summary_json::OrNull;
using summary_json::ResponseCode;
using summary_json::TimeOrNull;

template <typename E, int kSize>
Json Codes(const core::EnumSet<E, kSize>& set) {
  Json codes = Json::array();
  for (int i = 0; i < kSize; ++i) {
    const auto value = static_cast<E>(i);
    if (set.Contains(value)) codes.push_back(core::TermOf(value).code);
  }
  return codes;
}

Json Findings(const core::AssessmentPoint& point) {
  const core::Assessment& a = point.effective;
  Json findings = Json::object();
  if (a.age_years) findings["age_years"] = *a.age_years;
  if (a.temperature_celsius) findings["temperature_c"] = *a.temperature_celsius;
  if (a.fever_other_cause) findings["fever_other_cause"] = *a.fever_other_cause;
  if (a.fever_masked) findings["fever_masked"] = *a.fever_masked;
  if (point.blood_pressure.systolic_mmhg) {
    findings["systolic_bp_mmhg"] = *point.blood_pressure.systolic_mmhg;
  }
  if (point.blood_pressure.mean_mmhg) findings["mean_bp_mmhg"] = *point.blood_pressure.mean_mmhg;
  if (a.hypotension) findings["hypotension"] = *a.hypotension;
  if (a.vasopressors) {
    findings["vasopressors"] = Codes(*a.vasopressors);
    Json doses = Json::object();
    for (const auto& term : core::Terms(core::Vasopressor{})) {
      const auto& dose = a.legacy.vasopressor_doses[static_cast<std::size_t>(term.value)];
      if (!a.vasopressors->Contains(term.value) || (!dose.dose && !dose.hours_running)) continue;
      Json entry = Json::object();
      if (dose.dose) {
        entry["dose"] = {{"value", *dose.dose},
                         {"unit", std::string(core::DoseUnitOf(term.value))}};
      }
      if (dose.hours_running) entry["hours_running"] = *dose.hours_running;
      doses[std::string(term.code)] = entry;
    }
    if (!doses.empty()) findings["vasopressor_doses"] = doses;
  }
  if (a.oxygen) {
    Json oxygen = {{"device", core::TermOf(a.oxygen->device).code}};
    if (a.oxygen->flow_l_per_min) oxygen["flow_l_min"] = *a.oxygen->flow_l_per_min;
    if (a.oxygen->fio2_percent) oxygen["fio2_percent"] = *a.oxygen->fio2_percent;
    if (a.oxygen->reason) oxygen["reason"] = core::TermOf(*a.oxygen->reason).code;
    findings["oxygen"] = oxygen;
  }
  const core::NeuroAssessment& n = a.neuro;
  Json neuro = Json::object();
  if (n.ice_items) {
    Json items = Json::object();
    const auto item = [&](const char* key, const std::optional<int>& value) {
      if (value) items[key] = *value;
    };
    item("orientation", n.ice_items->orientation);
    item("naming", n.ice_items->naming);
    item("commands", n.ice_items->commands);
    item("writing", n.ice_items->writing);
    item("attention", n.ice_items->attention);
    neuro["ice"] = items;
  }
  if (n.ice_total) neuro["ice_total"] = *n.ice_total;
  if (n.capd_total) neuro["capd"] = *n.capd_total;
  if (n.developmental_delay) neuro["developmental_delay"] = *n.developmental_delay;
  if (n.consciousness) neuro["consciousness"] = core::TermOf(*n.consciousness).code;
  if (n.seizure) neuro["seizure"] = core::TermOf(*n.seizure).code;
  if (n.motor) neuro["motor"] = core::TermOf(*n.motor).code;
  if (n.icp) neuro["icp"] = Codes(*n.icp);
  if (!neuro.empty()) findings["neuro"] = neuro;

  const core::LegacyCrsFindings& l = a.legacy;
  if (l.fluid_boluses) findings["fluid_boluses_24h"] = *l.fluid_boluses;
  if (l.hospitalised_for_crs) findings["hospitalised_for_crs"] = *l.hospitalised_for_crs;
  if (l.iv_therapy_for_crs) findings["iv_therapy_for_crs"] = *l.iv_therapy_for_crs;
  if (l.hypotension_refractory) findings["hypotension_refractory"] = *l.hypotension_refractory;
  if (l.coagulopathy_needing_products) {
    findings["coagulopathy_needing_products"] = *l.coagulopathy_needing_products;
  }
  Json organ = Json::object();
  if (l.organ_toxicity.creatinine) organ["creatinine"] = *l.organ_toxicity.creatinine;
  if (l.organ_toxicity.transaminases) organ["transaminases"] = *l.organ_toxicity.transaminases;
  if (l.organ_toxicity.other) organ["other"] = *l.organ_toxicity.other;
  if (!organ.empty()) findings["organ_toxicity"] = organ;
  if (a.crs_death) findings["crs_death"] = *a.crs_death;
  if (a.icans_death) findings["icans_death"] = *a.icans_death;
  return findings;
}

Json RuleJson(const core::RuleInfo& rule) {
  return {{"rule", rule.id},
          {"grade", rule.grade},
          {"source", core::Describe(rule.source).key},
          {"locator", rule.locator},
          {"unconfirmed", rule.unconfirmed}};
}

Json Syndrome(const core::SyndromeGrading& grading, std::string_view system) {
  Json out = {{"system", system}, {"assessed", grading.assessed}};
  if (grading.assessed) {
    out["grade"] = grading.grade;
    out["lower_bound"] = grading.lower_bound();
    out["max_possible_grade"] = grading.max_possible_grade;
  } else {
    out["grade"] = nullptr;
    out["lower_bound"] = nullptr;
    out["max_possible_grade"] = nullptr;
  }
  Json missing = Json::array();
  for (int i = 0; i < core::kInputIdCount; ++i) {
    const auto id = static_cast<core::InputId>(i);
    if (grading.missing.Contains(id)) missing.push_back(core::Describe(id).field);
  }
  out["missing"] = missing;
  Json rules = Json::array();
  for (const core::RuleInfo* rule : grading.drivers()) rules.push_back(rule->id);
  out["rules"] = rules;
  Json flags = Json::array();
  for (int i = 0; i < core::kFlagIdCount; ++i) {
    const auto id = static_cast<core::FlagId>(i);
    if (grading.flags.Contains(id)) flags.push_back(core::Describe(id).code);
  }
  out["flags"] = flags;
  return out;
}

Json Treatments(const std::vector<core::Treatment>& treatments) {
  Json out = Json::array();
  for (const core::Treatment& treatment : treatments) {
    if (treatment.kind == core::TreatmentKind::kFluidBolus) {
      out.push_back({{"kind", "fluid_bolus"}});
    } else {
      out.push_back({{"kind", "drug"},
                     {"drug", core::Describe(treatment.drug).code},
                     {"dose_mg", OrNull(treatment.dose_mg)}});
    }
  }
  return out;
}

// Every treatment of the course at its own time, also those given between assessments.
Json TimedTreatments(const core::PatientCourse& course) {
  Json out = Json::array();
  for (const core::TimedTreatment& given : course_view::CourseTreatments(course)) {
    const std::optional<double> hours = course_view::HoursAfterInfusion(course.summary, given.time);
    Json entry;
    entry["time"] = core::FormatRfc3339Utc(given.time);
    entry["hours_post_infusion"] = OrNull(hours);
    entry["day_post_infusion"] = hours ? Json(core::DayAfterInfusion(*hours)) : Json(nullptr);
    entry["before_infusion"] = hours && *hours < 0.0;
    if (given.treatment.kind == core::TreatmentKind::kFluidBolus) {
      entry["kind"] = "fluid_bolus";
    } else {
      entry["kind"] = "drug";
      entry["drug"] = core::Describe(given.treatment.drug).code;
      entry["dose_mg"] = OrNull(given.treatment.dose_mg);
    }
    out.push_back(std::move(entry));
  }
  return out;
}

// The findings as the ASTCT 2019 CRS rules read them (core::CrsReading): what the grade beside
// them was decided on.
Json Reading(const core::CrsReading& reading) {
  return {{"fever", core::TermOf(reading.fever).code},
          {"fever_masked", reading.fever_masked},
          {"graded_without_fever", reading.GradedWithoutFever()},
          {"hypotension", reading.hypotension},
          {"counted_vasopressors", reading.vasopressors_excluding_vasopressin},
          {"vasopressin", reading.vasopressin},
          {"vasopressin_only", reading.VasopressinOnly()},
          {"oxygen_tier", core::TermOf(reading.oxygen).code},
          {"oxygen_not_for_crs", reading.oxygen_not_for_crs}};
}

// The dose that masked fever, and the source that makes it mask.
Json FeverMaskedBy(const core::TimedTreatment& dose) {
  const core::DrugInfo& drug = core::Describe(dose.treatment.drug);
  return {{"time", core::FormatRfc3339Utc(dose.time)},
          {"drug", drug.code},
          {"dose_mg", OrNull(dose.treatment.dose_mg)},
          {"fever_masking", core::TermOf(drug.fever_masking).code},
          {"source", core::Describe(core::kFeverMaskingSource).key},
          {"locator", core::kFeverMaskingLocator}};
}

Json Point(const core::AssessmentPoint& point, const core::GradingSystemSet& systems) {
  Json out;
  out["time"] = core::FormatRfc3339Utc(point.time);
  out["hours_post_infusion"] = OrNull(point.hours_post_infusion);
  out["day_post_infusion"] = point.hours_post_infusion
                                 ? Json(core::DayAfterInfusion(*point.hours_post_infusion))
                                 : Json(nullptr);
  out["before_infusion"] = point.before_infusion;
  out["line"] = point.line == 0 ? Json(nullptr) : Json(point.line);
  out["findings"] = Findings(point);
  Json carried = Json::array();
  for (int i = 0; i < core::kCarriedFindingCount; ++i) {
    const auto finding = static_cast<core::CarriedFinding>(i);
    if (point.carried.Contains(finding)) carried.push_back(core::CodeOf(finding));
  }
  out["carried"] = carried;
  Json derived = {
      {"hypotension_from_vitals", point.hypotension_from_vitals},
      {"hypotension_rule",
       point.hypotension_rule != nullptr ? RuleJson(*point.hypotension_rule) : Json(nullptr)},
      {"fever_masked", point.fever_masked_derived},
      {"fluid_boluses", point.fluid_boluses_derived},
      {"fever_masked_by",
       point.fever_masked_by ? FeverMaskedBy(*point.fever_masked_by) : Json(nullptr)}};
  out["derived"] = derived;
  Json crs = Syndrome(point.astct.crs, "astct");
  crs["reading"] = Reading(point.astct.crs.reading);
  out["crs"] = crs;
  Json icans = Syndrome(point.astct.icans, "astct");
  icans["tool"] = point.astct.icans.tool == core::EncephalopathyTool::kUndetermined
                      ? Json(nullptr)
                      : Json(core::TermOf(point.astct.icans.tool).code);
  icans["ice_score"] = OrNull(point.astct.icans.ice_score);
  icans["capd_score"] = OrNull(point.astct.icans.capd_score);
  out["icans"] = icans;
  Json others = Json::object();
  for (const core::GradingSystemInfo& system : core::GradingSystems()) {
    if (system.id == core::GradingSystem::kAstct2019 || !systems.Contains(system.id)) continue;
    const auto& grading = point.crs_by_system[static_cast<std::size_t>(system.id)];
    if (grading) others[std::string(system.key)] = Syndrome(*grading, system.key);
  }
  out["crs_by_system"] = others;
  out["treatments"] = Treatments(point.treatments);
  return out;
}

Json Episodes(const std::vector<core::Episode>& episodes) {
  Json out = Json::array();
  for (const core::Episode& episode : episodes) out.push_back(EpisodeJson(episode));
  return out;
}

Json Summary(const core::PatientCourse& course) {
  const core::PatientSummary& s = course.summary;
  Json out;
  out["assessments"] = s.assessments;
  out["baseline_assessments"] = s.baseline_assessments;
  out["crs_assessments"] = s.crs_assessments;
  out["icans_assessments"] = s.icans_assessments;
  out["first_time"] = TimeOrNull(s.first_time);
  out["last_time"] = TimeOrNull(s.last_time);
  out["crs_episodes"] = Episodes(s.crs_episodes);
  out["icans_episodes"] = Episodes(s.icans_episodes);
  out["hours_in_grade"] = {{"crs", s.hours_in_crs_grade},
                           {"icans", s.hours_in_icans_grade},
                           {"crs_unobserved", s.hours_unobserved},
                           {"icans_unobserved", s.icans_hours_unobserved}};
  Json max_crs = Json::object();
  for (const core::GradingSystemInfo& system : core::GradingSystems()) {
    const auto index = static_cast<std::size_t>(system.id);
    if (!s.max_crs_grade[index]) continue;
    max_crs[std::string(system.key)] = {{"grade", *s.max_crs_grade[index]},
                                        {"lower_bound", s.max_crs_lower_bound[index]}};
  }
  out["max_crs_grade"] = max_crs;
  out["max_icans_grade"] = {{"grade", s.max_icans_grade}, {"lower_bound", s.max_icans_lower_bound}};
  out["crs_grade_by_day"] = GradesByDay(s.crs_grade_by_day);
  out["icans_grade_by_day"] = GradesByDay(s.icans_grade_by_day);
  Json drugs = Json::array();
  for (const core::DrugInfo& drug : core::Drugs()) {
    const core::DrugUse& use = s.drugs[static_cast<std::size_t>(drug.drug)];
    if (use.doses == 0) continue;
    drugs.push_back({{"drug", drug.code}, {"doses", use.doses}, {"first", TimeOrNull(use.first)}});
  }
  out["drugs"] = drugs;
  out["fluid_boluses"] = s.fluid_boluses;
  Json tocilizumab = Json::array();
  for (const core::TocilizumabDose& dose : s.tocilizumab) {
    tocilizumab.push_back({{"time", core::FormatRfc3339Utc(dose.time)},
                           {"dose_mg", OrNull(dose.dose_mg)},
                           {"crs_grade_at_dose", dose.crs_grade_at_dose},
                           {"response", ResponseCode(dose.response)},
                           {"response_time", TimeOrNull(dose.response_time)}});
  }
  out["tocilizumab"] = tocilizumab;
  return out;
}

}  // namespace

std::string CourseToJson(const core::PatientCourse& course) {
  const core::PatientSummary& summary = course.summary;
  Json out;
  out["schema"] = "cartwatch.timeline/1";
  out["patient_id"] = summary.patient_id;
  if (summary.infusion) {
    const core::ProductInfo& product = core::Describe(summary.infusion->product);
    out["product"] = {{"code", product.code},
                      {"generic", product.generic},
                      {"brand", product.brand},
                      {"target", product.target}};
    out["infusion_time"] = core::FormatRfc3339Utc(summary.infusion->time);
  } else {
    out["product"] = nullptr;
    out["infusion_time"] = nullptr;
  }
  Json systems = Json::array();
  for (const core::GradingSystemInfo& system : core::GradingSystems()) {
    if (system.id == core::GradingSystem::kAstct2019 || course.systems.Contains(system.id)) {
      systems.push_back(system.key);
    }
  }
  out["systems"] = systems;
  Json points = Json::array();
  for (const core::AssessmentPoint& point : course.points) {
    points.push_back(Point(point, course.systems));
  }
  out["points"] = points;
  out["treatments"] = TimedTreatments(course);
  out["summary"] = Summary(course);
  return out.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace cartwatch::adapters
