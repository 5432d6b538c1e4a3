// The store behind the server: one interface, an embedded SQLite implementation (the default)
// and, for many sites, PostgreSQL. Every write is durable when it returns: it is committed in a
// transaction (concurrent writes share one commit, see docs/architecture.md) together with its
// audit row, and a failed write leaves nothing behind.
#ifndef CARTWATCH_STORE_STORE_H_
#define CARTWATCH_STORE_STORE_H_

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cartwatch/core/result.h"
#include "cartwatch/store/records.h"

namespace cartwatch::store {

class Store {
 public:
  virtual ~Store() = default;
  Store() = default;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // The schema version of the database (the highest migration applied).
  virtual int SchemaVersion() = 0;

  // Writes. Errors: conflict (a patient id taken, or an idempotency key reused with another
  // request), not_found (an unknown patient or record), store_unavailable.
  virtual core::Result<PatientRecord> CreatePatient(const Patient& patient,
                                                    const WriteContext& context) = 0;
  virtual core::Result<AssessmentRecord> RecordAssessment(const NewAssessment& assessment,
                                                          const WriteContext& context) = 0;
  virtual core::Result<TreatmentRecord> RecordTreatment(const NewTreatment& treatment,
                                                        const WriteContext& context) = 0;
  // A new record that supersedes `id`, with the reason; the old record is kept.
  virtual core::Result<AssessmentRecord> CorrectAssessment(RecordId id,
                                                           const NewAssessment& replacement,
                                                           const std::string& reason,
                                                           const WriteContext& context) = 0;

  // A change of day 0 or weight; audited with the patient before and after. not_found.
  virtual core::Result<PatientRecord> UpdatePatient(std::string_view id,
                                                    const PatientUpdate& update,
                                                    const WriteContext& context) = 0;

  // Users, tokens and settings: audited writes ("user.create", "token.create", "token.revoke",
  // "setting.set"); the audit row never holds a password or token hash.
  // The stored user (created_at is the store's time); conflict when the name is taken.
  virtual core::Result<User> CreateUser(const User& user, const WriteContext& context) = 0;
  // The stored token with its id, created_at the store's time and not revoked; conflict when the
  // hash is taken, not_found for an unknown user.
  virtual core::Result<ApiToken> CreateToken(const ApiToken& token,
                                             const WriteContext& context) = 0;
  // Sets revoked_at (once: a revoked token stays revoked at its first time, and revoking it
  // again is neither a change nor an audit row). not_found.
  virtual core::Result<ApiToken> RevokeToken(RecordId id, const WriteContext& context) = 0;
  // A site-wide setting, e.g. "active_protocol"; the audit row has the value before and after.
  virtual core::Result<std::string> SetSetting(const std::string& key, const std::string& value,
                                               const WriteContext& context) = 0;

  // Sessions and failed logins are not clinical and not audited, but they live in the database so
  // that every server behind one database sees the same ones. CreateSession refuses an unknown
  // user (not_found) and an id_hash already stored (conflict); the methods without a Result throw
  // a std::exception when the database fails.
  virtual core::Result<Session> CreateSession(const Session& session) = 0;
  virtual void EndSession(std::string_view id_hash) = 0;
  virtual void RecordLoginFailure(std::string_view user, core::UnixSeconds at) = 0;
  // Failed logins of `user` at or after `since`.
  virtual int LoginFailuresSince(std::string_view user, core::UnixSeconds since) = 0;

  // Reads.
  virtual std::optional<User> FindUser(std::string_view name) = 0;
  virtual std::vector<User> Users() = 0;  // by name
  virtual std::optional<ApiToken> FindToken(std::string_view token_hash) = 0;
  virtual std::vector<ApiToken> Tokens() = 0;  // by id
  // Sessions past expires_at are never returned.
  virtual std::optional<Session> FindSession(std::string_view id_hash, core::UnixSeconds now) = 0;
  virtual std::optional<std::string> Setting(std::string_view key) = 0;
  virtual std::optional<PatientRecord> FindPatient(std::string_view id) = 0;
  virtual std::vector<PatientRecord> Patients() = 0;
  // Every assessment of the patient in time order, superseded ones included (marked).
  virtual std::vector<AssessmentRecord> Assessments(std::string_view patient_id) = 0;
  virtual std::vector<TreatmentRecord> Treatments(std::string_view patient_id) = 0;
  // The patient's records with an id above `after_id`, in id order: what a reader that has seen
  // every record up to `after_id` has not seen yet. Ids grow in commit order (one writer at a
  // time commits), so nothing committed is skipped.
  virtual std::vector<AssessmentRecord> AssessmentsAfter(std::string_view patient_id,
                                                         RecordId after_id) = 0;
  virtual std::vector<TreatmentRecord> TreatmentsAfter(std::string_view patient_id,
                                                       RecordId after_id) = 0;
  // Audit rows with seq > `after_seq`, oldest first, at most `limit`.
  virtual std::vector<AuditEntry> AuditLog(std::int64_t after_seq, std::size_t limit) = 0;
  // Recomputes the hash chain of the whole audit log.
  virtual AuditCheck VerifyAudit() = 0;

  // Counters of the group commit since the store was opened.
  virtual CommitStats Stats() const = 0;
};

// Opens (and migrates) the store `location` names: a postgresql:// (or postgres://) URL for
// PostgreSQL, any other text is a SQLite file path. Refuses a database whose schema is newer than
// this binary (store_too_new); a database it cannot reach or open is store_unavailable, and the
// message never repeats the location (a URL may hold a password).
core::Result<std::unique_ptr<Store>> OpenStore(const std::string& location);

// True when `location` names a PostgreSQL database (postgresql:// or postgres://), not a file.
bool IsPostgresLocation(std::string_view location);

// `location` fit to print or log: a URL's password is replaced by "***".
std::string PrintableLocation(std::string_view location);

}  // namespace cartwatch::store

#endif  // CARTWATCH_STORE_STORE_H_
