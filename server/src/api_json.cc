#include "api_json.h"

#include <chrono>
#include <cmath>

#include "cartwatch/adapters/assessment_json.h"
#include "cartwatch/adapters/recommendation_json.h"
#include "cartwatch/core/products.h"

namespace cartwatch::server {

core::UnixSeconds Now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Json TimeJson(const std::optional<core::UnixSeconds>& time) {
  if (!time) return nullptr;
  return core::FormatRfc3339Utc(*time);
}

Json DayJson(const store::Patient& patient, core::UnixSeconds now) {
  if (!patient.infusion) return nullptr;
  return core::DayAfterInfusion(core::HoursBetween(*patient.infusion, now));
}

Json PatientJson(const store::PatientRecord& record, core::UnixSeconds now) {
  const store::Patient& patient = record.patient;
  Json json = Json::object();
  json["id"] = patient.id;
  json["age_years"] = patient.age_years ? Json(*patient.age_years) : Json(nullptr);
  json["weight_kg"] = patient.weight_kg ? Json(*patient.weight_kg) : Json(nullptr);
  json["product"] =
      patient.product ? Json(std::string(core::Describe(*patient.product).code)) : Json(nullptr);
  json["infusion"] = TimeJson(patient.infusion);
  json["day"] = DayJson(patient, now);
  json["created_at"] = core::FormatRfc3339Utc(record.created_at);
  json["created_by"] = record.created_by;
  return json;
}

Json GradingJson(const core::Assessment& assessment, const core::Grading& grading) {
  return Json::parse(adapters::GradingToJson(assessment, grading));
}

Json RecommendationJson(const core::Recommendation& recommendation,
                        const core::Protocol& protocol) {
  return Json::parse(adapters::RecommendationToJson(recommendation, protocol));
}

namespace {

// The members of an assessment record but the stored assessment and its grading.
Json RecordFields(const store::AssessmentRecord& record) {
  Json json = Json::object();
  json["id"] = record.id;
  json["patient_id"] = record.assessment.patient_id;
  json["time"] = core::FormatRfc3339Utc(record.assessment.time);
  json["recorded_at"] = core::FormatRfc3339Utc(record.recorded_at);
  json["recorded_by"] = record.recorded_by;
  json["supersedes"] = record.supersedes ? Json(*record.supersedes) : Json(nullptr);
  json["superseded_by"] = record.superseded_by ? Json(*record.superseded_by) : Json(nullptr);
  json["correction_reason"] = record.correction_reason;
  return json;
}

}  // namespace

std::string WithRawMembers(
    const Json& object, std::initializer_list<std::pair<std::string_view, std::string_view>> raw) {
  std::string text = object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text.pop_back();  // the closing brace
  for (const auto& [name, value] : raw) {
    if (text.size() > 1) text += ',';
    text += Json(std::string(name)).dump();
    text += ':';
    text += value;
  }
  text += '}';
  return text;
}

std::string AssessmentRecordText(const StoredAssessment& stored, std::string_view grading_json) {
  return WithRawMembers(
      RecordFields(stored.record),
      {{"assessment", stored.record.assessment.assessment_json}, {"grading", grading_json}});
}

Json AssessmentRecordJson(const StoredAssessment& stored) {
  const store::AssessmentRecord& record = stored.record;
  Json json = Json::object();
  json["id"] = record.id;
  json["patient_id"] = record.assessment.patient_id;
  json["time"] = core::FormatRfc3339Utc(record.assessment.time);
  json["assessment"] = Json::parse(adapters::AssessmentToJson(stored.assessment));
  json["recorded_at"] = core::FormatRfc3339Utc(record.recorded_at);
  json["recorded_by"] = record.recorded_by;
  json["supersedes"] = record.supersedes ? Json(*record.supersedes) : Json(nullptr);
  json["superseded_by"] = record.superseded_by ? Json(*record.superseded_by) : Json(nullptr);
  json["correction_reason"] = record.correction_reason;
  json["grading"] = GradingJson(stored.assessment, stored.grading);
  return json;
}

Json TreatmentJson(const store::TreatmentRecord& record) {
  Json json = Json::object();
  json["id"] = record.id;
  json["patient_id"] = record.treatment.patient_id;
  json["time"] = core::FormatRfc3339Utc(record.treatment.time);
  json["drug"] = std::string(core::Describe(record.treatment.drug).code);
  json["dose_mg"] = record.treatment.dose_mg ? Json(*record.treatment.dose_mg) : Json(nullptr);
  json["recorded_at"] = core::FormatRfc3339Utc(record.recorded_at);
  json["recorded_by"] = record.recorded_by;
  return json;
}

HttpResponse JsonResponse(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  return response;
}

HttpResponse JsonResponse(int status, const Json& body) {
  HttpResponse response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

}  // namespace cartwatch::server
