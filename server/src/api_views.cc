// Read-only views over the stored records: the ward board, a patient's course since day 0, the
// family view and the cohort report, each through the writers the CLI uses.
#include <string>

#include "api.h"
#include "api_json.h"
#include "cartwatch/adapters/cohort_report.h"
#include "cartwatch/adapters/timeline_report.h"
#include "cartwatch/core/cohort.h"
#include "cartwatch/core/course_folder.h"
#include "family_view.h"
#include "patient_status.h"

namespace cartwatch::server {
namespace {

using core::ErrorCode;

void Fold(core::CourseFolder& folder, const StoredPatient& patient) {
  const std::string& id = patient.record.patient.id;
  if (const std::optional<core::Infusion> infusion = InfusionOf(patient.record.patient)) {
    folder.SetInfusion(id, *infusion);
  }
  for (core::TimelineEntry& entry : CourseEntries(patient)) folder.Add(id, std::move(entry));
}

std::string Format(const Call& call, std::initializer_list<std::string_view> known) {
  std::string format = call.Query("format");
  if (format.empty()) return std::string(*known.begin());
  for (std::string_view candidate : known) {
    if (candidate == format) return format;
  }
  Refuse(ErrorCode::kUnknownCode, "format", format,
         "format must be one of json, csv, " + std::string(*(known.end() - 1)));
}

HttpResponse Text(std::string content_type, std::string body) {
  HttpResponse response;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  return response;
}

}  // namespace

HttpResponse Api::Timeline(const Call& call) {
  const std::shared_ptr<const StoredPatient> stored_patient = RequirePatient(call.Param(0));
  const StoredPatient& patient = *stored_patient;
  const std::string format = Format(call, {"json", "csv", "svg"});
  const ProtocolShelf::Entry& protocol = ActiveProtocol();
  core::CourseFolder folder(protocol.timeline, true, patient.record.patient.id);
  Fold(folder, patient);
  if (folder.errors_total() > 0) throw BodyError{{folder.errors().front().error}};
  std::optional<core::PatientCourse> course = folder.FinishKept();
  if (!course) {
    Refuse(ErrorCode::kNotFound, "id", patient.record.patient.id,
           "no assessment or treatment is recorded for " + patient.record.patient.id + " yet");
  }
  if (format == "csv") return Text("text/csv; charset=utf-8", adapters::CourseToCsv(*course));
  if (format == "svg") return Text("image/svg+xml", adapters::CourseToSvg(*course));
  return Text("application/json", adapters::CourseToJson(*course));
}

HttpResponse Api::Family(const Call& call) {
  const std::shared_ptr<const StoredPatient> patient = RequirePatient(call.Param(0));
  const core::UnixSeconds now = Now();
  return JsonResponse(200,
                      FamilyViewJson(*patient, StatusOf(*patient, ActiveProtocol(), now), now));
}

HttpResponse Api::Ward(const Call& /*call*/) {
  const core::UnixSeconds now = Now();
  const ProtocolShelf::Entry& protocol = ActiveProtocol();
  Json rows = Json::array();
  for (store::PatientRecord& record : store_.Patients()) {
    if (!OnWard(record.patient, now)) continue;
    const std::shared_ptr<const StoredPatient> stored = patients_.Load(store_, std::move(record));
    const StoredPatient& patient = *stored;
    const PatientStatus status = StatusOf(patient, protocol, now);
    rows.push_back(
        {{"patient", PatientJson(patient.record, now)},
         {"crs", GradeCellJson(status, true)},
         {"icans", GradeCellJson(status, false)},
         {"last_assessment",
          status.latest ? TimeJson(status.latest->record.assessment.time) : Json(nullptr)},
         {"next_action", NextActionJson(status)},
         {"due", DueJson(status.due)},
         {"overdue", status.overdue()}});
  }
  return JsonResponse(
      200, {{"now", core::FormatRfc3339Utc(now)},
            {"protocol", {{"id", protocol.protocol.id}, {"version", protocol.protocol.version}}},
            {"decision_support", "Decision support: a clinician decides."},
            {"patients", rows}});
}

HttpResponse Api::Cohort(const Call& call) {
  const std::string format = Format(call, {"json", "csv", "html"});
  core::CourseFolder folder(ActiveProtocol().timeline, false, "");
  for (store::PatientRecord& record : store_.Patients()) {
    Fold(folder, *patients_.Load(store_, std::move(record)));
  }
  core::CohortBuilder builder(core::GradingSystemSet{core::GradingSystem::kAstct2019});
  for (core::PatientSummary& summary : folder.FinishAll()) builder.Add(std::move(summary));
  const core::CohortReport report = std::move(builder).Build();
  if (format == "csv") {
    return Text("text/csv; charset=utf-8", adapters::CohortSummaryToCsv(report));
  }
  if (format == "html") return Text("text/html; charset=utf-8", adapters::CohortToHtml(report));
  return Text("application/json", adapters::CohortToJson(report));
}

}  // namespace cartwatch::server
