// The rules every store applies to a write before its SQL, worded once so that SQLite and
// PostgreSQL refuse the same writes with the same errors.
#ifndef CARTWATCH_STORE_SRC_WRITE_RULES_H_
#define CARTWATCH_STORE_SRC_WRITE_RULES_H_

#include <optional>
#include <string>
#include <string_view>

#include "cartwatch/store/records.h"

namespace cartwatch::store {

// not_found on patient_id when the patient is not stored.
void RequirePatient(bool stored, const std::string& patient_id);

// missing_required on reason when a correction gives none.
void RequireCorrectionReason(const std::string& reason);

// Whether `before` (the stored record `id`, or empty) may be corrected by `replacement`:
// not_found, conflict when it was already corrected, contradictory for another patient.
void RequireCorrectable(RecordId id, const std::optional<AssessmentRecord>& before,
                        const NewAssessment& replacement);

// not_found on id when the patient to update is not stored.
void RequirePatientToUpdate(bool stored, std::string_view id);

// The patient with the members `update` gives replaced; the others as they were.
Patient ApplyUpdate(Patient patient, const PatientUpdate& update);

// conflict on name when a user of that name exists.
void RequireNewUser(bool taken, const std::string& name);

// not_found on user when a token or session names a user that is not stored.
void RequireUser(bool stored, const std::string& name);

// conflict when the token's hash is stored already (the server made the same token twice).
void RequireNewToken(bool taken);

// not_found on id when no token has that id.
void RequireToken(bool stored, RecordId id);

// conflict when a session with the same cookie hash is open.
void RequireNewSession(bool taken);

}  // namespace cartwatch::store

#endif  // CARTWATCH_STORE_SRC_WRITE_RULES_H_
