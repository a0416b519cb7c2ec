// redress_sqlite_ceiling: the raw SQLite commit rate of this machine's disk, measured
// next to the Redress figures so they can be read as ratios (docs/performance.md).
//
//   redress_sqlite_ceiling DB [--sync FULL|NORMAL] [--batch ROWS] [--rows N] [--seconds S] [--body BYTES]
//
// Inserts rows of BYTES bytes (default 1000) into c(id INTEGER PRIMARY KEY, created INTEGER,
// body TEXT) in a fresh WAL database, BATCH rows per transaction (default 1), with prepared
// INSERT, BEGIN and COMMIT statements, until N rows (default 20000) or S seconds (default 5).
// With --sync FULL (the default) and --batch 1 every row is one fsynced commit: the ceiling
// of a server that commits each request on its own. Redress's writer commits a batch of
// waiting requests per fsync (group commit), so its durable registration rate can exceed it.
//
// Prints one line: "sync=FULL batch=1 rows=... seconds=... rows_per_s=... commits_per_s=...".

#include <CLI/CLI.hpp>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

[[noreturn]] void Die(sqlite3* db, const char* what) {
    std::fprintf(stderr, "redress_sqlite_ceiling: %s: %s\n", what, db ? sqlite3_errmsg(db) : "");
    std::exit(1);
}

void Exec(sqlite3* db, const std::string& sql) {
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
        Die(db, sql.c_str());
    }
}

sqlite3_stmt* Prepare(sqlite3* db, const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
        Die(db, sql);
    }
    return stmt;
}

void Step(sqlite3* db, sqlite3_stmt* stmt) {
    if (sqlite3_step(stmt) != SQLITE_DONE) {
        Die(db, sqlite3_sql(stmt));
    }
    sqlite3_reset(stmt);
}

}  // namespace

int main(int argc, char** argv) {
    std::string path;
    std::string sync = "FULL";
    long batch = 1;
    long rows = 20000;
    double seconds = 5;
    long body_bytes = 1000;
    CLI::App app{"The raw SQLite commit rate of a disk: WAL, rows of BYTES, BATCH rows per transaction",
                 "redress_sqlite_ceiling"};
    app.add_option("DB", path, "The database file to create")->required();
    app.add_option("--sync", sync, "synchronous=")->capture_default_str()->check(CLI::IsMember({"FULL", "NORMAL"}));
    app.add_option("--batch", batch, "Rows per transaction")->capture_default_str()->check(CLI::Range(1L, 1L << 30));
    app.add_option("--rows", rows, "Rows per run")->capture_default_str()->check(CLI::Range(1L, 1L << 40));
    app.add_option("--seconds", seconds, "Seconds to run")->capture_default_str()->check(CLI::PositiveNumber);
    app.add_option("--body", body_bytes, "Bytes per row")->capture_default_str()->check(CLI::Range(0L, 1L << 30));
    CLI11_PARSE(app, argc, argv);

    sqlite3* db = nullptr;
    if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
        Die(db, "open");
    }
    Exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=" + sync + ";");
    Exec(db, "DROP TABLE IF EXISTS c; CREATE TABLE c(id INTEGER PRIMARY KEY, created INTEGER, body TEXT);");
    sqlite3_stmt* begin = Prepare(db, "BEGIN");
    sqlite3_stmt* commit = Prepare(db, "COMMIT");
    sqlite3_stmt* insert = Prepare(db, "INSERT INTO c(created, body) VALUES (?1, ?2)");
    std::string body(static_cast<std::size_t>(body_bytes), 'x');

    const auto started = std::chrono::steady_clock::now();
    const auto deadline = started + std::chrono::duration<double>(seconds);
    long done = 0;
    long commits = 0;
    while (done < rows && std::chrono::steady_clock::now() < deadline) {
        Step(db, begin);
        for (long b = 0; b < batch && done < rows; ++b, ++done) {
            if (!body.empty()) {  // no two rows alike
                body[static_cast<std::size_t>(done) % body.size()] = static_cast<char>('a' + done % 26);
            }
            sqlite3_bind_int64(insert, 1, done);
            sqlite3_bind_text(insert, 2, body.data(), static_cast<int>(body.size()), SQLITE_STATIC);
            Step(db, insert);
        }
        Step(db, commit);
        ++commits;
    }
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    sqlite3_finalize(begin);
    sqlite3_finalize(commit);
    sqlite3_finalize(insert);
    sqlite3_close(db);
    std::printf("sync=%s batch=%ld rows=%ld seconds=%.3f rows_per_s=%.0f commits_per_s=%.0f\n", sync.c_str(), batch,
                done, elapsed, done / elapsed, commits / elapsed);
    return 0;
}
