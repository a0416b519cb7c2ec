#include "store/store.hpp"

#include "store/sqlite/sqlite_store.hpp"

namespace redress::store {

std::unique_ptr<Store> Open(const StoreConfig& config) {
    if (config.path.rfind("postgres://", 0) == 0 || config.path.rfind("postgresql://", 0) == 0) {
        throw StoreError("PostgreSQL is not supported by this build yet; give a SQLite file path");
    }
    return sqlite::OpenSqlite(config);
}

}  // namespace redress::store
