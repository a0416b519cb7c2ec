#include <gtest/gtest.h>

#include <filesystem>
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

TEST(SqliteStore, SearchFindsWordsOfTheStatementInAnyScriptAndCase) {
    TempStore s;
    RegisterMany(*s.store, 12, kNow - std::chrono::hours(20));
    auto count = [&](std::string text) {
        ListQuery q;
        q.text = std::move(text);
        q.limit = 200;
        return s.store->Read()->List(q).rows.size();
    };
    EXPECT_EQ(count("mortgage payment"), 2u);   // statement 2 of 6, twice in 12
    EXPECT_EQ(count("КАРТРИДЖ"), 2u);           // Cyrillic, case-folded
    EXPECT_EQ(count("առաքվ"), 2u);              // Armenian, as a prefix
    EXPECT_EQ(count("стъкло"), 2u);
    EXPECT_EQ(count("customer 11"), 1u);        // the contact's name
    EXPECT_EQ(count("\"unbalanced OR NEAR("), 0u);  // query syntax is taken as words
    EXPECT_EQ(count("mortgage nosuchword"), 0u);
    ListQuery q;
    q.text = "mortgage";
    q.channel = "phone";  // filters still apply
    q.limit = 200;
    for (const auto& row : s.store->Read()->List(q).rows) {
        EXPECT_EQ(row.channel, "phone");
    }
}

TEST(SqliteStore, SearchPagesThroughCommonAndRareWordsAlike) {
    // A word in 2,100 complaints takes the walk-the-index plan; one in 350 the fetch-and-sort plan.
    TempStore s;
    RegisterMany(*s.store, 2100, kNow - std::chrono::hours(2000));
    auto page_through = [&](std::string text) {
        ListQuery q;
        q.text = std::move(text);
        q.limit = 200;
        std::size_t seen = 0;
        std::int64_t last = INT64_MAX;
        for (;;) {
            ListPage page = s.store->Read()->List(q);
            for (const auto& row : page.rows) {
                EXPECT_LT(row.received_at, last);
                last = row.received_at;
                ++seen;
            }
            if (!page.more) {
                return seen;
            }
            q.after = std::make_pair(page.rows.back().received_at, page.rows.back().id);
        }
    };
    EXPECT_EQ(page_through("customer"), 2100u);
    EXPECT_EQ(page_through("стъкло"), 350u);
}

TEST(SqliteStore, SavedViewsBelongToTheirUser) {
    TempStore s;
    {
        auto tx = s.store->BeginWrite();
        tx->UpsertUser(UserRow{"anna", "Anna", "", "head_of_quality", "", "ru", "", false, 1});
        tx->UpsertUser(UserRow{"ivan", "Ivan", "", "front_line", "", "ru", "", false, 1});
        tx->SaveView(SavedViewRow{"anna", "Open phone", "channel=phone", 1});
        tx->SaveView(SavedViewRow{"anna", "Open phone", "channel=phone&status=registered", 2});  // replaced
        tx->SaveView(SavedViewRow{"ivan", "Mine", "responsible=ivan", 3});
        tx->Commit();
    }
    auto views = s.store->Read()->SavedViews("anna");
    ASSERT_EQ(views.size(), 1u);
    EXPECT_EQ(views[0].query, "channel=phone&status=registered");
    auto tx = s.store->BeginWrite();
    EXPECT_TRUE(tx->DeleteView("anna", "Open phone"));
    EXPECT_FALSE(tx->DeleteView("anna", "Mine"));  // ivan's
    tx->Commit();
    EXPECT_TRUE(s.store->Read()->SavedViews("anna").empty());
    EXPECT_EQ(s.store->Read()->SavedViews("ivan").size(), 1u);
}

TEST(SqliteStore, AttachmentsKeepTheirBytesAndPortalLinksFindTheirComplaint) {
    TempStore s;
    RegisterMany(*s.store, 2, kNow);
    std::string bytes("\x89PNG\r\n\x1a\n\0\0binary\0data", 20);
    std::int64_t id = 0;
    std::int64_t complaint = s.store->Read()->FindCard("2026-000002")->id;
    {
        auto tx = s.store->BeginWrite();
        id = tx->InsertAttachment(AttachmentRow{0, complaint, "photo.png", "image/png", 20, "abc", bytes, "customer", 5});
        tx->InsertPortalLink("hash-of-link", complaint, 5);
        tx->Commit();
    }
    auto read = s.store->Read();
    auto listed = read->ListAttachments(complaint);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed[0].file_name, "photo.png");
    EXPECT_TRUE(listed[0].data.empty());  // lists leave the bytes behind
    auto found = read->FindAttachment(complaint, id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->data, bytes);
    EXPECT_FALSE(read->FindAttachment(complaint - 1, id));  // only through its own complaint
    EXPECT_EQ(read->FindPortalLink("hash-of-link"), std::optional<std::string>("2026-000002"));
    EXPECT_FALSE(read->FindPortalLink("other"));
}

}  // namespace
}  // namespace redress::store

namespace redress::store {
namespace {

// Commands in one transaction, each under its savepoint, as the writer runs them: what a
// rolled-back command wrote is neither searchable nor in the card cache afterwards.
TEST(SqliteStore, ARolledBackCommandLeavesNoSearchEntryAndNoCachedCard) {
    TempStore s;
    auto tx = s.store->BeginWrite(Sync::kDeferred);
    for (int i = 0; i < 3; ++i) {
        tx->Savepoint();
        auto request = SampleRequest(i);
        request.statement = "Complaint about word" + std::string(1, static_cast<char>('a' + i)) + " here";
        ASSERT_TRUE(app::RegisterComplaint(*tx, request, Clerk(), kNow));
        if (i == 1) {
            tx->RollbackToSavepoint();
        } else {
            tx->ReleaseSavepoint();
        }
    }
    tx->Commit();
    s.store->SyncLog();
    tx.reset();
    auto found = [&](std::string word) {
        ListQuery q;
        q.text = std::move(word);
        return s.store->Read()->List(q).rows.size();
    };
    EXPECT_EQ(found("worda"), 1u);
    EXPECT_EQ(found("wordb"), 0u);
    EXPECT_EQ(found("wordc"), 1u);
    // The third command took the number the rolled-back one gave back.
    auto second = s.store->CurrentCard("2026-000002");
    ASSERT_NE(second, nullptr);
    EXPECT_NE(second->card.find("wordc"), std::string::npos);
    EXPECT_EQ(s.store->CurrentCard("2026-000003"), nullptr);
}

TEST(SqliteStore, CurrentCardFollowsEveryCommit) {
    TempStore s;
    RegisterMany(*s.store, 1, kNow);
    auto first = s.store->CurrentCard("2026-000001");  // read, and kept
    ASSERT_NE(first, nullptr);
    {
        auto tx = s.store->BeginWrite();
        ASSERT_TRUE(app::AddComment(*tx, "2026-000001", std::nullopt, "Called back", Clerk(), kNow));
        tx->Commit();
    }
    auto second = s.store->CurrentCard("2026-000001");
    ASSERT_NE(second, nullptr);
    EXPECT_EQ(second->version, first->version + 1);
    EXPECT_EQ(second->card, s.store->Read()->FindCard("2026-000001")->card);
    {
        auto tx = s.store->BeginWrite();
        ASSERT_TRUE(app::AddComment(*tx, "2026-000001", std::nullopt, "Not kept", Clerk(), kNow));
    }  // rolled back
    EXPECT_EQ(s.store->CurrentCard("2026-000001")->version, second->version);
}

// The log is copied into the database off the writer's thread, but it still stays bounded
// when commits never pause.
TEST(SqliteStore, TheWriteAheadLogStaysBoundedUnderSteadyCommits) {
    TempStore s;
    std::uintmax_t largest = 0;
    for (int i = 0; i < 1500; ++i) {
        auto tx = s.store->BeginWrite(Sync::kDeferred);
        ASSERT_TRUE(app::RegisterComplaint(*tx, SampleRequest(i), Clerk(), kNow));
        tx->Commit();
        largest = std::max(largest, std::filesystem::file_size(s.path() + "-wal"));
    }
    s.store->SyncLog();
    EXPECT_EQ(s.store->Read()->CountComplaints(), 1500);
    // Unbounded, the log would hold every page written: 138 MB here. The writer copies
    // the rest itself at 4,000 pages, once the checkpointer lets it: a few commits later,
    // more on a busy machine (6,300 pages seen while another build ran).
    EXPECT_LT(largest, std::uintmax_t{10000} * (4096 + 24));
    EXPECT_GT(std::filesystem::file_size(s.path()), std::uintmax_t{1500} * 1000);  // checkpoints did happen
}

}  // namespace
}  // namespace redress::store
