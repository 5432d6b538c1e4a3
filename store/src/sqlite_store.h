// The embedded store: one SQLite file in WAL mode with synchronous=FULL. Writes go through the
// group committer on one connection; reads use a second connection (WAL lets them run beside the
// writer).
#ifndef CARTWATCH_STORE_SRC_SQLITE_STORE_H_
#define CARTWATCH_STORE_SRC_SQLITE_STORE_H_

#include <memory>
#include <mutex>
#include <string>

#include "cartwatch/store/store.h"
#include "group_commit.h"
#include "reader_pool.h"
#include "sqlite_db.h"

namespace cartwatch::store {

class SqliteStore final : public Store {
 public:
  // Opens and migrates; throws StoreFailure (store_unavailable, store_too_new).
  explicit SqliteStore(const std::string& path);
  ~SqliteStore() override;

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

  sqlite::Database writer_;
  ReaderPool<sqlite::Database> readers_;
  std::unique_ptr<Control> control_;
  std::unique_ptr<GroupCommitter> committer_;
};

}  // namespace cartwatch::store

#endif  // CARTWATCH_STORE_SRC_SQLITE_STORE_H_
