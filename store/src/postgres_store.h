// The store for many servers on one database: PostgreSQL through libpqxx 6.4. Writes go through
// the group committer on one connection; reads use a second connection. Every group-commit
// transaction first takes a transaction-scoped advisory lock, so that writers in other server
// processes append to the audit hash chain one at a time and the chain stays gap-free.
#ifndef CARTWATCH_STORE_SRC_POSTGRES_STORE_H_
#define CARTWATCH_STORE_SRC_POSTGRES_STORE_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <pqxx/connection>
#include <string>

#include "cartwatch/store/store.h"
#include "group_commit.h"
#include "reader_pool.h"

namespace cartwatch::store {

// The advisory lock keys (pg_advisory_xact_lock) every cartwatch server uses on its database:
// one for the migrations, one for writes (audit appends).
inline constexpr std::int64_t kPostgresMigrationLock = 0x6361727477617401;  // "cartwat" 01
inline constexpr std::int64_t kPostgresWriteLock = 0x6361727477617402;      // "cartwat" 02

class PostgresStore final : public Store {
 public:
  // Connects to `url` (postgresql://...) and migrates; throws StoreFailure (store_unavailable,
  // store_too_new). The messages never carry the URL, which may hold a password.
  explicit PostgresStore(const std::string& url);
  ~PostgresStore() override;

  int SchemaVersion() override;
  core::Result<PatientRecord> CreatePatient(const Patient& patient,
                                            const WriteContext& context) override;
  core::Result<AssessmentRecord> RecordAssessment(const NewAssessment& assessment,
                                                  const WriteContext& context) override;
  core::Result<TreatmentRecord> RecordTreatment(const NewTreatment& treatment,
                                                const WriteContext& context) override;
  core::Result<AssessmentRecord> CorrectAssessment(RecordId id, const NewAssessment& replacement,
                                                   const std::string& reason,
                                                   const WriteContext& context) override;
  core::Result<PatientRecord> UpdatePatient(std::string_view id, const PatientUpdate& update,
                                            const WriteContext& context) override;
  core::Result<User> CreateUser(const User& user, const WriteContext& context) override;
  core::Result<ApiToken> CreateToken(const ApiToken& token, const WriteContext& context) override;
  core::Result<ApiToken> RevokeToken(RecordId id, const WriteContext& context) override;
  core::Result<std::string> SetSetting(const std::string& key, const std::string& value,
                                       const WriteContext& context) override;
  core::Result<Session> CreateSession(const Session& session) override;
  void EndSession(std::string_view id_hash) override;
  void RecordLoginFailure(std::string_view user, core::UnixSeconds at) override;
  int LoginFailuresSince(std::string_view user, core::UnixSeconds since) override;
  std::optional<User> FindUser(std::string_view name) override;
  std::vector<User> Users() override;
  std::optional<ApiToken> FindToken(std::string_view token_hash) override;
  std::vector<ApiToken> Tokens() override;
  std::optional<Session> FindSession(std::string_view id_hash, core::UnixSeconds now) override;
  std::optional<std::string> Setting(std::string_view key) override;
  std::optional<PatientRecord> FindPatient(std::string_view id) override;
  std::vector<PatientRecord> Patients() override;
  std::vector<AssessmentRecord> Assessments(std::string_view patient_id) override;
  std::vector<TreatmentRecord> Treatments(std::string_view patient_id) override;
  std::vector<AssessmentRecord> AssessmentsAfter(std::string_view patient_id,
                                                 RecordId after_id) override;
  std::vector<TreatmentRecord> TreatmentsAfter(std::string_view patient_id,
                                               RecordId after_id) override;
  std::vector<AuditEntry> AuditLog(std::int64_t after_seq, std::size_t limit) override;
  AuditCheck VerifyAudit() override;

  CommitStats Stats() const override {
    const GroupCommitStats stats = committer_->stats();
    return {stats.commits, stats.writes, stats.largest_batch};
  }

 private:
  class Control;

  std::unique_ptr<pqxx::connection> writer_;
  ReaderPool<pqxx::connection> readers_;
  std::unique_ptr<Control> control_;
  std::unique_ptr<GroupCommitter> committer_;
};

}  // namespace cartwatch::store

#endif  // CARTWATCH_STORE_SRC_POSTGRES_STORE_H_
