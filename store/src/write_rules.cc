#include "write_rules.h"

#include "store_failure.h"

namespace cartwatch::store {

using core::ErrorCode;

void RequirePatient(bool stored, const std::string& patient_id) {
  if (!stored) {
    throw StoreFailure(ErrorCode::kNotFound, "patient_id", "no patient with id " + patient_id);
  }
}

void RequireCorrectionReason(const std::string& reason) {
  if (reason.empty()) {
    throw StoreFailure(ErrorCode::kMissingRequired, "reason", "a correction needs its reason");
  }
}

void RequireCorrectable(RecordId id, const std::optional<AssessmentRecord>& before,
                        const NewAssessment& replacement) {
  if (!before) {
    throw StoreFailure(ErrorCode::kNotFound, "id", "no assessment with id " + std::to_string(id));
  }
  if (before->superseded_by) {
    throw StoreFailure(ErrorCode::kConflict, "id",
                       "assessment " + std::to_string(id) + " was already corrected by " +
                           std::to_string(*before->superseded_by) + ": correct that one");
  }
  if (replacement.patient_id != before->assessment.patient_id) {
    throw StoreFailure(ErrorCode::kContradictory, "patient_id",
                       "a correction belongs to the same patient as the record it corrects");
  }
}

}  // namespace cartwatch::store
