#include "store/sqlite/wal_vfs.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <string>

#include "store/sqlite/connection.hpp"
#include "support/temp_dir.hpp"

namespace redress::store::sqlite {
namespace {

constexpr int kFrameBytes = 24 + 4096;

// A connection through SQLite's own VFS: it sees only what is in the files.
class PlainReader {
public:
    explicit PlainReader(const std::string& path, int flags = SQLITE_OPEN_READONLY) {
        EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db_, flags, nullptr), SQLITE_OK);
    }
    PlainReader(const PlainReader&) = delete;
    PlainReader& operator=(const PlainReader&) = delete;
    ~PlainReader() { sqlite3_close(db_); }

    std::string Text(const std::string& sql) {
        sqlite3_stmt* stmt = nullptr;
        EXPECT_EQ(sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sqlite3_errmsg(db_);
        std::string out;
        if (sqlite3_step(stmt) == SQLITE_ROW) {
            const unsigned char* text = sqlite3_column_text(stmt, 0);
            out = text ? reinterpret_cast<const char*>(text) : "";
        }
        sqlite3_finalize(stmt);
        return out;
    }

private:
    sqlite3* db_ = nullptr;
};

// What a restart after `kill -9` would find: the database and its log copied without
// the shared-memory index, so that SQLite rebuilds it from the log, checking every
// frame's checksum and dropping any transaction whose frames do not add up.
std::string Recovered(const test::TempDir& dir, const std::string& path, const std::string& sql) {
    const std::string copy = dir.File("recovered.db");
    std::filesystem::remove(copy + "-shm");
    std::filesystem::copy_file(path, copy, std::filesystem::copy_options::overwrite_existing);
    std::filesystem::copy_file(path + "-wal", copy + "-wal", std::filesystem::copy_options::overwrite_existing);
    PlainReader reader(copy, SQLITE_OPEN_READWRITE);
    return reader.Text(sql);
}

std::string Scalar(Connection& db, std::string_view sql) {
    auto s = db.Prepare(sql);
    EXPECT_TRUE(s->Step());
    return std::string(s->Text(0));
}

void InsertRows(Connection& db, int from, int count) {
    for (int i = from; i < from + count; ++i) {
        auto s = db.Prepare("INSERT INTO t (id, body) VALUES (?1, ?2)");
        s->Bind(1, std::int64_t{i}).Bind(2, std::string(1500, static_cast<char>('a' + i % 26)));
        s->Run();
    }
}

void CommitRows(Connection& db, int from, int count) {
    db.Exec("BEGIN IMMEDIATE");
    InsertRows(db, from, count);
    db.Exec("COMMIT");
}

// A database on the gathering VFS with one table, committing with synchronous=NORMAL as
// the writer commits its batches: no sync at commit that would write out what is
// gathered anyway.
class GatheredLog : public ::testing::Test {
protected:
    GatheredLog() { db.Exec("PRAGMA synchronous=NORMAL; CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL);"); }

    test::TempDir dir;
    const std::string path = dir.File("g.db");
    Connection db{path};
};

TEST_F(GatheredLog, ACommitIsWholeInTheFileBeforeAnotherConnectionCanSeeIt) {
    PlainReader reader(path);
    for (int round = 0; round < 5; ++round) {
        CommitRows(db, round * 400, 400);  // ~150 pages: more than one write's worth
        EXPECT_EQ(reader.Text("SELECT count(*) FROM t"), std::to_string((round + 1) * 400));
        EXPECT_EQ(reader.Text("PRAGMA quick_check"), "ok");
        EXPECT_EQ(Recovered(dir, path, "SELECT count(*) FROM t"), std::to_string((round + 1) * 400));
        // Nothing is left in memory: the log holds its header and whole frames only.
        auto bytes = std::filesystem::file_size(path + "-wal");
        EXPECT_EQ((bytes - 32) % kFrameBytes, 0u) << bytes;
    }
}

TEST_F(GatheredLog, ATransactionReadsBackPagesItSpilledToTheLog) {
    db.Exec("PRAGMA cache_size=20");
    db.Exec("BEGIN IMMEDIATE");
    InsertRows(db, 0, 2000);  // far more pages than the cache: SQLite writes some out early
    EXPECT_EQ(Scalar(db, "SELECT sum(length(body)) FROM t"), std::to_string(2000 * 1500));
    db.Exec("COMMIT");
    PlainReader reader(path);
    EXPECT_EQ(reader.Text("SELECT count(*) FROM t"), "2000");
    EXPECT_EQ(reader.Text("PRAGMA integrity_check"), "ok");
}

// Pages changed again after SQLite spilled them are overwritten in the log in place, and
// at commit SQLite rewrites the headers of the frames from there on, the commit frame's
// last, with no page after it.
TEST_F(GatheredLog, ATransactionThatRewroteSpilledFramesIsRecoveredWhole) {
    db.Exec("PRAGMA cache_size=10");
    db.Exec("BEGIN IMMEDIATE");
    InsertRows(db, 0, 1000);
    db.Exec("UPDATE t SET body = upper(body) WHERE id < 100");
    db.Exec("COMMIT");
    EXPECT_EQ(Recovered(dir, path, "SELECT count(*) || ' ' || sum(body = upper(body)) FROM t"), "1000 100");
    EXPECT_EQ(Recovered(dir, path, "PRAGMA integrity_check"), "ok");
}

TEST_F(GatheredLog, ARolledBackTransactionLeavesNothingBehind) {
    db.Exec("PRAGMA cache_size=20");
    db.Exec("BEGIN IMMEDIATE");
    InsertRows(db, 0, 1000);  // spilled to the log, then abandoned
    db.Exec("ROLLBACK");
    CommitRows(db, 5000, 300);
    PlainReader reader(path);
    EXPECT_EQ(reader.Text("SELECT count(*) || ' ' || min(id) FROM t"), "300 5000");
    EXPECT_EQ(reader.Text("PRAGMA integrity_check"), "ok");
}

TEST_F(GatheredLog, ALogRestartedAfterACheckpointStaysReadable) {
    PlainReader reader(path);
    for (int round = 0; round < 4; ++round) {
        CommitRows(db, round * 200, 200);
        db.Exec("PRAGMA wal_checkpoint(RESTART)");  // the next commit starts the log again
        EXPECT_EQ(reader.Text("SELECT count(*) FROM t"), std::to_string((round + 1) * 200));
    }
    EXPECT_EQ(reader.Text("PRAGMA integrity_check"), "ok");
}

TEST_F(GatheredLog, IsTheVfsOfEveryStoreConnection) {
    ASSERT_NE(BufferedWalVfs(), nullptr);
    EXPECT_EQ(db.VfsName(), BufferedWalVfs());
}

}  // namespace
}  // namespace redress::store::sqlite
