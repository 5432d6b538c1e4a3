// Group commit: writes from many threads run on one writer thread, as many as are waiting in one
// transaction, each inside its own savepoint. A write returns only after the transaction that
// holds it is committed, so durable throughput is not one fsync per request, and a failed write
// (an exception) is rolled back to its savepoint without touching the others of its batch.
#ifndef CARTWATCH_STORE_SRC_GROUP_COMMIT_H_
#define CARTWATCH_STORE_SRC_GROUP_COMMIT_H_

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace cartwatch::store {

// The transaction verbs of one database connection, used only on the writer thread.
class TransactionControl {
 public:
  virtual ~TransactionControl() = default;
  virtual void Begin() = 0;
  virtual void Commit() = 0;  // durable when it returns
  virtual void Rollback() = 0;
  virtual void Savepoint() = 0;
  virtual void ReleaseSavepoint() = 0;
  virtual void RollbackToSavepoint() = 0;
};

struct GroupCommitStats {
  std::uint64_t commits = 0;
  std::uint64_t writes = 0;         // committed; a write that failed in its savepoint is not
  std::uint64_t largest_batch = 0;  // writes handed to one transaction, failed ones included
};

class GroupCommitter {
 public:
  using Write = std::function<void()>;

  // `max_batch` bounds the writes in one transaction (and the latency of the first of them).
  GroupCommitter(TransactionControl& control, std::size_t max_batch);
  ~GroupCommitter();  // finishes every queued write, then stops the thread
  GroupCommitter(const GroupCommitter&) = delete;
  GroupCommitter& operator=(const GroupCommitter&) = delete;

  // Runs `write` on the writer thread inside a transaction and returns once it is committed.
  // Rethrows what `write` threw (its changes are rolled back), or the commit's failure.
  void Run(const Write& write);

  GroupCommitStats stats() const;

 private:
  struct Pending;
  void Loop();
  void RunBatch(std::deque<Pending*>& batch);

  TransactionControl& control_;
  std::size_t max_batch_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Pending*> queue_;
  bool stopping_ = false;
  std::atomic<std::uint64_t> commits_{0};
  std::atomic<std::uint64_t> writes_{0};
  std::atomic<std::uint64_t> largest_batch_{0};
  std::thread thread_;  // last: starts after every other member is ready
};

}  // namespace cartwatch::store

#endif  // CARTWATCH_STORE_SRC_GROUP_COMMIT_H_
