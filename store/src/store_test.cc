// The store suite: every implementation must pass it (today SQLite; PostgreSQL joins through
// StoreFactories). Durability settings, migrations, idempotency, corrections, the append-only
// audit log and its hash chain, and concurrent writers.
#include "cartwatch/store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "migrations.h"

namespace cartwatch::store {
namespace {

using core::ErrorCode;

constexpr core::UnixSeconds kDay0 = 1772352000;  // 2026-03-01T08:00:00Z

// A fresh database file per test, removed afterwards with its WAL files.
class TempDb {
 public:
  TempDb() {
    static std::atomic<int> counter{0};
    path_ = (std::filesystem::temp_directory_path() /
             ("cartwatch-store-" + std::to_string(getpid()) + "-" +
              std::to_string(counter.fetch_add(1)) + ".db"))
                .string();
  }
  ~TempDb() {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  TempDb(const TempDb&) = delete;
  TempDb& operator=(const TempDb&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Runs SQL on the file directly, outside the store: what an attacker with file access could do.
void RawSql(const std::string& path, const std::string& sql, bool expect_ok = true) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* message = nullptr;
  const int code = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  if (expect_ok) {
    EXPECT_EQ(code, SQLITE_OK) << (message != nullptr ? message : "");
  } else {
    EXPECT_NE(code, SQLITE_OK) << sql;
  }
  sqlite3_free(message);
  sqlite3_close(db);
}

std::unique_ptr<Store> Open(const std::string& path) {
  core::Result<std::unique_ptr<Store>> store = OpenStore(path);
  EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
  return store.ok() ? std::move(store).value() : nullptr;
}

WriteContext As(std::string user, std::string key = "", std::string hash = "") {
  return {std::move(user), "req-1", std::move(key), std::move(hash)};
}

Patient NewPatient(std::string id) {
  Patient p;
  p.id = std::move(id);
  p.age_years = 54;
  p.weight_kg = 70.5;
  p.product = core::Product::kAxiCel;
  p.infusion = kDay0;
  return p;
}

NewAssessment Assessment(std::string patient, core::UnixSeconds time, double temperature) {
  return {std::move(patient), time,
          R"({"temperature":{"value":)" + std::to_string(temperature) + R"(,"unit":"Cel"}})"};
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = Open(db_.path());
    ASSERT_TRUE(store_);
  }
  TempDb db_;
  std::unique_ptr<Store> store_;
};

TEST(Migrations, AreNumberedFromOneWithoutGaps) {
  const std::vector<Migration>& migrations = SqliteMigrations();
  ASSERT_FALSE(migrations.empty());
  for (std::size_t i = 0; i < migrations.size(); ++i) {
    EXPECT_EQ(migrations[i].version, static_cast<int>(i) + 1) << migrations[i].file;
    EXPECT_FALSE(migrations[i].sql.empty());
  }
}

TEST_F(StoreTest, AFreshDatabaseIsAtTheLatestSchemaAndReopensWithoutMigratingAgain) {
  EXPECT_EQ(store_->SchemaVersion(), SqliteMigrations().back().version);
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-1"), As("nurse1")).ok());
  store_.reset();
  store_ = Open(db_.path());
  ASSERT_TRUE(store_);
  EXPECT_EQ(store_->SchemaVersion(), SqliteMigrations().back().version);
  EXPECT_TRUE(store_->FindPatient("P-1"));
}

TEST_F(StoreTest, ADatabaseFromANewerCartwatchIsRefused) {
  store_.reset();
  RawSql(db_.path(),
         "INSERT INTO schema_migrations (version, file, applied_at) VALUES (999, 'x.sql', 0)");
  core::Result<std::unique_ptr<Store>> newer = OpenStore(db_.path());
  ASSERT_FALSE(newer.ok());
  EXPECT_EQ(newer.error().code, ErrorCode::kStoreTooNew);
  EXPECT_NE(newer.error().message.find("schema version 999"), std::string::npos);
}

TEST(Store, AnUnopenableLocationIsStoreUnavailable) {
  core::Result<std::unique_ptr<Store>> store = OpenStore("/no/such/folder/cartwatch.db");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kStoreUnavailable);
}

TEST_F(StoreTest, DurabilitySettingsAreOn) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_.path().c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST_F(StoreTest, PatientsAreCreatedOnceAndReadBack) {
  core::Result<PatientRecord> created = store_->CreatePatient(NewPatient("P-1"), As("nurse1"));
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(created.value().created_by, "nurse1");
  const std::optional<PatientRecord> found = store_->FindPatient("P-1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->patient.weight_kg, 70.5);
  EXPECT_EQ(found->patient.product, core::Product::kAxiCel);
  EXPECT_EQ(found->patient.infusion, kDay0);
  core::Result<PatientRecord> again = store_->CreatePatient(NewPatient("P-1"), As("nurse2"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(store_->Patients().size(), 1u);
  EXPECT_FALSE(store_->FindPatient("P-2"));
}

TEST_F(StoreTest, AssessmentsNeedAKnownPatientAndComeBackInTimeOrder) {
  core::Result<AssessmentRecord> orphan =
      store_->RecordAssessment(Assessment("P-9", kDay0, 38.5), As("nurse1"));
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-1"), As("nurse1")).ok());
  ASSERT_TRUE(store_->RecordAssessment(Assessment("P-1", kDay0 + 7200, 39.0), As("n")).ok());
  ASSERT_TRUE(store_->RecordAssessment(Assessment("P-1", kDay0 + 3600, 38.2), As("n")).ok());
  const std::vector<AssessmentRecord> all = store_->Assessments("P-1");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].assessment.time, kDay0 + 3600);
  EXPECT_NE(all[0].assessment.assessment_json.find("38.2"), std::string::npos);
  EXPECT_EQ(all[1].assessment.time, kDay0 + 7200);
}

TEST_F(StoreTest, ARetriedWriteWithItsKeyIsStoredOnceAndAnotherBodyIsAConflict) {
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-1"), As("n")).ok());
  core::Result<AssessmentRecord> first =
      store_->RecordAssessment(Assessment("P-1", kDay0, 38.5), As("n", "key-1", "hash-a"));
  core::Result<AssessmentRecord> retry =
      store_->RecordAssessment(Assessment("P-1", kDay0, 38.5), As("n", "key-1", "hash-a"));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(first.value().id, retry.value().id);
  EXPECT_EQ(store_->Assessments("P-1").size(), 1u);
  core::Result<AssessmentRecord> other =
      store_->RecordAssessment(Assessment("P-1", kDay0, 39.5), As("n", "key-1", "hash-b"));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kConflict);
  EXPECT_EQ(other.error().field, "Idempotency-Key");
  EXPECT_EQ(store_->AuditLog(0, 100).size(), 2u);  // the patient and one assessment
}

TEST_F(StoreTest, ACorrectionSupersedesWithoutChangingTheOriginal) {
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-1"), As("n")).ok());
  const RecordId original =
      store_->RecordAssessment(Assessment("P-1", kDay0, 39.5), As("nurse1")).value().id;
  core::Result<AssessmentRecord> no_reason =
      store_->CorrectAssessment(original, Assessment("P-1", kDay0, 37.5), "", As("dr1"));
  ASSERT_FALSE(no_reason.ok());
  EXPECT_EQ(no_reason.error().field, "reason");
  core::Result<AssessmentRecord> corrected = store_->CorrectAssessment(
      original, Assessment("P-1", kDay0, 37.5), "typed 39.5 for 37.5", As("dr1"));
  ASSERT_TRUE(corrected.ok());
  EXPECT_EQ(corrected.value().supersedes, original);
  const std::vector<AssessmentRecord> all = store_->Assessments("P-1");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].id, original);
  EXPECT_EQ(all[0].superseded_by, corrected.value().id);
  EXPECT_NE(all[0].assessment.assessment_json.find("39.5"), std::string::npos);
  EXPECT_EQ(all[1].correction_reason, "typed 39.5 for 37.5");
  EXPECT_EQ(all[1].recorded_by, "dr1");
  core::Result<AssessmentRecord> twice =
      store_->CorrectAssessment(original, Assessment("P-1", kDay0, 37.6), "again", As("dr1"));
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  core::Result<AssessmentRecord> missing =
      store_->CorrectAssessment(999, Assessment("P-1", kDay0, 37.6), "x", As("dr1"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  const std::vector<AuditEntry> audit = store_->AuditLog(0, 100);
  ASSERT_EQ(audit.back().action, "assessment.correct");
  EXPECT_NE(audit.back().before.find("39.5"), std::string::npos);
  EXPECT_NE(audit.back().after.find("typed 39.5 for 37.5"), std::string::npos);
}

TEST_F(StoreTest, EveryClinicalWriteIsAuditedWithWhoAndTheRequest) {
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-1"), As("nurse1")).ok());
  ASSERT_TRUE(store_->RecordAssessment(Assessment("P-1", kDay0, 38.5), As("nurse1")).ok());
  NewTreatment toci{"P-1", kDay0 + 600, core::Drug::kTocilizumab, 560.0};
  ASSERT_TRUE(store_->RecordTreatment(toci, As("nurse2")).ok());
  const std::vector<AuditEntry> audit = store_->AuditLog(0, 100);
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[0].action, "patient.create");
  EXPECT_EQ(audit[1].action, "assessment.record");
  EXPECT_EQ(audit[2].action, "treatment.record");
  EXPECT_EQ(audit[2].user, "nurse2");
  EXPECT_EQ(audit[2].request_id, "req-1");
  EXPECT_NE(audit[2].after.find("\"drug\":\"tocilizumab\""), std::string::npos);
  EXPECT_EQ(audit[0].prev_hash, std::string(64, '0'));
  EXPECT_EQ(audit[1].prev_hash, audit[0].hash);
  EXPECT_EQ(store_->Treatments("P-1").size(), 1u);
  EXPECT_EQ(store_->AuditLog(2, 100).size(), 1u);
  EXPECT_TRUE(store_->VerifyAudit().ok());
}

TEST_F(StoreTest, TheAuditLogAndClinicalRowsRefuseUpdateAndDelete) {
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-1"), As("n")).ok());
  ASSERT_TRUE(store_->RecordAssessment(Assessment("P-1", kDay0, 38.5), As("n")).ok());
  RawSql(db_.path(), "UPDATE audit_log SET user_name = 'mallory'", false);
  RawSql(db_.path(), "DELETE FROM audit_log", false);
  RawSql(db_.path(), "UPDATE assessments SET assessment_json = '{}'", false);
  RawSql(db_.path(), "DELETE FROM assessments", false);
  EXPECT_EQ(store_->AuditLog(0, 100).size(), 2u);
  EXPECT_TRUE(store_->VerifyAudit().ok());
}

// Someone with the file drops the trigger and edits a row: the chain shows where.
TEST_F(StoreTest, TamperingWithTheAuditLogIsDetected) {
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-1"), As("n")).ok());
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-2"), As("n")).ok());
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-3"), As("n")).ok());
  ASSERT_TRUE(store_->VerifyAudit().ok());
  EXPECT_EQ(store_->VerifyAudit().entries, 3);
  RawSql(db_.path(),
         "DROP TRIGGER audit_log_append_only_update; "
         "UPDATE audit_log SET user_name = 'mallory' WHERE seq = 2");
  const AuditCheck edited = store_->VerifyAudit();
  ASSERT_FALSE(edited.ok());
  EXPECT_EQ(edited.first_bad_seq, 2);
  EXPECT_NE(edited.problem.find("does not match its contents"), std::string::npos);
  RawSql(db_.path(),
         "DROP TRIGGER audit_log_append_only_delete; DELETE FROM audit_log WHERE seq = 2");
  const AuditCheck removed = store_->VerifyAudit();
  ASSERT_FALSE(removed.ok());
  EXPECT_EQ(removed.first_bad_seq, 3);
  EXPECT_NE(removed.problem.find("row 2 is missing"), std::string::npos);
}

// Writers on many threads: every acknowledged write is stored once, the chain holds, and a
// failing write in a shared transaction takes nothing else with it.
TEST_F(StoreTest, ConcurrentWritersLoseNothingAndShareCommits) {
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-1"), As("n")).ok());
  std::atomic<int> acknowledged{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const bool orphan = i % 10 == 9;  // a write that must fail: unknown patient
        core::Result<AssessmentRecord> written = store_->RecordAssessment(
            Assessment(orphan ? "P-404" : "P-1", kDay0 + t * 1000 + i, 38.0),
            As("n", "t" + std::to_string(t) + "-" + std::to_string(i), "h"));
        (written.ok() ? acknowledged : refused).fetch_add(1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(refused.load(), 16);
  EXPECT_EQ(acknowledged.load(), 184);
  EXPECT_EQ(store_->Assessments("P-1").size(), 184u);
  const AuditCheck check = store_->VerifyAudit();
  EXPECT_TRUE(check.ok()) << check.problem;
  EXPECT_EQ(check.entries, 185);
  store_.reset();  // and everything acknowledged is there after a reopen
  store_ = Open(db_.path());
  EXPECT_EQ(store_->Assessments("P-1").size(), 184u);
}

}  // namespace
}  // namespace cartwatch::store
