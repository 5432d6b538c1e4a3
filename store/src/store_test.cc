// The store suite: every implementation must pass it. Each test of StoreTest runs once per
// backend: SQLite (a temporary file) and PostgreSQL (a fresh database on the server named by
// CARTWATCH_TEST_POSTGRES_URL; scripts/test.sh starts one with scripts/postgres-test-server.sh).
// Without that variable the PostgreSQL half FAILS, so that CI cannot pass without running it;
// CARTWATCH_TEST_POSTGRES=skip skips it instead (for a machine without PostgreSQL). Durability
// settings, migrations, idempotency, corrections, the append-only audit log and its hash chain,
// concurrent writers, two servers on one database, and the users, tokens, sessions, failed logins
// and settings behind sign-in.
#include "cartwatch/store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <pqxx/connection>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "migrations.h"

namespace cartwatch::store {
namespace {

using core::ErrorCode;

constexpr core::UnixSeconds kDay0 = 1772352000;  // 2026-03-01T08:00:00Z

std::string Env(const char* name) {
  const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read before threads
  return value != nullptr ? value : "";
}

// A fresh database for one test, and what a test needs to reach past the store: SQL run directly
// on the database (what an attacker with the file or the owner's password could do).
class TestDatabase {
 public:
  virtual ~TestDatabase() = default;
  TestDatabase() = default;
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  // What OpenStore takes.
  virtual const std::string& location() const = 0;
  virtual const std::vector<Migration>& migrations() const = 0;
  // Runs one or more statements outside the store; expects them to succeed or to be refused.
  virtual void RawSql(const std::string& sql, bool expect_ok = true) = 0;
  // SQL that lets the owner change the audit log (it drops or disables the triggers).
  virtual std::string AllowAuditTampering() const = 0;
  // Checks the settings that make a commit durable.
  virtual void ExpectDurable() = 0;
  // The schema_migrations table as the store's migration runner creates it.
  virtual std::string MigrationTableSql() const = 0;
};

// A temporary file, removed afterwards with its WAL files.
class SqliteDatabase final : public TestDatabase {
 public:
  SqliteDatabase() {
    static std::atomic<int> counter{0};
    path_ = (std::filesystem::temp_directory_path() /
             ("cartwatch-store-" + std::to_string(getpid()) + "-" +
              std::to_string(counter.fetch_add(1)) + ".db"))
                .string();
  }
  ~SqliteDatabase() override {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_ + suffix);
  }
  const std::string& location() const override { return path_; }
  const std::vector<Migration>& migrations() const override { return SqliteMigrations(); }

  void RawSql(const std::string& sql, bool expect_ok) override {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
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

  std::string AllowAuditTampering() const override {
    return "DROP TRIGGER audit_log_append_only_update; "
           "DROP TRIGGER audit_log_append_only_delete";
  }

  void ExpectDurable() override {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    EXPECT_EQ(std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))), "wal");
    sqlite3_finalize(stmt);
    sqlite3_close(db);
  }

  std::string MigrationTableSql() const override {
    return "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, file TEXT NOT NULL, "
           "applied_at INTEGER NOT NULL) STRICT";
  }

 private:
  std::string path_;
};

// `url` with its database name replaced by `database`.
std::string WithDatabase(const std::string& url, const std::string& database) {
  const std::size_t authority = url.find("://") + 3;
  const std::size_t slash = url.find('/', authority);
  const std::size_t query = url.find('?', authority);
  const std::string base = url.substr(0, std::min(slash, query));
  const std::string rest = query == std::string::npos ? "" : url.substr(query);
  return base + "/" + database + rest;
}

// A database created on the test server for one test and dropped afterwards (connections the
// test left open included).
class PostgresDatabase final : public TestDatabase {
 public:
  explicit PostgresDatabase(std::string server_url) : server_url_(std::move(server_url)) {
    static std::atomic<int> counter{0};
    name_ = "cartwatch_test_" + std::to_string(getpid()) + "_" +
            std::to_string(counter.fetch_add(1)) + "_" + std::to_string(std::random_device{}());
    Maintenance("CREATE DATABASE " + name_);
    url_ = WithDatabase(server_url_, name_);
  }
  ~PostgresDatabase() override {
    try {
      Maintenance("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
      for (const std::string& role : roles_) Maintenance("DROP ROLE IF EXISTS " + role);
    } catch (const pqxx::pqxx_exception& error) {
      ADD_FAILURE() << "could not drop " << name_ << ": " << error.base().what();
    }
  }
  // A login role of this test's own, dropped with the database.
  std::string CreateRole(const std::string& password) {
    std::string role = name_ + "_role" + std::to_string(roles_.size());
    Maintenance("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
    roles_.push_back(role);
    return role;
  }
  const std::string& location() const override { return url_; }
  const std::string& server_url() const { return server_url_; }
  const std::string& name() const { return name_; }
  const std::vector<Migration>& migrations() const override { return PostgresMigrations(); }

  void Maintenance(const std::string& sql) const {
    pqxx::connection db(server_url_);
    pqxx::nontransaction tx(db);
    tx.exec0(sql);
  }

  void RawSql(const std::string& sql, bool expect_ok) override {
    pqxx::connection db(url_);
    pqxx::nontransaction tx(db);
    try {
      tx.exec(sql);
      EXPECT_TRUE(expect_ok) << sql;
    } catch (const pqxx::sql_error& error) {
      EXPECT_FALSE(expect_ok) << error.what();
    }
  }

  std::string AllowAuditTampering() const override {
    return "ALTER TABLE audit_log DISABLE TRIGGER USER";
  }

  void ExpectDurable() override {
    pqxx::connection db(url_);
    pqxx::nontransaction tx(db);
    EXPECT_EQ(tx.exec1("SHOW fsync")[0].as<std::string>(), "on");
  }

  std::string MigrationTableSql() const override {
    return "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, file TEXT NOT NULL, "
           "applied_at BIGINT NOT NULL)";
  }

 private:
  std::string server_url_;
  std::string name_;
  std::string url_;
  std::vector<std::string> roles_;
};

// The PostgreSQL test server, or why there is none.
struct PostgresServer {
  std::string url = Env("CARTWATCH_TEST_POSTGRES_URL");
  bool skip = Env("CARTWATCH_TEST_POSTGRES") == "skip";
};

std::unique_ptr<Store> Open(const std::string& location) {
  core::Result<std::unique_ptr<Store>> store = OpenStore(location);
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

enum class Backend { kSqlite, kPostgres };

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::kPostgres) {
      const PostgresServer server;
      if (server.url.empty()) {
        if (server.skip) GTEST_SKIP() << "PostgreSQL skipped (CARTWATCH_TEST_POSTGRES=skip)";
        FAIL() << "CARTWATCH_TEST_POSTGRES_URL is not set, so the PostgreSQL store was not "
                  "tested. Run scripts/test.sh (it starts a test server), or start one with "
                  "scripts/postgres-test-server.sh start and export the URL it prints; set "
                  "CARTWATCH_TEST_POSTGRES=skip to skip these tests on purpose.";
      }
    }
    db_ = FreshDatabase();
    store_ = Open(db_->location());
    ASSERT_TRUE(store_);
  }
  void TearDown() override { store_.reset(); }

  // Another empty database of this test's backend, no store opened on it.
  std::unique_ptr<TestDatabase> FreshDatabase() const {
    if (GetParam() == Backend::kSqlite) return std::make_unique<SqliteDatabase>();
    return std::make_unique<PostgresDatabase>(PostgresServer().url);
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Store> store_;
};

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), BackendName);

TEST(Migrations, AreNumberedFromOneWithoutGaps) {
  for (const std::vector<Migration>* migrations : {&SqliteMigrations(), &PostgresMigrations()}) {
    ASSERT_FALSE(migrations->empty());
    for (std::size_t i = 0; i < migrations->size(); ++i) {
      EXPECT_EQ((*migrations)[i].version, static_cast<int>(i) + 1) << (*migrations)[i].file;
      EXPECT_FALSE((*migrations)[i].sql.empty());
    }
  }
}

// A database moved from SQLite to PostgreSQL keeps its schema version's meaning.
TEST(Migrations, PostgresHasTheSameVersionsAsSqlite) {
  const std::vector<Migration>& sqlite = SqliteMigrations();
  const std::vector<Migration>& postgres = PostgresMigrations();
  ASSERT_EQ(sqlite.size(), postgres.size());
  for (std::size_t i = 0; i < sqlite.size(); ++i) EXPECT_EQ(sqlite[i].file, postgres[i].file);
}

TEST_P(StoreTest, AFreshDatabaseIsAtTheLatestSchemaAndReopensWithoutMigratingAgain) {
  EXPECT_EQ(store_->SchemaVersion(), db_->migrations().back().version);
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-1"), As("nurse1")).ok());
  store_.reset();
  store_ = Open(db_->location());
  ASSERT_TRUE(store_);
  EXPECT_EQ(store_->SchemaVersion(), db_->migrations().back().version);
  EXPECT_TRUE(store_->FindPatient("P-1"));
}

TEST_P(StoreTest, ADatabaseFromANewerCartwatchIsRefused) {
  store_.reset();
  db_->RawSql("INSERT INTO schema_migrations (version, file, applied_at) VALUES (999, 'x.sql', 0)");
  core::Result<std::unique_ptr<Store>> newer = OpenStore(db_->location());
  ASSERT_FALSE(newer.ok());
  EXPECT_EQ(newer.error().code, ErrorCode::kStoreTooNew);
  EXPECT_NE(newer.error().message.find("schema version 999"), std::string::npos);
}

TEST(Store, AnUnreachablePostgresServerIsStoreUnavailableWithoutThePassword) {
  core::Result<std::unique_ptr<Store>> store =
      OpenStore("postgresql://cartwatch:s3cret-pw@127.0.0.1:1/cartwatch");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kStoreUnavailable);
  EXPECT_EQ(store.error().message.find("s3cret-pw"), std::string::npos);
  EXPECT_EQ(store.error().value.find("s3cret-pw"), std::string::npos);
}

TEST(Store, APrintableLocationHidesAUrlsPassword) {
  EXPECT_EQ(PrintableLocation("postgresql://app:s3cret@db.example:5432/cartwatch"),
            "postgresql://app:***@db.example:5432/cartwatch");
  EXPECT_EQ(PrintableLocation("postgres://app@db/cartwatch"), "postgres://app@db/cartwatch");
  EXPECT_EQ(PrintableLocation("postgresql://db/cartwatch"), "postgresql://db/cartwatch");
  EXPECT_EQ(PrintableLocation("/var/lib/cartwatch/ward.db"), "/var/lib/cartwatch/ward.db");
}

TEST(Store, AnUnopenableLocationIsStoreUnavailable) {
  core::Result<std::unique_ptr<Store>> store = OpenStore("/no/such/folder/cartwatch.db");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::kStoreUnavailable);
}

TEST_P(StoreTest, DurabilitySettingsAreOn) { db_->ExpectDurable(); }

TEST_P(StoreTest, PatientsAreCreatedOnceAndReadBack) {
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

TEST_P(StoreTest, AssessmentsNeedAKnownPatientAndComeBackInTimeOrder) {
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

// A reader that has seen records up to an id gets only the newer ones, in id order (commit
// order), whatever their clinical time.
TEST_P(StoreTest, RecordsAfterAnIdAreTheNewerOnesInCommitOrder) {
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-1"), As("n")).ok());
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-2"), As("n")).ok());
  const RecordId first =
      store_->RecordAssessment(Assessment("P-1", kDay0 + 7200, 39.0), As("n")).value().id;
  ASSERT_TRUE(store_->RecordAssessment(Assessment("P-2", kDay0, 38.0), As("n")).ok());
  const RecordId backdated =
      store_->RecordAssessment(Assessment("P-1", kDay0 + 60, 38.1), As("n")).value().id;
  EXPECT_EQ(store_->AssessmentsAfter("P-1", 0).size(), 2u);
  const std::vector<AssessmentRecord> newer = store_->AssessmentsAfter("P-1", first);
  ASSERT_EQ(newer.size(), 1u);
  EXPECT_EQ(newer[0].id, backdated);
  EXPECT_TRUE(store_->AssessmentsAfter("P-1", backdated).empty());

  const RecordId dose =
      store_->RecordTreatment({"P-1", kDay0 + 600, core::Drug::kTocilizumab, 560.0}, As("n"))
          .value()
          .id;
  EXPECT_EQ(store_->TreatmentsAfter("P-1", 0).size(), 1u);
  EXPECT_TRUE(store_->TreatmentsAfter("P-1", dose).empty());
  EXPECT_TRUE(store_->TreatmentsAfter("P-2", 0).empty());
}

TEST_P(StoreTest, ARetriedWriteWithItsKeyIsStoredOnceAndAnotherBodyIsAConflict) {
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

TEST_P(StoreTest, ACorrectionSupersedesWithoutChangingTheOriginal) {
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

TEST_P(StoreTest, EveryClinicalWriteIsAuditedWithWhoAndTheRequest) {
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

TEST_P(StoreTest, TheAuditLogAndClinicalRowsRefuseUpdateAndDelete) {
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-1"), As("n")).ok());
  ASSERT_TRUE(store_->RecordAssessment(Assessment("P-1", kDay0, 38.5), As("n")).ok());
  db_->RawSql("UPDATE audit_log SET user_name = 'mallory'", false);
  db_->RawSql("DELETE FROM audit_log", false);
  db_->RawSql("UPDATE assessments SET assessment_json = '{}'", false);
  db_->RawSql("DELETE FROM assessments", false);
  EXPECT_EQ(store_->AuditLog(0, 100).size(), 2u);
  EXPECT_TRUE(store_->VerifyAudit().ok());
}

// Someone with the file (or the owner's password) removes the triggers and edits a row: the chain
// shows where.
TEST_P(StoreTest, TamperingWithTheAuditLogIsDetected) {
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-1"), As("n")).ok());
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-2"), As("n")).ok());
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-3"), As("n")).ok());
  ASSERT_TRUE(store_->VerifyAudit().ok());
  EXPECT_EQ(store_->VerifyAudit().entries, 3);
  db_->RawSql(db_->AllowAuditTampering());
  db_->RawSql("UPDATE audit_log SET user_name = 'mallory' WHERE seq = 2");
  const AuditCheck edited = store_->VerifyAudit();
  ASSERT_FALSE(edited.ok());
  EXPECT_EQ(edited.first_bad_seq, 2);
  EXPECT_NE(edited.problem.find("does not match its contents"), std::string::npos);
  db_->RawSql("DELETE FROM audit_log WHERE seq = 2");
  const AuditCheck removed = store_->VerifyAudit();
  ASSERT_FALSE(removed.ok());
  EXPECT_EQ(removed.first_bad_seq, 3);
  EXPECT_NE(removed.problem.find("row 2 is missing"), std::string::npos);
}

// Writers on many threads: every acknowledged write is stored once, the chain holds, and a
// failing write in a shared transaction takes nothing else with it.
TEST_P(StoreTest, ConcurrentWritersLoseNothingAndShareCommits) {
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
  const CommitStats stats = store_->Stats();
  EXPECT_EQ(stats.writes, 185u);  // the refused writes are not counted as committed
  EXPECT_GE(stats.commits, 1u);
  EXPECT_LE(stats.commits, 201u);
  store_.reset();  // and everything acknowledged is there after a reopen
  store_ = Open(db_->location());
  EXPECT_EQ(store_->Assessments("P-1").size(), 184u);
}

// Two servers on one database (two stores, each with its own connections): both write at once,
// retry the same request on each other, and nothing is lost, duplicated or out of the chain.
TEST_P(StoreTest, TwoServersOnOneDatabaseKeepOneChain) {
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-1"), As("n")).ok());
  std::unique_ptr<Store> second = Open(db_->location());
  ASSERT_TRUE(second);
  std::vector<std::thread> threads;
  std::atomic<int> acknowledged{0};
  std::vector<RecordId> retried(8, 0);
  for (int t = 0; t < 8; ++t) {
    Store& server = t % 2 == 0 ? *store_ : *second;
    threads.emplace_back([&, t] {
      for (int i = 0; i < 20; ++i) {
        if (server
                .RecordAssessment(Assessment("P-1", kDay0 + t * 1000 + i, 38.0),
                                  As("n", "s" + std::to_string(t) + "-" + std::to_string(i), "h"))
                .ok()) {
          acknowledged.fetch_add(1);
        }
      }
      // The same request, sent to both servers by four clients at once: stored once.
      core::Result<AssessmentRecord> retry =
          server.RecordAssessment(Assessment("P-1", kDay0, 39.0), As("n", "shared", "h"));
      if (retry.ok()) retried[static_cast<std::size_t>(t)] = retry.value().id;
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(acknowledged.load(), 160);
  for (RecordId id : retried) EXPECT_EQ(id, retried[0]);
  EXPECT_NE(retried[0], 0);
  EXPECT_EQ(store_->Assessments("P-1").size(), 161u);
  EXPECT_EQ(second->Assessments("P-1").size(), 161u);
  const AuditCheck check = second->VerifyAudit();
  EXPECT_TRUE(check.ok()) << check.problem;
  EXPECT_EQ(check.entries, 162);
}

// Sign-in and site settings (schema version 2): users, API tokens, sessions, failed logins,
// settings, and the update of a patient's day 0 and weight.

using Json = nlohmann::json;

Json Parsed(const std::string& text) { return Json::parse(text, nullptr, false); }

std::vector<std::string> Keys(const Json& object) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  return keys;
}

constexpr const char* kPasswordHash = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g";
constexpr const char* kTokenHash =
    "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

User NewUser(std::string name, Role role) {
  User user;
  user.name = std::move(name);
  user.role = role;
  user.password_hash = kPasswordHash;
  user.created_at = 1;  // the store sets its own time
  return user;
}

ApiToken NewToken(std::string user, std::string hash, core::UnixSeconds expires_at) {
  ApiToken token;
  token.user = std::move(user);
  token.token_hash = std::move(hash);
  token.label = "lab interface";
  token.expires_at = expires_at;
  return token;
}

// Neither the password hash nor the token hash may appear in any audit row: a reader of the log
// could try passwords offline or pick out a stored token.
void ExpectNoSecretsInAudit(Store& store) {
  for (const AuditEntry& entry : store.AuditLog(0, 1000)) {
    for (const std::string* text : {&entry.before, &entry.after}) {
      EXPECT_EQ(text->find(kPasswordHash), std::string::npos) << entry.action;
      EXPECT_EQ(text->find(kTokenHash), std::string::npos) << entry.action;
      EXPECT_EQ(text->find("password"), std::string::npos) << entry.action;
      EXPECT_EQ(text->find("hash"), std::string::npos) << entry.action;
    }
  }
}

TEST(Roles, HaveTheNamesTheUsersTableAdmits) {
  EXPECT_EQ(RoleName(Role::kViewer), "viewer");
  EXPECT_EQ(RoleName(Role::kNurse), "nurse");
  EXPECT_EQ(RoleName(Role::kPhysician), "physician");
  EXPECT_EQ(RoleName(Role::kAdmin), "admin");
  for (Role role : {Role::kViewer, Role::kNurse, Role::kPhysician, Role::kAdmin}) {
    EXPECT_EQ(FindRole(RoleName(role)), role);
  }
  EXPECT_FALSE(FindRole("Admin"));
  EXPECT_FALSE(FindRole(""));
  EXPECT_FALSE(FindRole("superuser"));
}

TEST(Migrations, VersionTwoAddsSettingsAndLoginFailuresToBothDatabases) {
  for (const std::vector<Migration>* migrations : {&SqliteMigrations(), &PostgresMigrations()}) {
    ASSERT_GE(migrations->size(), 2u);
    EXPECT_EQ((*migrations)[1].file, "0002_settings_and_logins.sql");
  }
}

TEST_P(StoreTest, AFreshDatabaseIsAtSchemaVersionTwo) { EXPECT_EQ(store_->SchemaVersion(), 2); }

// A database a version-1 cartwatch left behind: only 0001 applied, with its rows.
TEST_P(StoreTest, AVersionOneDatabaseMigratesToTwoKeepingItsData) {
  std::unique_ptr<TestDatabase> old = FreshDatabase();
  const Migration& first = old->migrations().front();
  ASSERT_EQ(first.version, 1);
  old->RawSql(old->MigrationTableSql());
  old->RawSql(std::string(first.sql));
  old->RawSql(
      "INSERT INTO schema_migrations (version, file, applied_at) VALUES (1, '0001_initial.sql', "
      "0); "
      "INSERT INTO patients (id, weight_kg, infusion, created_at, created_by) "
      "VALUES ('P-1', 70.5, 1772352000, 5, 'nurse1'); "
      "INSERT INTO users (name, role, password_hash, created_at) "
      "VALUES ('admin1', 'admin', 'h', 6); "
      "INSERT INTO api_tokens (user_name, token_hash, created_at, expires_at) "
      "VALUES ('admin1', 'old-token', 7, 9999999999)");
  std::unique_ptr<Store> migrated = Open(old->location());
  ASSERT_TRUE(migrated);
  EXPECT_EQ(migrated->SchemaVersion(), 2);
  const std::optional<PatientRecord> patient = migrated->FindPatient("P-1");
  ASSERT_TRUE(patient);
  EXPECT_EQ(patient->patient.weight_kg, 70.5);
  EXPECT_EQ(patient->created_by, "nurse1");
  const std::optional<User> admin = migrated->FindUser("admin1");
  ASSERT_TRUE(admin);
  EXPECT_EQ(admin->role, Role::kAdmin);
  const std::optional<ApiToken> token = migrated->FindToken("old-token");
  ASSERT_TRUE(token);
  EXPECT_EQ(token->label, "");  // the new column's default
  EXPECT_EQ(token->created_at, 7);
  // The new tables are there and usable.
  EXPECT_TRUE(migrated->SetSetting("active_protocol", "site-v3", As("admin1")).ok());
  migrated->RecordLoginFailure("admin1", 100);
  EXPECT_EQ(migrated->LoginFailuresSince("admin1", 0), 1);
  migrated.reset();
  migrated = Open(old->location());  // and it does not migrate twice
  ASSERT_TRUE(migrated);
  EXPECT_EQ(migrated->SchemaVersion(), 2);
  EXPECT_EQ(migrated->Setting("active_protocol"), "site-v3");
}

TEST_P(StoreTest, APatientsDayZeroAndWeightAreUpdatedAndAuditedBeforeAndAfter) {
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-1"), As("nurse1")).ok());
  core::Result<PatientRecord> heavier = store_->UpdatePatient("P-1", {72.0, {}}, As("dr1"));
  ASSERT_TRUE(heavier.ok());
  EXPECT_EQ(heavier.value().patient.weight_kg, 72.0);
  EXPECT_EQ(heavier.value().patient.infusion, kDay0);  // absent: left as it was
  EXPECT_EQ(heavier.value().created_by, "nurse1");
  core::Result<PatientRecord> moved = store_->UpdatePatient("P-1", {{}, kDay0 + 86400}, As("dr1"));
  ASSERT_TRUE(moved.ok());
  const std::optional<PatientRecord> found = store_->FindPatient("P-1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->patient.weight_kg, 72.0);
  EXPECT_EQ(found->patient.infusion, kDay0 + 86400);
  EXPECT_EQ(found->patient.age_years, 54);
  EXPECT_EQ(found->patient.product, core::Product::kAxiCel);

  const std::vector<AuditEntry> audit = store_->AuditLog(0, 100);
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[1].action, "patient.update");
  EXPECT_EQ(audit[1].entity, "patient");
  EXPECT_EQ(audit[1].entity_id, "P-1");
  EXPECT_EQ(audit[1].user, "dr1");
  const Json before = Parsed(audit[1].before);
  const Json after = Parsed(audit[1].after);
  EXPECT_EQ(before.at("weight_kg"), 70.5);
  EXPECT_EQ(after.at("weight_kg"), 72.0);
  EXPECT_EQ(before.at("infusion"), kDay0);
  EXPECT_EQ(after.at("infusion"), kDay0);
  EXPECT_EQ(after.at("product"), "axi-cel");
  EXPECT_EQ(Parsed(audit[2].before).at("infusion"), kDay0);
  EXPECT_EQ(Parsed(audit[2].after).at("infusion"), kDay0 + 86400);
  EXPECT_TRUE(store_->VerifyAudit().ok());

  core::Result<PatientRecord> missing = store_->UpdatePatient("P-9", {80.0, {}}, As("dr1"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().field, "id");
  EXPECT_EQ(store_->AuditLog(0, 100).size(), 3u);
}

TEST_P(StoreTest, ARetriedPatientUpdateIsAppliedOnceAndAnotherBodyIsAConflict) {
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-1"), As("n")).ok());
  core::Result<PatientRecord> first =
      store_->UpdatePatient("P-1", {72.0, {}}, As("dr1", "key-u", "hash-a"));
  core::Result<PatientRecord> retry =
      store_->UpdatePatient("P-1", {72.0, {}}, As("dr1", "key-u", "hash-a"));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry.value().patient.weight_kg, 72.0);
  EXPECT_EQ(store_->AuditLog(0, 100).size(), 2u);
  core::Result<PatientRecord> other =
      store_->UpdatePatient("P-1", {90.0, {}}, As("dr1", "key-u", "hash-b"));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kConflict);
  EXPECT_EQ(other.error().field, "Idempotency-Key");
  EXPECT_EQ(store_->FindPatient("P-1")->patient.weight_kg, 72.0);
}

TEST_P(StoreTest, UsersAreCreatedOnceAndTheirAuditRowHoldsNoPassword) {
  core::Result<User> created = store_->CreateUser(NewUser("nurse1", Role::kNurse), As("admin"));
  ASSERT_TRUE(created.ok());
  EXPECT_GT(created.value().created_at, 1);
  ASSERT_TRUE(store_->CreateUser(NewUser("admin", Role::kAdmin), As("admin")).ok());
  User disabled = NewUser("dr-gone", Role::kPhysician);
  disabled.disabled = true;
  ASSERT_TRUE(store_->CreateUser(disabled, As("admin")).ok());

  const std::optional<User> found = store_->FindUser("nurse1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->role, Role::kNurse);
  EXPECT_EQ(found->password_hash, kPasswordHash);
  EXPECT_EQ(found->created_at, created.value().created_at);
  EXPECT_FALSE(found->disabled);
  EXPECT_TRUE(store_->FindUser("dr-gone")->disabled);
  EXPECT_FALSE(store_->FindUser("nobody"));
  const std::vector<User> users = store_->Users();
  ASSERT_EQ(users.size(), 3u);
  EXPECT_EQ(users[0].name, "admin");
  EXPECT_EQ(users[1].name, "dr-gone");
  EXPECT_EQ(users[2].name, "nurse1");

  core::Result<User> again = store_->CreateUser(NewUser("nurse1", Role::kAdmin), As("admin"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().field, "name");
  EXPECT_EQ(store_->FindUser("nurse1")->role, Role::kNurse);

  const std::vector<AuditEntry> audit = store_->AuditLog(0, 100);
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[0].action, "user.create");
  EXPECT_EQ(audit[0].entity, "user");
  EXPECT_EQ(audit[0].entity_id, "nurse1");
  EXPECT_EQ(audit[0].before, "");
  const Json after = Parsed(audit[0].after);
  EXPECT_EQ(Keys(after), (std::vector<std::string>{"disabled", "name", "role"}));
  EXPECT_EQ(after.at("name"), "nurse1");
  EXPECT_EQ(after.at("role"), "nurse");
  EXPECT_EQ(after.at("disabled"), false);
  EXPECT_EQ(Parsed(audit[2].after).at("disabled"), true);
  ExpectNoSecretsInAudit(*store_);
  EXPECT_TRUE(store_->VerifyAudit().ok());
}

TEST_P(StoreTest, ARetriedUserCreationIsStoredOnceAndAnotherBodyIsAConflict) {
  core::Result<User> first =
      store_->CreateUser(NewUser("nurse1", Role::kNurse), As("admin", "key-1", "hash-a"));
  core::Result<User> retry =
      store_->CreateUser(NewUser("nurse1", Role::kNurse), As("admin", "key-1", "hash-a"));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(retry.ok());  // not a name conflict: the same request again
  EXPECT_EQ(retry.value().name, "nurse1");
  EXPECT_EQ(retry.value().created_at, first.value().created_at);
  core::Result<User> other =
      store_->CreateUser(NewUser("nurse2", Role::kNurse), As("admin", "key-1", "hash-b"));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kConflict);
  EXPECT_EQ(other.error().field, "Idempotency-Key");
  EXPECT_EQ(store_->Users().size(), 1u);
  EXPECT_EQ(store_->AuditLog(0, 100).size(), 1u);
}

TEST_P(StoreTest, TokensNeedAKnownUserAndTheirAuditRowHoldsNoHash) {
  core::Result<ApiToken> orphan =
      store_->CreateToken(NewToken("ghost", kTokenHash, kDay0), As("admin"));
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(orphan.error().field, "user");
  ASSERT_TRUE(store_->CreateUser(NewUser("lab", Role::kNurse), As("admin")).ok());

  ApiToken asked = NewToken("lab", kTokenHash, kDay0 + 86400);
  asked.revoked_at = 5;  // a new token is never born revoked
  core::Result<ApiToken> created = store_->CreateToken(asked, As("admin"));
  ASSERT_TRUE(created.ok());
  EXPECT_GT(created.value().id, 0);
  EXPECT_FALSE(created.value().revoked_at);
  const std::optional<ApiToken> found = store_->FindToken(kTokenHash);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, created.value().id);
  EXPECT_EQ(found->user, "lab");
  EXPECT_EQ(found->label, "lab interface");
  EXPECT_EQ(found->expires_at, kDay0 + 86400);
  EXPECT_EQ(found->created_at, created.value().created_at);
  EXPECT_FALSE(found->revoked_at);
  EXPECT_FALSE(store_->FindToken("0000"));

  core::Result<ApiToken> same_hash =
      store_->CreateToken(NewToken("lab", kTokenHash, kDay0), As("admin"));
  ASSERT_FALSE(same_hash.ok());
  EXPECT_EQ(same_hash.error().code, ErrorCode::kConflict);
  core::Result<ApiToken> second = store_->CreateToken(NewToken("lab", "abcd", kDay0), As("admin"));
  ASSERT_TRUE(second.ok());
  const std::vector<ApiToken> tokens = store_->Tokens();
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0].id, created.value().id);
  EXPECT_EQ(tokens[1].id, second.value().id);
  EXPECT_LT(tokens[0].id, tokens[1].id);

  const std::vector<AuditEntry> audit = store_->AuditLog(0, 100);
  ASSERT_EQ(audit.size(), 3u);  // the user and two tokens
  EXPECT_EQ(audit[1].action, "token.create");
  EXPECT_EQ(audit[1].entity, "token");
  EXPECT_EQ(audit[1].entity_id, std::to_string(created.value().id));
  const Json after = Parsed(audit[1].after);
  EXPECT_EQ(Keys(after),
            (std::vector<std::string>{"expires_at", "id", "label", "revoked_at", "user"}));
  EXPECT_EQ(after.at("id"), created.value().id);
  EXPECT_EQ(after.at("user"), "lab");
  EXPECT_EQ(after.at("label"), "lab interface");
  EXPECT_EQ(after.at("expires_at"), kDay0 + 86400);
  EXPECT_TRUE(after.at("revoked_at").is_null());
  ExpectNoSecretsInAudit(*store_);
  EXPECT_TRUE(store_->VerifyAudit().ok());
}

TEST_P(StoreTest, ARetriedTokenCreationIsStoredOnceAndAnotherBodyIsAConflict) {
  ASSERT_TRUE(store_->CreateUser(NewUser("lab", Role::kNurse), As("admin")).ok());
  core::Result<ApiToken> first =
      store_->CreateToken(NewToken("lab", kTokenHash, kDay0), As("admin", "key-t", "hash-a"));
  core::Result<ApiToken> retry =
      store_->CreateToken(NewToken("lab", kTokenHash, kDay0), As("admin", "key-t", "hash-a"));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry.value().id, first.value().id);
  core::Result<ApiToken> other =
      store_->CreateToken(NewToken("lab", "other", kDay0), As("admin", "key-t", "hash-b"));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kConflict);
  EXPECT_EQ(other.error().field, "Idempotency-Key");
  EXPECT_EQ(store_->Tokens().size(), 1u);
  EXPECT_EQ(store_->AuditLog(0, 100).size(), 2u);
}

TEST_P(StoreTest, ARevokedTokenKeepsItsFirstRevocationTime) {
  ASSERT_TRUE(store_->CreateUser(NewUser("lab", Role::kNurse), As("admin")).ok());
  const RecordId id =
      store_->CreateToken(NewToken("lab", kTokenHash, kDay0), As("admin")).value().id;
  core::Result<ApiToken> missing = store_->RevokeToken(id + 100, As("admin"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().field, "id");

  core::Result<ApiToken> revoked = store_->RevokeToken(id, As("admin"));
  ASSERT_TRUE(revoked.ok());
  ASSERT_TRUE(revoked.value().revoked_at);
  EXPECT_GT(*revoked.value().revoked_at, kDay0);  // the store's clock, not a client's
  EXPECT_EQ(store_->FindToken(kTokenHash)->revoked_at, revoked.value().revoked_at);
  const std::vector<AuditEntry> audit = store_->AuditLog(0, 100);
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[2].action, "token.revoke");
  EXPECT_EQ(audit[2].entity_id, std::to_string(id));
  EXPECT_TRUE(Parsed(audit[2].before).at("revoked_at").is_null());
  EXPECT_EQ(Parsed(audit[2].after).at("revoked_at"), *revoked.value().revoked_at);

  // Revoked long ago (set past the store so that a second revoke could not hit the same
  // second): revoking again keeps that time and adds no audit row.
  db_->RawSql("UPDATE api_tokens SET revoked_at = 1000 WHERE id = " + std::to_string(id));
  core::Result<ApiToken> again = store_->RevokeToken(id, As("admin"));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again.value().revoked_at, 1000);
  EXPECT_EQ(store_->FindToken(kTokenHash)->revoked_at, 1000);
  EXPECT_EQ(store_->AuditLog(0, 100).size(), 3u);
  ExpectNoSecretsInAudit(*store_);
  EXPECT_TRUE(store_->VerifyAudit().ok());
}

TEST_P(StoreTest, ARetriedRevocationIsAnsweredWithTheTokenAndAnotherBodyIsAConflict) {
  ASSERT_TRUE(store_->CreateUser(NewUser("lab", Role::kNurse), As("admin")).ok());
  const RecordId first_id =
      store_->CreateToken(NewToken("lab", kTokenHash, kDay0), As("admin")).value().id;
  const RecordId second_id =
      store_->CreateToken(NewToken("lab", "abcd", kDay0), As("admin")).value().id;
  core::Result<ApiToken> first = store_->RevokeToken(first_id, As("admin", "key-r", "hash-a"));
  core::Result<ApiToken> retry = store_->RevokeToken(first_id, As("admin", "key-r", "hash-a"));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry.value().id, first_id);
  EXPECT_EQ(retry.value().revoked_at, first.value().revoked_at);
  core::Result<ApiToken> other = store_->RevokeToken(second_id, As("admin", "key-r", "hash-b"));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kConflict);
  EXPECT_FALSE(store_->FindToken("abcd")->revoked_at);
  EXPECT_EQ(store_->AuditLog(0, 100).size(), 4u);  // user, two tokens, one revocation
}

TEST_P(StoreTest, ASettingIsAuditedWithItsValueBeforeAndAfter) {
  EXPECT_FALSE(store_->Setting("active_protocol"));
  core::Result<std::string> first = store_->SetSetting("active_protocol", "site-v3", As("admin"));
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first.value(), "site-v3");
  EXPECT_EQ(store_->Setting("active_protocol"), "site-v3");
  ASSERT_TRUE(store_->SetSetting("active_protocol", "site-v4", As("admin2")).ok());
  EXPECT_EQ(store_->Setting("active_protocol"), "site-v4");
  EXPECT_FALSE(store_->Setting("other"));

  const std::vector<AuditEntry> audit = store_->AuditLog(0, 100);
  ASSERT_EQ(audit.size(), 2u);
  EXPECT_EQ(audit[0].action, "setting.set");
  EXPECT_EQ(audit[0].entity, "setting");
  EXPECT_EQ(audit[0].entity_id, "active_protocol");
  EXPECT_EQ(audit[0].before, "");  // never set before
  EXPECT_EQ(Parsed(audit[0].after), Json({{"value", "site-v3"}}));
  EXPECT_EQ(Parsed(audit[1].before), Json({{"value", "site-v3"}}));
  EXPECT_EQ(Parsed(audit[1].after), Json({{"value", "site-v4"}}));
  EXPECT_EQ(audit[1].user, "admin2");
  EXPECT_TRUE(store_->VerifyAudit().ok());
}

TEST_P(StoreTest, ARetriedSettingIsWrittenOnceAndAnotherBodyIsAConflict) {
  core::Result<std::string> first =
      store_->SetSetting("active_protocol", "site-v3", As("admin", "key-s", "hash-a"));
  core::Result<std::string> retry =
      store_->SetSetting("active_protocol", "site-v3", As("admin", "key-s", "hash-a"));
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(retry.ok());
  EXPECT_EQ(retry.value(), "site-v3");
  EXPECT_EQ(store_->AuditLog(0, 100).size(), 1u);
  core::Result<std::string> other =
      store_->SetSetting("active_protocol", "site-v9", As("admin", "key-s", "hash-b"));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kConflict);
  EXPECT_EQ(other.error().field, "Idempotency-Key");
  EXPECT_EQ(store_->Setting("active_protocol"), "site-v3");
}

TEST_P(StoreTest, SessionsEndAtTheirExpiryOrWhenEndedAndAreNotAudited) {
  const Session session{"cookie-hash-1", "nurse1", "csrf-1", kDay0, kDay0 + 3600};
  core::Result<Session> orphan = store_->CreateSession(session);
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(orphan.error().field, "user");
  ASSERT_TRUE(store_->CreateUser(NewUser("nurse1", Role::kNurse), As("admin")).ok());
  ASSERT_TRUE(store_->CreateSession(session).ok());
  core::Result<Session> twice = store_->CreateSession(session);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);

  const std::optional<Session> open = store_->FindSession("cookie-hash-1", kDay0 + 3599);
  ASSERT_TRUE(open);
  EXPECT_EQ(open->user, "nurse1");
  EXPECT_EQ(open->csrf_token, "csrf-1");
  EXPECT_EQ(open->created_at, kDay0);
  EXPECT_EQ(open->expires_at, kDay0 + 3600);
  EXPECT_FALSE(store_->FindSession("cookie-hash-1", kDay0 + 3600));  // expires_at <= now
  EXPECT_FALSE(store_->FindSession("cookie-hash-1", kDay0 + 7200));
  EXPECT_FALSE(store_->FindSession("cookie-hash-2", kDay0));

  store_->EndSession("cookie-hash-1");
  EXPECT_FALSE(store_->FindSession("cookie-hash-1", kDay0));
  store_->EndSession("cookie-hash-1");               // ending it again is harmless
  EXPECT_TRUE(store_->CreateSession(session).ok());  // the row is gone, not marked
  EXPECT_EQ(store_->AuditLog(0, 100).size(), 1u);    // the user only
}

TEST_P(StoreTest, LoginFailuresAreCountedFromATimeOnPerUser) {
  for (core::UnixSeconds at : {100, 200, 300}) store_->RecordLoginFailure("alice", at);
  store_->RecordLoginFailure("bob", 250);
  EXPECT_EQ(store_->LoginFailuresSince("alice", 0), 3);
  EXPECT_EQ(store_->LoginFailuresSince("alice", 200), 2);  // at >= since
  EXPECT_EQ(store_->LoginFailuresSince("alice", 201), 1);
  EXPECT_EQ(store_->LoginFailuresSince("alice", 301), 0);
  EXPECT_EQ(store_->LoginFailuresSince("bob", 0), 1);
  EXPECT_EQ(store_->LoginFailuresSince("carol", 0), 0);
  EXPECT_TRUE(store_->AuditLog(0, 100).empty());
}

// Every new audited write beside the clinical ones: one gap-free chain.
TEST_P(StoreTest, TheAuditChainHoldsAcrossEveryKindOfWrite) {
  ASSERT_TRUE(store_->CreateUser(NewUser("admin", Role::kAdmin), As("admin")).ok());
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-1"), As("admin")).ok());
  ASSERT_TRUE(store_->UpdatePatient("P-1", {71.0, {}}, As("admin")).ok());
  const RecordId token =
      store_->CreateToken(NewToken("admin", kTokenHash, kDay0), As("admin")).value().id;
  ASSERT_TRUE(store_->RevokeToken(token, As("admin")).ok());
  ASSERT_TRUE(store_->SetSetting("active_protocol", "site-v3", As("admin")).ok());
  ASSERT_TRUE(store_->RecordAssessment(Assessment("P-1", kDay0, 38.5), As("admin")).ok());
  const AuditCheck check = store_->VerifyAudit();
  EXPECT_TRUE(check.ok()) << check.problem;
  EXPECT_EQ(check.entries, 7);
  std::vector<std::string> actions;
  for (const AuditEntry& entry : store_->AuditLog(0, 100)) actions.push_back(entry.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"user.create", "patient.create", "patient.update",
                                               "token.create", "token.revoke", "setting.set",
                                               "assessment.record"}));
  ExpectNoSecretsInAudit(*store_);
}

// What only PostgreSQL has: roles. The server's role, granted as 0001_initial.sql says, writes
// and reads but cannot change history even after the owner disables the triggers.
class PostgresStoreTest : public StoreTest {};

INSTANTIATE_TEST_SUITE_P(Backends, PostgresStoreTest, ::testing::Values(Backend::kPostgres),
                         BackendName);

// `url` with its user and password replaced.
std::string WithUser(const std::string& url, const std::string& user, const std::string& password) {
  const std::size_t authority = url.find("://") + 3;
  const std::size_t at = url.find('@', authority);
  const std::size_t host = at == std::string::npos ? authority : at + 1;
  return url.substr(0, authority) + user + ":" + password + "@" + url.substr(host);
}

TEST_P(PostgresStoreTest, TheServerRoleCanOnlyReadAndAppend) {
  auto& db = dynamic_cast<PostgresDatabase&>(*db_);
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-1"), As("n")).ok());
  const std::string role = db.CreateRole("app-pw");
  db_->RawSql("GRANT CONNECT ON DATABASE " + db.name() + " TO " + role +
              "; GRANT USAGE ON SCHEMA public TO " + role +
              "; GRANT SELECT, INSERT ON audit_log, assessments, treatments TO " + role +
              "; REVOKE UPDATE, DELETE, TRUNCATE ON audit_log, assessments, treatments FROM " +
              role + "; GRANT SELECT, INSERT ON patients, idempotency_keys, cds_feedback TO " +
              role + "; GRANT SELECT ON schema_migrations TO " + role +
              "; GRANT USAGE ON SEQUENCE assessments_id_seq, treatments_id_seq, "
              "api_tokens_id_seq, cds_feedback_id_seq TO " +
              role);
  const std::string app_url = WithUser(db.location(), role, "app-pw");
  {
    std::unique_ptr<Store> app = Open(app_url);
    ASSERT_TRUE(app);
    EXPECT_TRUE(app->RecordAssessment(Assessment("P-1", kDay0, 38.5), As("n")).ok());
    EXPECT_EQ(app->AuditLog(0, 10).size(), 2u);
  }
  db_->RawSql(
      "ALTER TABLE audit_log DISABLE TRIGGER USER; "
      "ALTER TABLE assessments DISABLE TRIGGER USER");
  {
    pqxx::connection as_app(app_url);
    for (const char* sql : {"UPDATE audit_log SET user_name = 'mallory'", "DELETE FROM audit_log",
                            "TRUNCATE audit_log", "UPDATE assessments SET time = 0",
                            "ALTER TABLE audit_log DISABLE TRIGGER USER"}) {
      pqxx::nontransaction tx(as_app);
      EXPECT_THROW(tx.exec0(sql), pqxx::sql_error) << sql;
    }
  }  // closed before the database is dropped: the test role may not end the app role's session
  EXPECT_TRUE(store_->VerifyAudit().ok());
}

// The grants 0002_settings_and_logins.sql lists, on top of 0001's, are all the server's role needs
// for the new writes; the append-only tables stay closed to it.
TEST_P(PostgresStoreTest, TheServerRoleWithVersionTwoGrantsSignsInAndUpdates) {
  auto& db = dynamic_cast<PostgresDatabase&>(*db_);
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-1"), As("n")).ok());
  const std::string role = db.CreateRole("app-pw");
  db_->RawSql("GRANT CONNECT ON DATABASE " + db.name() + " TO " + role +
              "; GRANT USAGE ON SCHEMA public TO " + role +
              "; GRANT SELECT, INSERT ON audit_log, assessments, treatments TO " + role +
              "; GRANT SELECT, INSERT ON patients, idempotency_keys, cds_feedback TO " + role +
              "; GRANT SELECT, INSERT, UPDATE ON users, api_tokens, sessions TO " + role +
              "; GRANT DELETE ON sessions TO " + role + "; GRANT SELECT ON schema_migrations TO " +
              role +
              "; GRANT USAGE ON SEQUENCE assessments_id_seq, treatments_id_seq, "
              "api_tokens_id_seq, cds_feedback_id_seq TO " +
              role + "; GRANT UPDATE ON patients TO " + role +
              "; GRANT SELECT, INSERT, UPDATE ON settings TO " + role +
              "; GRANT SELECT, INSERT, DELETE ON login_failures TO " + role +
              "; GRANT USAGE ON SEQUENCE login_failures_id_seq TO " + role);
  const std::string app_url = WithUser(db.location(), role, "app-pw");
  {
    std::unique_ptr<Store> app = Open(app_url);
    ASSERT_TRUE(app);
    EXPECT_TRUE(app->UpdatePatient("P-1", {72.0, {}}, As("dr1")).ok());
    EXPECT_TRUE(app->CreateUser(NewUser("nurse1", Role::kNurse), As("admin")).ok());
    const core::Result<ApiToken> token =
        app->CreateToken(NewToken("nurse1", kTokenHash, kDay0), As("admin"));
    ASSERT_TRUE(token.ok()) << token.error().message;
    EXPECT_TRUE(app->RevokeToken(token.value().id, As("admin")).ok());
    EXPECT_TRUE(app->SetSetting("active_protocol", "site-v3", As("admin")).ok());
    EXPECT_TRUE(app->SetSetting("active_protocol", "site-v4", As("admin")).ok());
    ASSERT_TRUE(app->CreateSession({"cookie", "nurse1", "csrf", kDay0, kDay0 + 60}).ok());
    EXPECT_NO_THROW(app->EndSession("cookie"));
    EXPECT_NO_THROW(app->RecordLoginFailure("nurse1", kDay0));
    EXPECT_EQ(app->LoginFailuresSince("nurse1", kDay0), 1);
    EXPECT_EQ(app->AuditLog(0, 100).size(), 7u);
  }
  {
    pqxx::connection as_app(app_url);
    for (const char* sql : {"UPDATE audit_log SET user_name = 'mallory'", "DELETE FROM audit_log",
                            "DELETE FROM settings", "DELETE FROM patients"}) {
      pqxx::nontransaction tx(as_app);
      EXPECT_THROW(tx.exec0(sql), pqxx::sql_error) << sql;
    }
  }
  EXPECT_TRUE(store_->VerifyAudit().ok());
}

TEST_P(PostgresStoreTest, TruncateIsRefusedLikeDelete) {
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-1"), As("n")).ok());
  db_->RawSql("TRUNCATE audit_log", false);
  db_->RawSql("TRUNCATE assessments, treatments", false);
  EXPECT_EQ(store_->AuditLog(0, 10).size(), 1u);
}

}  // namespace
}  // namespace cartwatch::store
