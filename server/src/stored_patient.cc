#include "stored_patient.h"

#include <algorithm>
#include <map>
#include <utility>

#include "cartwatch/adapters/assessment_json.h"

namespace cartwatch::server {

StoredPatient LoadPatient(store::Store& store, store::PatientRecord record) {
  StoredPatient patient;
  const std::string id = record.patient.id;
  patient.record = std::move(record);
  for (store::AssessmentRecord& stored : store.Assessments(id)) {
    adapters::ParseOutcome parsed = adapters::ParseAssessmentJson(stored.assessment.assessment_json);
    if (!parsed.assessment) continue;
    StoredAssessment entry{std::move(stored), std::move(*parsed.assessment), {}};
    entry.grading = core::GradeAstct2019(entry.assessment);
    patient.assessments.push_back(std::move(entry));
  }
  patient.treatments = store.Treatments(id);
  return patient;
}

core::PatientContext StoredContext(const StoredPatient& patient, core::UnixSeconds at) {
  const store::Patient& facts = patient.record.patient;
  core::PatientContext context;
  context.weight_kg = facts.weight_kg;
  context.age_years = facts.age_years;
  context.product = facts.product;
  context.infusion = facts.infusion;
  for (const store::TreatmentRecord& treatment : patient.treatments) {
    if (treatment.treatment.time > at) continue;
    context.given.push_back(
        {treatment.treatment.drug, treatment.treatment.time, treatment.treatment.dose_mg});
  }
  for (const StoredAssessment& earlier : patient.assessments) {
    if (!earlier.in_force() || earlier.record.assessment.time >= at) continue;
    context.course.push_back(core::CourseGradeOf(earlier.grading, earlier.record.assessment.time));
  }
  return context;
}

Advice AdviseOn(const StoredPatient& patient, const core::Assessment& assessment,
                const core::Protocol& protocol) {
  Advice advice;
  advice.grading = core::GradeAstct2019(assessment);
  const core::UnixSeconds at = core::ParseRfc3339(assessment.time).value_or(0);
  const core::PatientContext context =
      core::ContextAt(assessment, StoredContext(patient, at));
  advice.recommendation = core::Recommend(assessment, advice.grading, context, protocol);
  return advice;
}

const StoredAssessment* LatestInForce(const StoredPatient& patient) {
  const StoredAssessment* latest = nullptr;
  for (const StoredAssessment& assessment : patient.assessments) {
    if (assessment.in_force()) latest = &assessment;  // the list is in time order
  }
  return latest;
}

std::vector<core::TimelineEntry> CourseEntries(const StoredPatient& patient) {
  // One entry an instant: a correction in force at the same time replaces, treatments join.
  std::map<core::UnixSeconds, core::TimelineEntry> by_time;
  for (const StoredAssessment& assessment : patient.assessments) {
    if (!assessment.in_force()) continue;
    core::TimelineEntry& entry = by_time[assessment.record.assessment.time];
    entry.time = assessment.record.assessment.time;
    entry.findings = assessment.assessment;
  }
  for (const store::TreatmentRecord& treatment : patient.treatments) {
    core::TimelineEntry& entry = by_time[treatment.treatment.time];
    entry.time = treatment.treatment.time;
    entry.treatments.push_back(
        {core::TreatmentKind::kDrug, treatment.treatment.drug, treatment.treatment.dose_mg});
  }
  std::vector<core::TimelineEntry> entries;
  entries.reserve(by_time.size());
  for (auto& [time, entry] : by_time) entries.push_back(std::move(entry));
  return entries;
}

std::optional<core::Infusion> InfusionOf(const store::Patient& patient) {
  if (!patient.infusion || !patient.product) return std::nullopt;
  return core::Infusion{*patient.product, *patient.infusion};
}

}  // namespace cartwatch::server
