#include "group_commit.h"

#include <algorithm>
#include <exception>
#include <future>
#include <utility>

namespace cartwatch::store {

struct GroupCommitter::Pending {
  const Write* write;
  std::promise<void> done;
  std::exception_ptr failure;
};

GroupCommitter::GroupCommitter(TransactionControl& control, std::size_t max_batch)
    : control_(control), max_batch_(max_batch == 0 ? 1 : max_batch), thread_([this] { Loop(); }) {}

GroupCommitter::~GroupCommitter() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void GroupCommitter::Run(const Write& write) {
  Pending pending{&write, {}, nullptr};
  std::future<void> done = pending.done.get_future();
  {
    const std::lock_guard lock(mutex_);
    queue_.push_back(&pending);
  }
  wake_.notify_one();
  done.get();
}

GroupCommitStats GroupCommitter::stats() const {
  return {commits_.load(), writes_.load(), largest_batch_.load()};
}

void GroupCommitter::Loop() {
  for (;;) {
    std::deque<Pending*> batch;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and every write is done
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    RunBatch(batch);
  }
}

void GroupCommitter::RunBatch(std::deque<Pending*>& batch) {
  std::exception_ptr commit_failure;
  try {
    control_.Begin();
    for (Pending* pending : batch) {
      control_.Savepoint();
      try {
        (*pending->write)();
        control_.ReleaseSavepoint();
      } catch (...) {
        pending->failure = std::current_exception();
        control_.RollbackToSavepoint();
        control_.ReleaseSavepoint();
      }
    }
    control_.Commit();
    const auto committed = static_cast<std::uint64_t>(
        std::count_if(batch.begin(), batch.end(), [](const Pending* p) { return !p->failure; }));
    commits_.fetch_add(1);
    writes_.fetch_add(committed);
    if (batch.size() > largest_batch_.load()) largest_batch_.store(batch.size());
  } catch (...) {
    // Nothing of this batch is durable: every write in it fails.
    commit_failure = std::current_exception();
    try {
      control_.Rollback();
    } catch (...) {  // NOLINT(bugprone-empty-catch): the commit's failure is the one reported
    }
  }
  for (Pending* pending : batch) {
    std::exception_ptr failure = commit_failure ? commit_failure : pending->failure;
    if (failure) {
      pending->done.set_exception(failure);
    } else {
      pending->done.set_value();
    }
  }
}

}  // namespace cartwatch::store
