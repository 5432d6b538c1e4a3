// `cartwatch audit verify`: an intact store, a tampered one, a missing one.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "cartwatch/store/store.h"
#include "cli_harness.h"

namespace cartwatch {
namespace {

using testing::Cartwatch;
using testing::CommandResult;
using testing::TempPath;

// A store with three audited writes.
void MakeStore(const std::string& path) {
  core::Result<std::unique_ptr<store::Store>> opened = store::OpenStore(path);
  ASSERT_TRUE(opened.ok());
  for (const char* id : {"P-1", "P-2", "P-3"}) {
    store::Patient patient;
    patient.id = id;
    ASSERT_TRUE(opened.value()->CreatePatient(patient, {"admin", "req", "", ""}).ok());
  }
}

void Tamper(const std::string& path) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "DROP TRIGGER audit_log_append_only_update; "
                         "UPDATE audit_log SET after_json = '{}' WHERE seq = 3",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
}

TEST(AuditCli, VerifySaysIntactThenFindsTheTamperedRow) {
  const std::string path = TempPath(".db");
  MakeStore(path);
  CommandResult run = Cartwatch("audit verify --db '" + path + "'");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, "ok: 3 audit rows, hash chain intact\n");
  Tamper(path);
  run = Cartwatch("audit verify --db '" + path + "'");
  EXPECT_EQ(run.exit_code, 7);
  EXPECT_TRUE(run.out.empty()) << run.out;
  EXPECT_NE(run.err.find("hash chain broken: audit row 3: its hash does not match its contents"),
            std::string::npos)
      << run.err;
  for (const char* suffix : {"", "-wal", "-shm"}) std::remove((path + suffix).c_str());
}

TEST(AuditCli, AMissingStoreIsAUsageErrorAndCreatesNothing) {
  const std::string path = TempPath(".db");
  const CommandResult run = Cartwatch("audit verify --db '" + path + "'");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("no store at"), std::string::npos) << run.err;
  EXPECT_FALSE(std::ifstream(path).good());
}

}  // namespace
}  // namespace cartwatch
