#include "stored_patient.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <utility>

#include "cartwatch/adapters/assessment_json.h"

namespace cartwatch::server {

namespace {

bool Earlier(const StoredAssessment& a, const StoredAssessment& b) {
  return std::pair(a.record.assessment.time, a.record.id) <
         std::pair(b.record.assessment.time, b.record.id);
}

bool SameFacts(const store::PatientRecord& a, const store::PatientRecord& b) {
  return a.patient.age_years == b.patient.age_years && a.patient.weight_kg == b.patient.weight_kg &&
         a.patient.product == b.patient.product && a.patient.infusion == b.patient.infusion;
}

// Adds `record` to `patient` in time order; marks the record it corrects as superseded.
void Add(StoredPatient& patient, store::AssessmentRecord record) {
  patient.last_assessment_id = std::max(patient.last_assessment_id, record.id);
  adapters::ParseOutcome parsed = adapters::ParseAssessmentJson(record.assessment.assessment_json);
  if (!parsed.assessment) return;
  if (record.supersedes) {
    for (std::shared_ptr<const StoredAssessment>& earlier : patient.assessments) {
      if (earlier->record.id != *record.supersedes) continue;
      auto corrected = std::make_shared<StoredAssessment>(*earlier);
      corrected->record.superseded_by = record.id;
      earlier = std::move(corrected);
    }
  }
  auto stored = std::make_shared<StoredAssessment>();
  stored->record = std::move(record);
  // The parsed assessment holds everything the text did (AssessmentToJson writes it back):
  // keeping both would double what the cache costs.
  stored->record.assessment.assessment_json.clear();
  stored->record.assessment.assessment_json.shrink_to_fit();
  stored->assessment = std::move(*parsed.assessment);
  stored->grading = core::GradeAstct2019(stored->assessment);
  const auto at = std::upper_bound(patient.assessments.begin(), patient.assessments.end(), stored,
                                   [](const auto& a, const auto& b) { return Earlier(*a, *b); });
  patient.assessments.insert(at, std::move(stored));
}

void Add(StoredPatient& patient, store::TreatmentRecord record) {
  patient.last_treatment_id = std::max(patient.last_treatment_id, record.id);
  const auto at = std::upper_bound(
      patient.treatments.begin(), patient.treatments.end(), record,
      [](const store::TreatmentRecord& a, const store::TreatmentRecord& b) {
        return std::pair(a.treatment.time, a.id) < std::pair(b.treatment.time, b.id);
      });
  patient.treatments.insert(at, std::move(record));
}

}  // namespace

std::shared_ptr<const StoredPatient> PatientCache::Load(store::Store& store,
                                                        store::PatientRecord record) {
  const std::string id = record.patient.id;
  std::shared_ptr<const StoredPatient> cached;
  {
    const std::lock_guard lock(mutex_);
    if (const auto found = patients_.find(id); found != patients_.end()) cached = found->second;
  }
  std::vector<store::AssessmentRecord> assessments =
      store.AssessmentsAfter(id, cached ? cached->last_assessment_id : 0);
  std::vector<store::TreatmentRecord> treatments =
      store.TreatmentsAfter(id, cached ? cached->last_treatment_id : 0);
  if (cached && assessments.empty() && treatments.empty() && SameFacts(cached->record, record)) {
    return cached;
  }
  auto next = cached ? std::make_shared<StoredPatient>(*cached) : std::make_shared<StoredPatient>();
  next->record = std::move(record);
  for (store::AssessmentRecord& assessment : assessments) Add(*next, std::move(assessment));
  for (store::TreatmentRecord& treatment : treatments) Add(*next, std::move(treatment));
  const std::lock_guard lock(mutex_);
  std::shared_ptr<const StoredPatient>& slot = patients_[id];
  // Of two requests that read at once, the one that saw more is kept.
  if (!slot || (slot->last_assessment_id <= next->last_assessment_id &&
                slot->last_treatment_id <= next->last_treatment_id)) {
    records_ -= slot ? slot->assessments.size() : 0;
    records_ += next->assessments.size();
    slot = next;
  }
  if (records_ > capacity_) {  // bounded memory; refills as patients are read again
    patients_.clear();
    records_ = 0;
  }
  return next;
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
  for (const std::shared_ptr<const StoredAssessment>& earlier : patient.assessments) {
    if (!earlier->in_force() || earlier->record.assessment.time >= at) continue;
    context.course.push_back(
        core::CourseGradeOf(earlier->grading, earlier->record.assessment.time));
  }
  return context;
}

Advice AdviseOn(const StoredPatient& patient, const core::Assessment& assessment,
                const core::Protocol& protocol) {
  Advice advice;
  advice.grading = core::GradeAstct2019(assessment);
  const core::UnixSeconds at = core::ParseRfc3339(assessment.time).value_or(0);
  const core::PatientContext context = core::ContextAt(assessment, StoredContext(patient, at));
  advice.recommendation = core::Recommend(assessment, advice.grading, context, protocol);
  return advice;
}

const StoredAssessment* LatestInForce(const StoredPatient& patient) {
  const StoredAssessment* latest = nullptr;
  for (const std::shared_ptr<const StoredAssessment>& assessment : patient.assessments) {
    if (assessment->in_force()) latest = assessment.get();  // the list is in time order
  }
  return latest;
}

std::vector<core::TimelineEntry> CourseEntries(const StoredPatient& patient) {
  // One entry an instant: a correction in force at the same time replaces, treatments join.
  std::map<core::UnixSeconds, core::TimelineEntry> by_time;
  for (const std::shared_ptr<const StoredAssessment>& assessment : patient.assessments) {
    if (!assessment->in_force()) continue;
    core::TimelineEntry& entry = by_time[assessment->record.assessment.time];
    entry.time = assessment->record.assessment.time;
    entry.findings = assessment->assessment;
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
