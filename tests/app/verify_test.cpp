#include "app/verify.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "app/complaints.hpp"
#include "support/fixtures.hpp"

namespace redress::app {
namespace {

using test::Clerk;
using test::kNow;

void Tamper(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << (error ? error : "");
    sqlite3_close(db);
}

class VerifyTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto tx = s.store->BeginWrite();
        for (int i = 0; i < 5; ++i) {
            ASSERT_TRUE(RegisterComplaint(*tx, test::SampleRequest(i), Clerk(), kNow));
        }
        ASSERT_TRUE(AddComment(*tx, "2026-000003", std::nullopt, "Позвонили клиенту", Clerk(), kNow));
        tx->Commit();
    }

    VerifyReport Verify(bool replay = false) { return VerifyRecord(*s.store->Read(), replay ? test::Replaying() : VerifyOptions{}); }

    test::TempStore s;
};

TEST_F(VerifyTest, AnIntactRecordVerifies) {
    auto report = Verify(true);
    EXPECT_FALSE(report.broken);
    EXPECT_EQ(report.events, 11);
    EXPECT_EQ(report.complaints, 5);
}

TEST_F(VerifyTest, AnEditedPayloadIsTheFirstBrokenLink) {
    Tamper(s.path(), "UPDATE events SET payload = replace(payload, 'Позвонили', 'Не звонили') WHERE kind = 'CommentAdded'");
    auto report = Verify();
    ASSERT_TRUE(report.broken);
    EXPECT_EQ(report.broken->number, "2026-000003");
    EXPECT_EQ(report.broken->n, 3);
}

TEST_F(VerifyTest, ADeletedEventBreaksTheChain) {
    Tamper(s.path(), "DELETE FROM events WHERE seq = 3");
    auto report = Verify();
    ASSERT_TRUE(report.broken);
    EXPECT_EQ(report.broken->number, "2026-000002");
}

TEST_F(VerifyTest, AnEditedActorOrTimeIsDetected) {
    Tamper(s.path(), "UPDATE events SET at = '2026-11-22T10:00:00Z' WHERE seq = 5");
    EXPECT_TRUE(Verify().broken);
}

TEST_F(VerifyTest, ARecomputedEventHashStillBreaksTheGlobalChain) {
    // A forger who rewrites an event and its own hash still has to rewrite every later
    // global hash; changing only the complaint's hash is caught by the global chain.
    Tamper(s.path(), "UPDATE events SET hash = (SELECT hash FROM events WHERE seq = 1) WHERE seq = 4");
    auto report = Verify();
    ASSERT_TRUE(report.broken);
    EXPECT_EQ(report.broken->seq, 4);
}

TEST_F(VerifyTest, AReadModelOutOfStepWithItsEventsIsReported) {
    Tamper(s.path(), "UPDATE complaints SET card = replace(card, 'Customer 1', 'Someone else') WHERE number = '2026-000002'");
    EXPECT_FALSE(Verify(false).broken);  // the chains themselves are intact
    auto report = Verify(true);
    ASSERT_TRUE(report.broken);
    EXPECT_EQ(report.broken->number, "2026-000002");
}

}  // namespace
}  // namespace redress::app
