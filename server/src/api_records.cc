// Recording what happened at the bedside (assessments, corrections, treatments) and grading
// without recording (the live form's preview). Every answer carries the grades and the active
// protocol's advice computed with the stored context.
#include <string>

#include "api.h"
#include "api_json.h"
#include "cartwatch/adapters/assessment_json.h"
#include "cartwatch/adapters/recommendation_json.h"
#include "cartwatch/core/grading.h"
#include "cartwatch/core/limits.h"
#include "cartwatch/server/credentials.h"
#include "patient_status.h"

namespace cartwatch::server {
namespace {

using core::ErrorCode;

constexpr std::size_t kMaxBatch = 500;

// {"record", "grading", "recommendation"}, the writers' JSON spliced in as written.
std::string RecordedJson(const StoredAssessment& stored, const Advice& advice,
                         const core::Protocol& protocol) {
  const std::string grading = adapters::GradingToJson(stored.assessment, advice.grading);
  return WithRawMembers(
      Json::object(),
      {{"record", AssessmentRecordText(stored, grading)},
       {"grading", grading},
       {"recommendation", adapters::RecommendationToJson(advice.recommendation, protocol)}});
}

store::NewAssessment ToStore(const core::Assessment& assessment) {
  return {assessment.patient_id, core::ParseRfc3339(assessment.time).value_or(0),
          adapters::AssessmentToJson(assessment)};
}

Json RangeJson(const core::PlausibleRange& range) {
  return {{"min", range.min}, {"max", range.max}, {"min_exclusive", range.min_exclusive}};
}

}  // namespace

HttpResponse Api::AssessmentRecord(const Call& call) {
  const std::shared_ptr<const StoredPatient> patient = RequirePatient(call.Param(0));
  const core::Assessment assessment = ReadAssessment(call.request.body, call.Param(0));
  const store::AssessmentRecord record =
      Stored(store_.RecordAssessment(ToStore(assessment), call.Write()));
  const ProtocolShelf::Entry& protocol = ActiveProtocol();
  const StoredAssessment stored{record, assessment, core::GradeAstct2019(assessment)};
  return JsonResponse(201, RecordedJson(stored, AdviseOn(*patient, assessment, protocol.protocol),
                                        protocol.protocol));
}

HttpResponse Api::AssessmentBatch(const Call& call) {
  const std::string& id = call.Param(0);
  RequireKnownPatient(id);
  const RequestBody body(call.request.body, {"assessments"});
  const Json& items = *body.Member("assessments", true);
  if (!items.is_array() || items.empty() || items.size() > kMaxBatch) {
    Refuse(ErrorCode::kOutOfRange, "assessments", "",
           "assessments must be an array of 1 to " + std::to_string(kMaxBatch) + " objects");
  }
  // Every record is checked before any is stored: a batch refused is refused whole.
  std::vector<core::Assessment> assessments;
  std::vector<core::Error> errors;
  for (std::size_t index = 0; index < items.size(); ++index) {
    try {
      assessments.push_back(ReadAssessment(items[index].dump(), id));
    } catch (BodyError& refused) {
      for (core::Error& error : refused.errors) {
        error.field = "assessments[" + std::to_string(index) + "]" +
                      (error.field.empty() ? "" : "." + error.field);
        errors.push_back(std::move(error));
      }
    }
  }
  if (!errors.empty()) throw BodyError{std::move(errors)};
  // Each record is its own durable write with its own key, so a retried batch stores only what
  // the first attempt did not.
  const store::WriteContext context = call.Write();
  std::vector<store::AssessmentRecord> records;
  for (std::size_t index = 0; index < assessments.size(); ++index) {
    store::WriteContext item = context;
    if (!item.idempotency_key.empty()) item.idempotency_key += "#" + std::to_string(index);
    records.push_back(Stored(store_.RecordAssessment(ToStore(assessments[index]), item)));
  }
  const std::shared_ptr<const StoredPatient> patient = RequirePatient(id);
  const ProtocolShelf::Entry& protocol = ActiveProtocol();
  std::string results = "[";
  for (std::size_t index = 0; index < records.size(); ++index) {
    const StoredAssessment stored{records[index], assessments[index],
                                  core::GradeAstct2019(assessments[index])};
    if (index > 0) results += ',';
    results += RecordedJson(stored, AdviseOn(*patient, assessments[index], protocol.protocol),
                            protocol.protocol);
  }
  results += ']';
  return JsonResponse(201, WithRawMembers(Json::object(), {{"results", results}}));
}

HttpResponse Api::AssessmentCorrect(const Call& call) {
  const std::string& id = call.Param(0);
  const std::shared_ptr<const StoredPatient> patient = RequirePatient(id);
  store::RecordId record_id = 0;
  try {
    std::size_t used = 0;
    record_id = std::stoll(call.Param(1), &used);
    if (used != call.Param(1).size()) throw std::invalid_argument(call.Param(1));
  } catch (const std::exception&) {
    Refuse(ErrorCode::kNotFound, "record", call.Param(1), "no assessment " + call.Param(1));
  }
  const RequestBody body(call.request.body, {"reason", "assessment"});
  const std::string reason = *body.Text("reason", true);
  const core::Assessment assessment = ReadAssessment(body.Member("assessment", true)->dump(), id);
  const store::AssessmentRecord record =
      Stored(store_.CorrectAssessment(record_id, ToStore(assessment), reason, call.Write()));
  const ProtocolShelf::Entry& protocol = ActiveProtocol();
  const StoredAssessment stored{record, assessment, core::GradeAstct2019(assessment)};
  return JsonResponse(201, RecordedJson(stored, AdviseOn(*patient, assessment, protocol.protocol),
                                        protocol.protocol));
}

HttpResponse Api::TreatmentRecord(const Call& call) {
  const std::string& id = call.Param(0);
  RequireKnownPatient(id);
  const RequestBody body(call.request.body, {"time", "drug", "dose_mg"});
  store::NewTreatment treatment;
  treatment.patient_id = id;
  treatment.time = *body.Time("time", true);
  const std::string drug = *body.Text("drug", true);
  const std::optional<core::Drug> found = core::FindDrug(drug);
  if (!found) {
    std::string known;
    for (const core::DrugInfo& info : core::Drugs()) {
      known += (known.empty() ? "" : ", ") + std::string(info.code);
    }
    Refuse(ErrorCode::kUnknownCode, "drug", drug, "unknown drug (" + known + ")");
  }
  treatment.drug = *found;
  treatment.dose_mg = body.Number("dose_mg", false, &core::kDrugDoseMgLimits);
  const store::TreatmentRecord record = Stored(store_.RecordTreatment(treatment, call.Write()));
  const std::shared_ptr<const StoredPatient> patient = RequirePatient(id);
  const ProtocolShelf::Entry& protocol = ActiveProtocol();
  const PatientStatus status = StatusOf(*patient, protocol, Now());
  Json recommendation = nullptr;
  if (status.advice) {
    recommendation = RecommendationJson(status.advice->recommendation, protocol.protocol);
  }
  return JsonResponse(201, {{"record", TreatmentJson(record)}, {"recommendation", recommendation}});
}

HttpResponse Api::Preview(const Call& call) {
  adapters::ParseOutcome parsed = adapters::ParseAssessmentJson(call.request.body);
  if (!parsed.assessment) throw BodyError{std::move(parsed.errors)};
  const core::Assessment& assessment = *parsed.assessment;
  const ProtocolShelf::Entry& protocol = ActiveProtocol();
  // A stored patient's context makes the preview what saving would answer; without one it is
  // the advice from the findings alone.
  std::optional<store::PatientRecord> record;
  if (!assessment.patient_id.empty()) record = store_.FindPatient(assessment.patient_id);
  Advice advice;
  if (record) {
    advice = AdviseOn(*patients_.Load(store_, std::move(*record)), assessment, protocol.protocol);
  } else {
    advice.grading = core::GradeAstct2019(assessment);
    advice.recommendation = core::Recommend(assessment, advice.grading,
                                            core::ContextAt(assessment, {}), protocol.protocol);
  }
  return JsonResponse(
      200, WithRawMembers(Json::object(),
                          {{"grading", adapters::GradingToJson(assessment, advice.grading)},
                           {"recommendation", adapters::RecommendationToJson(advice.recommendation,
                                                                             protocol.protocol)}}));
}

HttpResponse Api::Limits(const Call& /*call*/) {
  return JsonResponse(200,
                      {{"temperature_c", RangeJson(core::kTemperatureCelsiusLimits)},
                       {"age_years", RangeJson(core::kAgeYearsLimits)},
                       {"weight_kg", RangeJson(core::kBodyWeightKgLimits)},
                       {"oxygen_flow_l_min", RangeJson(core::kOxygenFlowLitresPerMinuteLimits)},
                       {"fio2_percent", RangeJson(core::kFio2PercentLimits)},
                       {"systolic_bp_mm_hg", RangeJson(core::kSystolicBpMmHgLimits)},
                       {"dose_mg", RangeJson(core::kDrugDoseMgLimits)},
                       {"ice_total_max", core::kIceTotalMax},
                       {"capd_total_max", core::kCapdTotalMax},
                       {"ice_items",
                        {{"orientation", core::kIceOrientationMax},
                         {"naming", core::kIceNamingMax},
                         {"commands", core::kIceCommandsMax},
                         {"writing", core::kIceWritingMax},
                         {"attention", core::kIceAttentionMax}}},
                       {"capd_under_age_years", core::kIceAgeThresholdYears}});
}

}  // namespace cartwatch::server
