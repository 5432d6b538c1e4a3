// The JSON shapes the API answers with (docs/api.md, server/openapi.json), built in one place so
// that every route writes a patient or a record alike.
#ifndef CARTWATCH_SERVER_SRC_API_JSON_H_
#define CARTWATCH_SERVER_SRC_API_JSON_H_

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "cartwatch/core/time.h"
#include "cartwatch/server/http.h"
#include "cartwatch/store/records.h"
#include "request_body.h"
#include "stored_patient.h"

namespace cartwatch::server {

core::UnixSeconds Now();

Json TimeJson(const std::optional<core::UnixSeconds>& time);
// Whole days since day 0 at `now` (the infusion day is day 0), or null.
Json DayJson(const store::Patient& patient, core::UnixSeconds now);
Json PatientJson(const store::PatientRecord& record, core::UnixSeconds now);
Json AssessmentRecordJson(const StoredAssessment& stored);
Json TreatmentJson(const store::TreatmentRecord& record);
// The grading and recommendation writers' own JSON (cartwatch.grading/1, .recommendation/1).
Json GradingJson(const core::Assessment& assessment, const core::Grading& grading);
Json RecommendationJson(const core::Recommendation& recommendation, const core::Protocol& protocol);

HttpResponse JsonResponse(int status, const Json& body);
HttpResponse JsonResponse(int status, std::string body);

// `object` (a JSON object) with members whose values are JSON text already (what the writers
// return), appended without parsing and printing them again.
std::string WithRawMembers(
    const Json& object, std::initializer_list<std::pair<std::string_view, std::string_view>> raw);
// AssessmentRecordJson as text, with the grading given as the writer's JSON text.
std::string AssessmentRecordText(const StoredAssessment& stored, std::string_view grading_json);

}  // namespace cartwatch::server

#endif  // CARTWATCH_SERVER_SRC_API_JSON_H_
