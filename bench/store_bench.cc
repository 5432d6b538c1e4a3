// Durable writes per second: assessments recorded through the store by 1 to 64 threads (group
// commit shares one fsync among the writes waiting), against the floor of the same disk, one
// row per transaction with synchronous=FULL. Real time; every write is durable when counted.
//   CARTWATCH_BENCH_DIR=/data cartwatch_store_bench --benchmark_min_time=2
// The databases go to CARTWATCH_BENCH_DIR (default: the temp folder): measure the disk the store
// will live on.
#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "cartwatch/store/store.h"

namespace {

using cartwatch::store::NewAssessment;
using cartwatch::store::Store;
using cartwatch::store::WriteContext;

std::filesystem::path Folder() {
  const char* folder = std::getenv("CARTWATCH_BENCH_DIR");
  return folder != nullptr ? std::filesystem::path(folder) : std::filesystem::temp_directory_path();
}

void Remove(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

std::string FreshPath(const std::string& name) {
  const std::string path =
      (Folder() / ("cartwatch-bench-" + std::to_string(getpid()) + "-" + name + ".db")).string();
  Remove(path);
  return path;
}

constexpr const char* kAssessment =
    R"({"temperature":{"value":38.6,"unit":"Cel"},"hypotension":false,"vasopressors":[],)"
    R"("oxygen":{"device":"room_air"}})";

std::unique_ptr<Store> shared_store;
std::string shared_path;
std::atomic<long> sequence{0};

void StoreWrites(benchmark::State& state) {
  if (state.thread_index() == 0) {
    shared_path = FreshPath("group-" + std::to_string(state.threads()));
    shared_store = std::move(cartwatch::store::OpenStore(shared_path).value());
    cartwatch::store::Patient patient;
    patient.id = "P-1";
    (void)shared_store->CreatePatient(patient, {"bench", "r", "", ""});
  }
  for (auto _ : state) {
    const long n = sequence.fetch_add(1);
    const WriteContext context{"bench", "r", "k" + std::to_string(n), "h"};
    if (!shared_store->RecordAssessment(NewAssessment{"P-1", 1772352000 + n, kAssessment}, context)
             .ok()) {
      state.SkipWithError("a write failed");
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  if (state.thread_index() == 0) {
    shared_store.reset();
    Remove(shared_path);
  }
}
BENCHMARK(StoreWrites)->Threads(1)->Threads(8)->Threads(32)->Threads(64)->UseRealTime();

// The floor: one INSERT per transaction, each commit fsynced, on one connection.
void SqliteOneRowPerCommit(benchmark::State& state) {
  const std::string path = FreshPath("floor");
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_exec(db,
               "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
               "CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
               nullptr, nullptr, nullptr);
  sqlite3_stmt* insert = nullptr;
  sqlite3_prepare_v2(db, "INSERT INTO t (body) VALUES (?)", -1, &insert, nullptr);
  for (auto _ : state) {
    sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
    sqlite3_bind_text(insert, 1, kAssessment, -1, SQLITE_STATIC);
    sqlite3_step(insert);
    sqlite3_reset(insert);
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
  }
  state.SetItemsProcessed(state.iterations());
  sqlite3_finalize(insert);
  sqlite3_close(db);
  Remove(path);
}
BENCHMARK(SqliteOneRowPerCommit)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
