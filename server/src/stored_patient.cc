#include "stored_patient.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <utility>

#include "cartwatch/adapters/assessment_json.h"

namespace cartwatch::server {

std::optional<std::pair<core::Assessment, core::Grading>> GradedCache::Get(
    const store::AssessmentRecord& record) {
  {
    const std::shared_lock lock(mutex_);
    const auto found = entries_.find(record.id);
    if (found != entries_.end()) return found->second;
  }
  adapters::ParseOutcome parsed = adapters::ParseAssessmentJson(record.assessment.assessment_json);
  if (!parsed.assessment) return std::nullopt;
  const core::Grading grading = core::GradeAstct2019(*parsed.assessment);
  const std::unique_lock lock(mutex_);
  if (entries_.size() >= capacity_) entries_.clear();  // bounded memory; refills as read
  return entries_.try_emplace(record.id, std::move(*parsed.assessment), grading).first->second;
}

StoredPatient LoadPatient(store::Store& store, store::PatientRecord record, GradedCache& cache) {
  StoredPatient patient;
  const std::string id = record.patient.id;
  patient.record = std::move(record);
  for (store::AssessmentRecord& stored : store.Assessments(id)) {
    std::optional<std::pair<core::Assessment, core::Grading>> graded = cache.Get(stored);
    if (!graded) continue;
    patient.assessments.push_back(
        {std::move(stored), std::move(graded->first), graded->second});
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
