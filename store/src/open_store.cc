// OpenStore: the --db location chooses the implementation.
#include "cartwatch/store/store.h"
#include "postgres_store.h"
#include "sqlite_db.h"
#include "sqlite_store.h"
#include "store_failure.h"

namespace cartwatch::store {

bool IsPostgresLocation(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string PrintableLocation(std::string_view location) {
  if (!IsPostgresLocation(location)) return std::string(location);
  const std::size_t scheme_end = location.find("://") + 3;
  const std::size_t at = location.find('@', scheme_end);
  if (at == std::string_view::npos) return std::string(location);
  const std::size_t colon = location.find(':', scheme_end);
  if (colon == std::string_view::npos || colon > at) return std::string(location);
  return std::string(location.substr(0, colon + 1)) + "***" + std::string(location.substr(at));
}

core::Result<std::unique_ptr<Store>> OpenStore(const std::string& location) {
  try {
    if (IsPostgresLocation(location)) {
      return std::unique_ptr<Store>(std::make_unique<PostgresStore>(location));
    }
    return std::unique_ptr<Store>(std::make_unique<SqliteStore>(location));
  } catch (const StoreFailure& failure) {
    return failure.error();
  } catch (const sqlite::DbError& error) {
    return core::Error{
        core::ErrorCode::kStoreUnavailable, "", "",
        std::string("the database could not be opened (") + sqlite3_errstr(error.code()) + ")", ""};
  }
}

}  // namespace cartwatch::store
