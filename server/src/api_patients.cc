// Patients: create, list, show (with where they stand now), day 0 and weight.
#include <string>

#include "api.h"
#include "api_json.h"
#include "cartwatch/core/product_figures.h"
#include "patient_status.h"

namespace cartwatch::server {
namespace {

using core::ErrorCode;

constexpr int kWardDays = 30;  // the ward board's window after infusion

Json FigureJson(const std::optional<core::FigureValue>& value) {
  if (!value) return nullptr;
  return {{"low", value->low},
          {"high", value->high},
          {"approximate", value->approximate},
          {"unconfirmed", value->unconfirmed}};
}

Json ProductFiguresJson(const std::optional<core::Product>& product) {
  if (!product) return nullptr;
  Json rows = Json::array();
  for (const core::PublishedFigures& row : core::PublishedFiguresOf(*product)) {
    rows.push_back({{"id", row.id},
                    {"name", row.name},
                    {"origin", core::CodeOf(row.origin)},
                    {"grading", row.grading_text},
                    {"crs_any_percent", FigureJson(row.crs_any_percent)},
                    {"crs_grade3_plus_percent", FigureJson(row.crs_grade3_plus_percent)},
                    {"icans_grade3_plus_percent", FigureJson(row.icans_grade3_plus_percent)},
                    {"nt_grade3_plus_percent", FigureJson(row.nt_grade3_plus_percent)},
                    {"crs_onset_median_days", FigureJson(row.crs_onset_median_days)},
                    {"crs_duration_median_days", FigureJson(row.crs_duration_median_days)},
                    {"note", row.note}});
  }
  return {{"product", core::Describe(*product).code}, {"figures", rows}};
}

std::optional<core::Product> ReadProduct(const RequestBody& body) {
  const std::optional<std::string> name = body.Text("product", false);
  if (!name) return std::nullopt;
  const std::optional<core::Product> product = core::FindProduct(*name);
  if (!product) {
    std::string known;
    for (const core::ProductInfo& info : core::Products()) {
      known += (known.empty() ? "" : ", ") + std::string(info.code);
    }
    Refuse(ErrorCode::kUnknownCode, "product", *name, "unknown product (" + known + ")");
  }
  return product;
}

}  // namespace

bool OnWard(const store::Patient& patient, core::UnixSeconds now) {
  if (!patient.infusion) return true;  // admitted, not yet infused
  return core::HoursBetween(*patient.infusion, now) <= kWardDays * 24.0;
}

HttpResponse Api::PatientList(const Call& call) {
  const core::UnixSeconds now = Now();
  const bool on_ward = call.Query("on_ward") == "true";
  std::optional<long long> max_day;
  if (const std::string text = call.Query("max_day"); !text.empty()) {
    try {
      max_day = std::stoll(text);
    } catch (const std::exception&) {
      Refuse(ErrorCode::kWrongType, "max_day", text, "max_day is a whole number of days");
    }
  }
  Json list = Json::array();
  for (const store::PatientRecord& record : store_.Patients()) {
    if (on_ward && !OnWard(record.patient, now)) continue;
    const Json day = DayJson(record.patient, now);
    if (max_day && (day.is_null() || day.get<long long>() > *max_day)) continue;
    list.push_back(PatientJson(record, now));
  }
  return JsonResponse(200, {{"patients", list}});
}

HttpResponse Api::PatientCreate(const Call& call) {
  const RequestBody body(call.request.body,
                         {"id", "age_years", "weight_kg", "product", "infusion"});
  store::Patient patient;
  patient.id = *body.Text("id", true);
  if (patient.id.empty() || patient.id.size() > 64 ||
      patient.id.find_first_of("/?#% \t\r\n") != std::string::npos) {
    Refuse(ErrorCode::kOutOfRange, "id", patient.id,
           "a patient id has 1 to 64 characters without spaces, /, ?, # or %");
  }
  patient.age_years = body.Number("age_years", false, &core::kAgeYearsLimits);
  patient.weight_kg = body.Number("weight_kg", false, &core::kBodyWeightKgLimits);
  patient.product = ReadProduct(body);
  patient.infusion = body.Time("infusion", false);
  const store::PatientRecord record = Stored(store_.CreatePatient(patient, call.Write()));
  return JsonResponse(201, PatientJson(record, Now()));
}

HttpResponse Api::PatientShow(const Call& call) {
  const std::shared_ptr<const StoredPatient> stored_patient = RequirePatient(call.Param(0));
  const StoredPatient& patient = *stored_patient;
  const ProtocolShelf::Entry& protocol = ActiveProtocol();
  const core::UnixSeconds now = Now();
  Json assessments = Json::array();
  for (const std::shared_ptr<const StoredAssessment>& stored : patient.assessments) {
    assessments.push_back(AssessmentRecordJson(*stored));
  }
  Json treatments = Json::array();
  for (const store::TreatmentRecord& treatment : patient.treatments) {
    treatments.push_back(TreatmentJson(treatment));
  }
  const PatientStatus status = StatusOf(patient, protocol, now);
  Json current = nullptr;
  if (status.advice) {
    current = {
        {"assessment_id", status.latest->record.id},
        {"grading", GradingJson(status.latest->assessment, status.advice->grading)},
        {"recommendation", RecommendationJson(status.advice->recommendation, protocol.protocol)}};
  }
  return JsonResponse(200,
                      {{"patient", PatientJson(patient.record, now)},
                       {"assessments", assessments},
                       {"treatments", treatments},
                       {"current", current},
                       {"due", DueJson(status.due)},
                       {"product_figures", ProductFiguresJson(patient.record.patient.product)}});
}

HttpResponse Api::PatientUpdate(const Call& call, bool infusion) {
  store::PatientUpdate update;
  if (infusion) {
    const RequestBody body(call.request.body, {"infusion"});
    update.infusion = body.Time("infusion", true);
  } else {
    const RequestBody body(call.request.body, {"weight_kg"});
    update.weight_kg = body.Number("weight_kg", true, &core::kBodyWeightKgLimits);
  }
  const store::PatientRecord record =
      Stored(store_.UpdatePatient(call.Param(0), update, call.Write()));
  return JsonResponse(200, PatientJson(record, Now()));
}

}  // namespace cartwatch::server
