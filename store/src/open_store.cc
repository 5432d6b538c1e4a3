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
