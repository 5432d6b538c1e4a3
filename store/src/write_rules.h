// The rules every store applies to a write before its SQL, worded once so that SQLite and
// PostgreSQL refuse the same writes with the same errors.
#ifndef CARTWATCH_STORE_SRC_WRITE_RULES_H_
#define CARTWATCH_STORE_SRC_WRITE_RULES_H_

#include <optional>
#include <string>

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

}  // namespace cartwatch::store

#endif  // CARTWATCH_STORE_SRC_WRITE_RULES_H_
