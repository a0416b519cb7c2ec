#pragma once

// A thin RAII layer over the SQLite C API: one Connection, its cached prepared
// Statements. Every failure throws store::StoreError with SQLite's message.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace redress::store::sqlite {

class Statement {
public:
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}

    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // Binds by 1-based index.
    Statement& Bind(int index, std::int64_t value);
    Statement& Bind(int index, std::string_view value);
    // Binds text without copying it: `value` must outlive this use of the statement (until
    // Reset). For the writer's large values (cards, event payloads), bound from rows that
    // the caller holds while the statement runs.
    Statement& BindView(int index, std::string_view value);
    Statement& BindNull(int index);
    Statement& BindBlob(int index, std::string_view bytes);

    // Steps once; true while a row is available.
    bool Step();
    // Steps to completion of a statement that returns no rows.
    void Run();
    // Resets for the next use and clears bindings.
    void Reset();

    std::int64_t Int(int column) const;
    std::string_view Text(int column) const;
    std::string_view Blob(int column) const;
    bool IsNull(int column) const;

private:
    sqlite3* db_;
    sqlite3_stmt* stmt_;
};

// Resets a cached statement when the scope ends, whatever happens in between.
class StatementUse {
public:
    explicit StatementUse(Statement& stmt) : stmt_(stmt) {}

    ~StatementUse() { stmt_.Reset(); }

    Statement* operator->() { return &stmt_; }

    Statement& operator*() { return stmt_; }

private:
    Statement& stmt_;
};

class Connection {
public:
    // Opens (creating if needed) the database file and sets WAL, synchronous=FULL,
    // foreign keys and a busy timeout.
    explicit Connection(const std::string& path);
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    void Exec(std::string_view sql);
    // A prepared statement cached by its SQL text for the connection's lifetime.
    StatementUse Prepare(std::string_view sql);
    // A statement prepared for one use (dynamic SQL).
    std::unique_ptr<Statement> PrepareOnce(std::string_view sql);

    // The name of the VFS the connection opens its files through.
    std::string VfsName() const;

    std::int64_t LastInsertRowid() const;
    // Rows changed by the last INSERT, UPDATE or DELETE.
    std::int64_t Changes() const;

    // Called after each commit with the number of frames in the write-ahead log. Replaces
    // SQLite's automatic checkpoint on this connection.
    using CommitHook = std::function<void(int wal_frames)>;
    void OnCommit(CommitHook hook);
    // Copies what it can of the write-ahead log into the database without waiting for
    // anyone. False when another connection was checkpointing.
    bool CheckpointPassive();

private:
    // Heterogeneous lookup: finding a cached statement does not allocate.
    struct SqlHash {
        using is_transparent = void;

        std::size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
    };

    sqlite3* db_ = nullptr;
    CommitHook on_commit_;
    std::unordered_map<std::string, std::unique_ptr<Statement>, SqlHash, std::equal_to<>> cache_;
};

}  // namespace redress::store::sqlite
