// The group committer against a recording fake: batching, savepoints, and what a failed write or a
// failed commit does to the others.
#include "group_commit.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace cartwatch::store {
namespace {

class FakeControl : public TransactionControl {
 public:
  void Begin() override { Log("begin"); }
  void Commit() override {
    Log("commit");
    if (fail_commit) throw std::runtime_error("disk full");
  }
  void Rollback() override { Log("rollback"); }
  void Savepoint() override { Log("savepoint"); }
  void ReleaseSavepoint() override { Log("release"); }
  void RollbackToSavepoint() override { Log("rollback-to"); }

  std::vector<std::string> log() {
    const std::lock_guard lock(mutex);
    return entries;
  }
  bool fail_commit = false;

 private:
  void Log(const char* what) {
    const std::lock_guard lock(mutex);
    entries.emplace_back(what);
  }
  std::mutex mutex;
  std::vector<std::string> entries;
};

TEST(GroupCommit, OneWriteIsOneTransactionWithASavepoint) {
  FakeControl control;
  {
    GroupCommitter committer(control, 16);
    int ran = 0;
    committer.Run([&] { ++ran; });
    EXPECT_EQ(ran, 1);
    EXPECT_EQ(committer.stats().commits, 1u);
  }
  EXPECT_EQ(control.log(), (std::vector<std::string>{"begin", "savepoint", "release", "commit"}));
}

TEST(GroupCommit, AFailedWriteIsRolledBackAloneAndRethrown) {
  FakeControl control;
  GroupCommitter committer(control, 16);
  EXPECT_THROW(committer.Run([] { throw std::invalid_argument("no such patient"); }),
               std::invalid_argument);
  const std::vector<std::string> log = control.log();
  EXPECT_EQ(log,
            (std::vector<std::string>{"begin", "savepoint", "rollback-to", "release", "commit"}));
  EXPECT_EQ(committer.stats().writes, 0u);  // nothing of it was committed
  EXPECT_EQ(committer.stats().commits, 1u);
}

TEST(GroupCommit, AFailedCommitFailsEveryWriteOfItsBatch) {
  FakeControl control;
  control.fail_commit = true;
  GroupCommitter committer(control, 16);
  EXPECT_THROW(committer.Run([] {}), std::runtime_error);
  EXPECT_EQ(control.log().back(), "rollback");
  EXPECT_EQ(committer.stats().commits, 0u);
}

// Many threads writing at once share commits; every write is acknowledged exactly once.
TEST(GroupCommit, ConcurrentWritesAllCompleteInAtMostOneCommitEach) {
  FakeControl control;
  GroupCommitter committer(control, 64);
  std::atomic<int> done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        committer.Run([] {});
        done.fetch_add(1);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(done.load(), 800);
  const GroupCommitStats stats = committer.stats();
  EXPECT_EQ(stats.writes, 800u);
  EXPECT_LE(stats.commits, 800u);
  EXPECT_LE(stats.largest_batch, 64u);
}

}  // namespace
}  // namespace cartwatch::store
