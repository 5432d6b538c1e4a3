// Numbered schema migrations (store/migrations/<database>/NNNN_words.sql), embedded at build time.
#ifndef CARTWATCH_STORE_SRC_MIGRATIONS_H_
#define CARTWATCH_STORE_SRC_MIGRATIONS_H_

#include <string_view>
#include <vector>

namespace cartwatch::store {

struct Migration {
  int version;
  std::string_view file;
  std::string_view sql;
};

// In version order, 1, 2, ... without gaps (checked by the store tests).
const std::vector<Migration>& SqliteMigrations();
// The same versions for PostgreSQL: each PostgreSQL migration has the SQLite one's number, name
// and meaning (checked by the store tests).
const std::vector<Migration>& PostgresMigrations();

}  // namespace cartwatch::store

#endif  // CARTWATCH_STORE_SRC_MIGRATIONS_H_
