// The store suite: every implementation must pass it. Each test of StoreTest runs once per
// backend: SQLite (a temporary file) and PostgreSQL (a fresh database on the server named by
// CARTWATCH_TEST_POSTGRES_URL; scripts/test.sh starts one with scripts/postgres-test-server.sh).
// Without that variable the PostgreSQL half FAILS, so that CI cannot pass without running it;
// CARTWATCH_TEST_POSTGRES=skip skips it instead (for a machine without PostgreSQL). Durability
// settings, migrations, idempotency, corrections, the append-only audit log and its hash chain,
// concurrent writers, and two servers on one database.
#include "cartwatch/store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
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
    if (GetParam() == Backend::kSqlite) {
      db_ = std::make_unique<SqliteDatabase>();
    } else {
      const PostgresServer server;
      if (server.url.empty()) {
        if (server.skip) GTEST_SKIP() << "PostgreSQL skipped (CARTWATCH_TEST_POSTGRES=skip)";
        FAIL() << "CARTWATCH_TEST_POSTGRES_URL is not set, so the PostgreSQL store was not "
                  "tested. Run scripts/test.sh (it starts a test server), or start one with "
                  "scripts/postgres-test-server.sh start and export the URL it prints; set "
                  "CARTWATCH_TEST_POSTGRES=skip to skip these tests on purpose.";
      }
      db_ = std::make_unique<PostgresDatabase>(server.url);
    }
    store_ = Open(db_->location());
    ASSERT_TRUE(store_);
  }
  void TearDown() override { store_.reset(); }

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

TEST_P(PostgresStoreTest, TruncateIsRefusedLikeDelete) {
  ASSERT_TRUE(store_->CreatePatient(NewPatient("P-1"), As("n")).ok());
  db_->RawSql("TRUNCATE audit_log", false);
  db_->RawSql("TRUNCATE assessments, treatments", false);
  EXPECT_EQ(store_->AuditLog(0, 10).size(), 1u);
}

}  // namespace
}  // namespace cartwatch::store
