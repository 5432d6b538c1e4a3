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

void RequirePatientToUpdate(bool stored, std::string_view id) {
  if (!stored) {
    throw StoreFailure(ErrorCode::kNotFound, "id", "no patient with id " + std::string(id));
  }
}

Patient ApplyUpdate(Patient patient, const PatientUpdate& update) {
  if (update.weight_kg) patient.weight_kg = update.weight_kg;
  if (update.infusion) patient.infusion = update.infusion;
  return patient;
}

void RequireNewUser(bool taken, const std::string& name) {
  if (taken) {
    throw StoreFailure(ErrorCode::kConflict, "name", "a user named " + name + " already exists");
  }
}

void RequireUser(bool stored, const std::string& name) {
  if (!stored) throw StoreFailure(ErrorCode::kNotFound, "user", "no user named " + name);
}

void RequireNewToken(bool taken) {
  if (taken) throw StoreFailure(ErrorCode::kConflict, "", "this API token is stored already");
}

void RequireToken(bool stored, RecordId id) {
  if (!stored) {
    throw StoreFailure(ErrorCode::kNotFound, "id", "no API token with id " + std::to_string(id));
  }
}

void RequireNewSession(bool taken) {
  if (taken) throw StoreFailure(ErrorCode::kConflict, "", "this session is open already");
}

}  // namespace cartwatch::store
