#include <gtest/gtest.h>

#include <set>

#include "app/complaints.hpp"
#include "app/record.hpp"
#include "support/fixtures.hpp"

namespace redress::store {
namespace {

using test::Clerk;
using test::kNow;
using test::SampleRequest;
using test::TempStore;

void RegisterMany(Store& store, int count, core::Timestamp start) {
    auto tx = store.BeginWrite();
    for (int i = 0; i < count; ++i) {
        auto request = SampleRequest(i);
        request.received_at = start + std::chrono::minutes(i);
        request.channel = i % 4 == 0 ? core::Channel::kPhone : core::Channel::kWeb;
        request.contact.phone = "+7 495 000 00 " + std::to_string(10 + i % 90);
        ASSERT_TRUE(app::RegisterComplaint(*tx, request, test::Clerk(), kNow));
    }
    tx->Commit();
}

TEST(SqliteStore, MigrationsAreAppliedOnceAndRecorded) {
    test::TempDir dir;
    auto store = Open({dir.File("m.db"), 1, false});
    EXPECT_EQ(store->SchemaVersion(), 0);
    EXPECT_EQ(store->Migrate(), store->LatestSchemaVersion());
    EXPECT_EQ(store->Migrate(), 0);
    EXPECT_EQ(store->SchemaVersion(), store->LatestSchemaVersion());
}

TEST(SqliteStore, NumbersArePerYearAndGapFree) {
    TempStore s;
    auto tx = s.store->BeginWrite();
    EXPECT_EQ(tx->NextInYear(2025), 1);
    EXPECT_EQ(tx->NextInYear(2025), 2);
    EXPECT_EQ(tx->NextInYear(2026), 1);
    tx.reset();  // rolled back
    tx = s.store->BeginWrite();
    EXPECT_EQ(tx->NextInYear(2025), 1);
}

TEST(SqliteStore, UncommittedWritesAreInvisibleToReaders) {
    TempStore s;
    auto tx = s.store->BeginWrite();
    ASSERT_TRUE(app::RegisterComplaint(*tx, SampleRequest(0), Clerk(), kNow));
    EXPECT_EQ(s.store->Read()->CountComplaints(), 0);
    tx->Commit();
    EXPECT_EQ(s.store->Read()->CountComplaints(), 1);
}

TEST(SqliteStore, ListPagesThroughEveryRowOnceInOrder) {
    TempStore s;
    RegisterMany(*s.store, 57, kNow - std::chrono::hours(100));
    ListQuery q;
    q.limit = 10;
    std::set<std::string> seen;
    std::int64_t last_received = INT64_MAX;
    int pages = 0;
    for (;;) {
        auto page = s.store->Read()->List(q);
        ++pages;
        for (const auto& row : page.rows) {
            EXPECT_TRUE(seen.insert(row.number).second) << row.number << " twice";
            EXPECT_LE(row.received_at, last_received);
            last_received = row.received_at;
        }
        if (!page.more) {
            break;
        }
        q.after = std::make_pair(page.rows.back().received_at, page.rows.back().id);
    }
    EXPECT_EQ(seen.size(), 57u);
    EXPECT_EQ(pages, 6);
}

TEST(SqliteStore, ListFiltersCombine) {
    TempStore s;
    RegisterMany(*s.store, 40, kNow - std::chrono::hours(100));
    ListQuery q;
    q.limit = 200;
    q.channel = "phone";
    auto phones = s.store->Read()->List(q);
    EXPECT_EQ(phones.rows.size(), 10u);
    for (const auto& row : phones.rows) {
        EXPECT_EQ(row.channel, "phone");
        EXPECT_TRUE(row.oral);
    }
    q.organisation = "Beta Bank";  // even i
    EXPECT_EQ(s.store->Read()->List(q).rows.size(), 10u);  // i % 4 == 0 are all even
    q.organisation = "Alpha LLC";
    EXPECT_EQ(s.store->Read()->List(q).rows.size(), 0u);
    ListQuery window;
    window.limit = 200;
    window.received_from = app::Micros(kNow - std::chrono::hours(100) + std::chrono::minutes(5));
    window.received_to = app::Micros(kNow - std::chrono::hours(100) + std::chrono::minutes(15));
    EXPECT_EQ(s.store->Read()->List(window).rows.size(), 10u);
}

TEST(SqliteStore, ReadsSurviveReopen) {
    test::TempDir dir;
    {
        auto store = Open({dir.File("r.db"), 1, true});
        auto tx = store->BeginWrite();
        ASSERT_TRUE(app::RegisterComplaint(*tx, SampleRequest(3), Clerk(), kNow));
        tx->Commit();
    }
    auto store = Open({dir.File("r.db"), 1, true});
    auto card = store->Read()->FindCard("2026-000001");
    ASSERT_TRUE(card);
    EXPECT_NE(card->card.find("Картридж за 100 рублей"), std::string::npos);
}

}  // namespace
}  // namespace redress::store
