// What the store keeps: patients, the assessments and treatments recorded for them, and the audit
// log of every clinical write. Assessments are kept as the validated cartwatch.assessment/1 JSON
// the grading core reads, so the server grades exactly what the CLI would.
#ifndef CARTWATCH_STORE_RECORDS_H_
#define CARTWATCH_STORE_RECORDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cartwatch/core/products.h"
#include "cartwatch/core/protocol.h"
#include "cartwatch/core/time.h"

namespace cartwatch::store {

using RecordId = std::int64_t;

// Who writes, and the request it came with: every clinical write names both in the audit log.
struct WriteContext {
  std::string user;        // the authenticated user name
  std::string request_id;  // the server's request id
  // Idempotency-Key: a retried write with the same key and the same request is answered with
  // the record it created the first time; the same key with another request is a conflict.
  std::string idempotency_key;
  std::string request_hash;  // a digest of the request body, for the comparison above
};

struct Patient {
  std::string id;  // pseudonymous, chosen by the site
  std::optional<double> age_years;
  std::optional<double> weight_kg;
  std::optional<core::Product> product;
  std::optional<core::UnixSeconds> infusion;  // day 0
};

struct PatientRecord {
  Patient patient;
  core::UnixSeconds created_at = 0;
  std::string created_by;
};

struct NewAssessment {
  std::string patient_id;
  core::UnixSeconds time = 0;
  std::string assessment_json;  // one validated cartwatch.assessment/1 object
};

// A correction never changes a record: it adds a new one that names the one it supersedes, with
// the reason and author, and the old one stays readable with `superseded_by` set.
struct AssessmentRecord {
  RecordId id = 0;
  NewAssessment assessment;
  core::UnixSeconds recorded_at = 0;
  std::string recorded_by;
  std::optional<RecordId> supersedes;
  std::optional<RecordId> superseded_by;
  std::string correction_reason;
};

struct NewTreatment {
  std::string patient_id;
  core::UnixSeconds time = 0;
  core::Drug drug = core::Drug::kTocilizumab;
  std::optional<double> dose_mg;
};

struct TreatmentRecord {
  RecordId id = 0;
  NewTreatment treatment;
  core::UnixSeconds recorded_at = 0;
  std::string recorded_by;
};

// One row of the append-only audit log. `hash` is SHA-256 over the previous row's hash and this
// row's fields (AuditHash), so that a changed or removed row breaks the chain.
struct AuditEntry {
  std::int64_t seq = 0;
  core::UnixSeconds at = 0;
  std::string user;
  std::string request_id;
  std::string action;     // e.g. "patient.create", "assessment.record", "assessment.correct"
  std::string entity;     // "patient", "assessment", "treatment"
  std::string entity_id;  // the record's id
  std::string before;     // JSON of the record before (corrections), or empty
  std::string after;      // JSON of what was written
  std::string prev_hash;  // hex
  std::string hash;       // hex
};

// Who may do what (docs/api.md has the role x endpoint table). Each role may do everything the
// one before it may.
enum class Role : std::uint8_t { kViewer, kNurse, kPhysician, kAdmin };
std::string_view RoleName(Role role) noexcept;  // "viewer", "nurse", "physician", "admin"
std::optional<Role> FindRole(std::string_view name) noexcept;

struct User {
  std::string name;
  Role role = Role::kViewer;
  std::string password_hash;  // Argon2id, crypto_pwhash_str format; never leaves the server
  core::UnixSeconds created_at = 0;
  bool disabled = false;
};

// An API token is shown once; the store keeps only its SHA-256 (hex).
struct ApiToken {
  RecordId id = 0;
  std::string user;
  std::string token_hash;
  std::string label;  // what the token is for, e.g. "lab interface"
  core::UnixSeconds created_at = 0;
  core::UnixSeconds expires_at = 0;
  std::optional<core::UnixSeconds> revoked_at;
};

// A browser session: the cookie's SHA-256 (hex) and the CSRF token its form posts must echo.
struct Session {
  std::string id_hash;
  std::string user;
  std::string csrf_token;
  core::UnixSeconds created_at = 0;
  core::UnixSeconds expires_at = 0;
};

// A change of a patient's day 0 or weight; an absent member is left as it is.
struct PatientUpdate {
  std::optional<double> weight_kg;
  std::optional<core::UnixSeconds> infusion;
};

// How the writes since the store was opened were committed (for the server's metrics): the
// transactions, the writes they held, the largest batch.
struct CommitStats {
  std::uint64_t commits = 0;
  std::uint64_t writes = 0;
  std::uint64_t largest_batch = 0;
};

struct AuditCheck {
  std::int64_t entries = 0;
  std::optional<std::int64_t> first_bad_seq;  // empty when the chain is intact
  std::string problem;
  bool ok() const { return !first_bad_seq; }
};

}  // namespace cartwatch::store

#endif  // CARTWATCH_STORE_RECORDS_H_
