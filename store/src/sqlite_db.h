// A thin RAII wrapper over the sqlite3 C API: one connection, prepared statements, and errors as
// exceptions inside the store only (the store turns them into core::Error at its boundary).
#ifndef CARTWATCH_STORE_SRC_SQLITE_DB_H_
#define CARTWATCH_STORE_SRC_SQLITE_DB_H_

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cartwatch::store::sqlite {

// A failed sqlite3 call: its result code and message.
class DbError : public std::runtime_error {
 public:
  DbError(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
  int code() const noexcept { return code_; }
  // SQLITE_CONSTRAINT and its extended codes: the statement broke a rule of the schema.
  bool constraint() const noexcept { return (code_ & 0xff) == SQLITE_CONSTRAINT; }

 private:
  int code_;
};

class Statement;

class Database {
 public:
  // Opens (creating if needed) the file and sets the durability pragmas: WAL,
  // synchronous=FULL, foreign keys on, a busy timeout.
  explicit Database(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void Execute(std::string_view sql);  // one or more statements without parameters
  // A statement for `sql`; one prepared before and now idle is reused (reset, bindings cleared),
  // since preparing costs more than running most of our statements.
  Statement Prepare(std::string_view sql);
  std::int64_t LastInsertRowId() const;
  sqlite3* handle() const noexcept { return db_; }

 private:
  friend class Statement;
  void Keep(std::string sql, sqlite3_stmt* stmt);  // takes back an idle statement

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> idle_;
};

class Statement {
 public:
  Statement(Database& database, std::string sql, sqlite3_stmt* stmt);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds by 1-based index; an empty optional binds NULL.
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::string_view value);
  Statement& Bind(int index, std::optional<std::int64_t> value);
  Statement& Bind(int index, std::optional<double> value);
  Statement& BindNull(int index);

  bool Step();  // true while a row is available
  void Run();   // steps to the end of a statement that returns no row
  void Reset();

  bool IsNull(int column) const;
  std::int64_t Int(int column) const;
  double Double(int column) const;
  std::string Text(int column) const;
  std::optional<std::int64_t> OptionalInt(int column) const;
  std::optional<double> OptionalDouble(int column) const;

 private:
  Database* database_;
  sqlite3* db_;
  std::string sql_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace cartwatch::store::sqlite

#endif  // CARTWATCH_STORE_SRC_SQLITE_DB_H_
