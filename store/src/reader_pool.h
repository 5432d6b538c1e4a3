// A fixed set of read connections lent out one request at a time, so that reads run side by side
// (SQLite's WAL and PostgreSQL both allow it) instead of queueing behind one connection.
#ifndef CARTWATCH_STORE_SRC_READER_POOL_H_
#define CARTWATCH_STORE_SRC_READER_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

namespace cartwatch::store {

// Read connections per store: enough for the server's busy threads to read at once on two to
// eight cores without holding many idle connections to a database.
inline constexpr std::size_t kReadConnections = 8;

template <typename Connection>
class ReaderPool {
 public:
  // Returns its connection to the pool when it goes.
  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<Connection> connection)
        : pool_(&pool), connection_(std::move(connection)) {}
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() {
      if (connection_) pool_->Return(std::move(connection_));
    }
    Connection& operator*() { return *connection_; }
    Connection* operator->() { return connection_.get(); }

   private:
    ReaderPool* pool_;
    std::unique_ptr<Connection> connection_;
  };

  void Add(std::unique_ptr<Connection> connection) { Return(std::move(connection)); }

  // Waits until a connection is free.
  Lease Acquire() {
    std::unique_lock lock(mutex_);
    freed_.wait(lock, [this] { return !free_.empty(); });
    std::unique_ptr<Connection> connection = std::move(free_.back());
    free_.pop_back();
    return Lease(*this, std::move(connection));
  }

 private:
  void Return(std::unique_ptr<Connection> connection) {
    {
      const std::lock_guard lock(mutex_);
      free_.push_back(std::move(connection));
    }
    freed_.notify_one();
  }

  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Connection>> free_;
};

}  // namespace cartwatch::store

#endif  // CARTWATCH_STORE_SRC_READER_POOL_H_
