#include "sqlite_db.h"

#include <utility>

namespace cartwatch::store::sqlite {
namespace {

[[noreturn]] void Fail(sqlite3* db, int code, std::string_view doing) {
  throw DbError(code, std::string(doing) + ": " + (db != nullptr ? sqlite3_errmsg(db) : "") + " (" +
                          sqlite3_errstr(code) + ")");
}

void Check(sqlite3* db, int code, std::string_view doing) {
  if (code != SQLITE_OK) Fail(db, code, doing);
}

}  // namespace

Database::Database(const std::string& path) {
  const int code = sqlite3_open_v2(
      path.c_str(), &db_,
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
      nullptr);
  if (code != SQLITE_OK) {
    const std::string message = "cannot open " + path + ": " +
                                (db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(code));
    sqlite3_close(db_);
    db_ = nullptr;
    throw DbError(code, message);
  }
  // A write acknowledged is on disk: WAL with a full sync at every commit.
  Check(db_, sqlite3_busy_timeout(db_, 5000), "busy timeout");
  Execute(
      "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
      "PRAGMA trusted_schema=OFF;");
}

Database::~Database() {
  for (auto& [sql, stmt] : idle_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

void Database::Execute(std::string_view sql) {
  char* message = nullptr;
  const int code = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message);
  if (code != SQLITE_OK) {
    const std::string text = message != nullptr ? message : sqlite3_errstr(code);
    sqlite3_free(message);
    throw DbError(code, text);
  }
}

Statement Database::Prepare(std::string_view sql) {
  std::string key(sql);
  if (const auto found = idle_.find(key); found != idle_.end()) {
    sqlite3_stmt* stmt = found->second;
    idle_.erase(found);
    return Statement(*this, std::move(key), stmt);
  }
  sqlite3_stmt* stmt = nullptr;
  Check(db_,
        sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt, nullptr),
        "prepare");
  return Statement(*this, std::move(key), stmt);
}

void Database::Keep(std::string sql, sqlite3_stmt* stmt) {
  sqlite3_reset(stmt);
  sqlite3_clear_bindings(stmt);
  if (!idle_.try_emplace(std::move(sql), stmt).second) sqlite3_finalize(stmt);
}

std::int64_t Database::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

Statement::Statement(Database& database, std::string sql, sqlite3_stmt* stmt)
    : database_(&database), db_(database.db_), sql_(std::move(sql)), stmt_(stmt) {}

Statement::~Statement() {
  if (stmt_ != nullptr) database_->Keep(std::move(sql_), stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : database_(other.database_),
      db_(other.db_),
      sql_(std::move(other.sql_)),
      stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::Bind(int index, std::int64_t value) {
  Check(db_, sqlite3_bind_int64(stmt_, index, value), "bind");
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  Check(db_, sqlite3_bind_double(stmt_, index, value), "bind");
  return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
  Check(
      db_,
      sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      "bind");
  return *this;
}

Statement& Statement::Bind(int index, std::optional<std::int64_t> value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Statement& Statement::Bind(int index, std::optional<double> value) {
  return value ? Bind(index, *value) : BindNull(index);
}

Statement& Statement::BindNull(int index) {
  Check(db_, sqlite3_bind_null(stmt_, index), "bind");
  return *this;
}

bool Statement::Step() {
  const int code = sqlite3_step(stmt_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  Fail(db_, code, "step");
}

void Statement::Run() {
  while (Step()) {
  }
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::int64_t Statement::Int(int column) const { return sqlite3_column_int64(stmt_, column); }

double Statement::Double(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Statement::Text(int column) const {
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return text != nullptr
             ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
             : std::string();
}

std::optional<std::int64_t> Statement::OptionalInt(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Int(column);
}

std::optional<double> Statement::OptionalDouble(int column) const {
  if (IsNull(column)) return std::nullopt;
  return Double(column);
}

}  // namespace cartwatch::store::sqlite
