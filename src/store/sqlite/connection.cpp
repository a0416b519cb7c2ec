#include "store/sqlite/connection.hpp"

#include <sqlite3.h>

#include "store/sqlite/wal_vfs.hpp"
#include "store/store.hpp"

namespace redress::store::sqlite {

namespace {

[[noreturn]] void Throw(sqlite3* db, std::string_view what) {
    throw StoreError("sqlite: " + std::string(what) + ": " + sqlite3_errmsg(db));
}

}  // namespace

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement& Statement::Bind(int index, std::int64_t value) {
    if (sqlite3_bind_int64(stmt_, index, value) != SQLITE_OK) {
        Throw(db_, "bind");
    }
    return *this;
}

Statement& Statement::Bind(int index, std::string_view value) {
    if (sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8) !=
        SQLITE_OK) {
        Throw(db_, "bind");
    }
    return *this;
}

Statement& Statement::BindView(int index, std::string_view value) {
    if (sqlite3_bind_text64(stmt_, index, value.data(), value.size(), SQLITE_STATIC, SQLITE_UTF8) != SQLITE_OK) {
        Throw(db_, "bind");
    }
    return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
    if (sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT) != SQLITE_OK) {
        Throw(db_, "bind");
    }
    return *this;
}

Statement& Statement::BindNull(int index) {
    if (sqlite3_bind_null(stmt_, index) != SQLITE_OK) {
        Throw(db_, "bind");
    }
    return *this;
}

bool Statement::Step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    Throw(db_, sqlite3_sql(stmt_));
}

void Statement::Run() {
    while (Step()) {
    }
}

void Statement::Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::Int(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

std::string_view Statement::Text(int column) const {
    auto text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (text == nullptr) {
        return {};
    }
    return {text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::string_view Statement::Blob(int column) const {
    auto bytes = static_cast<const char*>(sqlite3_column_blob(stmt_, column));
    if (bytes == nullptr) {
        return {};
    }
    return {bytes, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

bool Statement::IsNull(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

Connection::Connection(const std::string& path) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, BufferedWalVfs()) != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        throw StoreError("sqlite: cannot open " + path + ": " + message);
    }
    sqlite3_busy_timeout(db_, 10000);
    // synchronous=FULL: an answered request is on disk, not just in the WAL's page cache.
    // temp_store=MEMORY: each command's savepoint journal stays in memory instead of
    // spilling to a temporary file (a third of the writer's time when it did).
    Exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;");
}

std::string Connection::VfsName() const {
    sqlite3_vfs* vfs = nullptr;
    sqlite3_file_control(db_, "main", SQLITE_FCNTL_VFS_POINTER, &vfs);
    return vfs && vfs->zName ? vfs->zName : "";
}

Connection::~Connection() {
    cache_.clear();  // statements must be finalised before the connection closes
    sqlite3_close(db_);
}

void Connection::Exec(std::string_view sql) {
    char* error = nullptr;
    std::string text(sql);
    if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
        std::string message = error ? error : "unknown error";
        sqlite3_free(error);
        throw StoreError("sqlite: " + message + " in: " + text.substr(0, 200));
    }
}

std::int64_t Connection::Changes() const {
    return sqlite3_changes64(db_);
}

std::int64_t Connection::LastInsertRowid() const {
    return sqlite3_last_insert_rowid(db_);
}

void Connection::OnCommit(CommitHook hook) {
    on_commit_ = std::move(hook);
    sqlite3_wal_hook(
        db_,
        [](void* self, sqlite3*, const char*, int frames) {
            static_cast<Connection*>(self)->on_commit_(frames);
            return SQLITE_OK;
        },
        this);
}

bool Connection::CheckpointPassive() {
    int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    if (rc == SQLITE_BUSY) {
        return false;
    }
    if (rc != SQLITE_OK) {
        Throw(db_, "checkpoint");
    }
    return true;
}

StatementUse Connection::Prepare(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
        it = cache_.emplace(std::string(sql), PrepareOnce(sql)).first;
    }
    return StatementUse(*it->second);
}

std::unique_ptr<Statement> Connection::PrepareOnce(std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                           nullptr) != SQLITE_OK) {
        Throw(db_, "prepare " + std::string(sql.substr(0, 120)));
    }
    return std::make_unique<Statement>(db_, stmt);
}

}  // namespace redress::store::sqlite
