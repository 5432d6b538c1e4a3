// What every store writes into the audit log for an audited write, and the check of the audit
// hash chain: shared by the SQLite and PostgreSQL stores so that both audit the same JSON and
// judge a chain in the same words.
#ifndef CARTWATCH_STORE_SRC_AUDIT_PAYLOAD_H_
#define CARTWATCH_STORE_SRC_AUDIT_PAYLOAD_H_

#include <cstdint>
#include <string>

#include "cartwatch/core/time.h"
#include "cartwatch/store/records.h"

namespace cartwatch::store {

// The wall clock, in whole seconds: recorded_at, created_at and the audit rows' `at`.
core::UnixSeconds StoreNow();

// The `after` (or `before`) JSON of each kind of write.
std::string PatientPayload(const Patient& patient);
std::string AssessmentPayload(RecordId id, const NewAssessment& assessment);
std::string CorrectionPayload(RecordId id, const NewAssessment& replacement, RecordId supersedes,
                              const std::string& reason);
std::string TreatmentPayload(RecordId id, const NewTreatment& treatment);
// A user's name, role and whether it is disabled; never the password hash.
std::string UserPayload(const User& user);
// A token's id, user, label and times; never its hash, which would let a reader of the log find
// the token among the stored ones.
std::string TokenPayload(const ApiToken& token);
// {"value": ...}; the before of a setting that was never set is empty instead.
std::string SettingPayload(const std::string& value);

// Walks the audit log oldest first: feed every row to Add until it returns false (the first bad
// row), then read result().
class AuditChainCheck {
 public:
  bool Add(const AuditEntry& entry);
  const AuditCheck& result() const { return check_; }

 private:
  AuditCheck check_;
  std::string expected_prev_;
  std::int64_t expected_seq_ = 1;
};

}  // namespace cartwatch::store

#endif  // CARTWATCH_STORE_SRC_AUDIT_PAYLOAD_H_
