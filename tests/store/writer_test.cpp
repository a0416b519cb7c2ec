#include "store/writer.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <thread>

#include "app/complaints.hpp"
#include "app/verify.hpp"
#include "core/register_number.hpp"
#include "support/fixtures.hpp"
#include "support/forwarding_store.hpp"

namespace redress::store {
namespace {

using test::Clerk;
using test::kNow;
using test::Replaying;
using test::SampleRequest;
using test::TempStore;

// Waits for every Done callback of a test.
class Latch {
public:
    explicit Latch(int count) : count_(count) {}

    void CountDown() {
        std::lock_guard lock(mutex_);
        if (--count_ == 0) {
            done_.notify_all();
        }
    }

    void Wait() {
        std::unique_lock lock(mutex_);
        done_.wait(lock, [&] { return count_ == 0; });
    }

private:
    std::mutex mutex_;
    std::condition_variable done_;
    int count_;
};

TEST(Writer, CommitsManyCommandsInFewerBatches) {
    TempStore s;
    constexpr int kThreads = 8;
    constexpr int kPerThread = 50;
    std::atomic<int> committed{0};
    Latch latch(kThreads * kPerThread);
    {
        Writer writer(*s.store);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < kPerThread; ++i) {
                    writer.Submit(
                        [t, i](WriteTx& tx) {
                            return app::RegisterComplaint(tx, SampleRequest(t * 1000 + i), Clerk(), kNow).has_value();
                        },
                        [&](Writer::Outcome outcome, const std::string&) {
                            if (outcome == Writer::Outcome::kCommitted) {
                                ++committed;
                            }
                            latch.CountDown();
                        });
                }
            });
        }
        for (auto& t : threads) {
            t.join();
        }
        latch.Wait();
        EXPECT_LT(writer.stats().batches, writer.stats().commands);  // group commit happened
    }
    EXPECT_EQ(committed.load(), kThreads * kPerThread);
    auto read = s.store->Read();
    EXPECT_EQ(read->CountComplaints(), kThreads * kPerThread);
    auto report = app::VerifyRecord(*read, Replaying());
    EXPECT_FALSE(report.broken) << report.broken->reason;
}

TEST(Writer, ARejectedCommandLeavesItsBatchmatesAndNoGap) {
    TempStore s;
    Latch latch(3);
    std::vector<Writer::Outcome> outcomes(3);
    {
        Writer writer(*s.store);
        for (int i = 0; i < 3; ++i) {
            writer.Submit(
                [i](WriteTx& tx) {
                    auto card = app::RegisterComplaint(tx, SampleRequest(i), Clerk(), kNow);
                    return card.has_value() && i != 1;  // the middle one changes its mind
                },
                [&, i](Writer::Outcome outcome, const std::string&) {
                    outcomes[i] = outcome;
                    latch.CountDown();
                });
        }
        latch.Wait();
    }
    EXPECT_EQ(outcomes[0], Writer::Outcome::kCommitted);
    EXPECT_EQ(outcomes[1], Writer::Outcome::kRolledBack);
    EXPECT_EQ(outcomes[2], Writer::Outcome::kCommitted);
    auto read = s.store->Read();
    EXPECT_EQ(read->CountComplaints(), 2);
    // The rolled-back command's number went back with it: the register has no gap.
    EXPECT_TRUE(read->FindCard("2026-000001"));
    EXPECT_TRUE(read->FindCard("2026-000002"));
    EXPECT_FALSE(read->FindCard("2026-000003"));
}

TEST(Writer, AThrowingCommandIsReportedAndUndone) {
    TempStore s;
    Latch latch(1);
    Writer::Outcome outcome{};
    std::string error;
    {
        Writer writer(*s.store);
        writer.Submit(
            [](WriteTx& tx) -> bool {
                (void)app::RegisterComplaint(tx, SampleRequest(0), Clerk(), kNow);
                throw StoreError("disk on fire");
            },
            [&](Writer::Outcome o, const std::string& e) {
                outcome = o;
                error = e;
                latch.CountDown();
            });
        latch.Wait();
    }
    EXPECT_EQ(outcome, Writer::Outcome::kFailed);
    EXPECT_EQ(error, "disk on fire");
    EXPECT_EQ(s.store->Read()->CountComplaints(), 0);
}

// Remembers, at each log sync, how many complaints were committed when it began: those,
// and only those, the sync made durable.
class SyncWatchingStore final : public test::ForwardingStore {
public:
    using ForwardingStore::ForwardingStore;

    std::unique_ptr<WriteTx> BeginWrite(Sync sync) override {
        if (sync != Sync::kDeferred) {
            ++synced_in_commit;
        }
        return inner_.BeginWrite(sync);
    }
    void SyncLog() override {
        if (fail_sync) {
            throw StoreError("cannot sync the write-ahead log: Input/output error");
        }
        std::int64_t committed = inner_.Read()->CountComplaints();
        inner_.SyncLog();
        durable.store(std::max(durable.load(), committed));
    }

    std::atomic<std::int64_t> durable{0};  // complaints known to be on disk
    std::atomic<int> synced_in_commit{0};  // writer transactions that synced in Commit instead
    bool fail_sync = false;                // as a disk that refuses to flush does
};

TEST(Writer, AnswersACommandOnlyOnceASyncHasCoveredItsCommit) {
    TempStore s;
    SyncWatchingStore watching(*s.store);
    constexpr int kCommands = 300;
    Latch latch(kCommands);
    std::atomic<int> answered_early{0};
    {
        Writer writer(watching);
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                for (int i = t; i < kCommands; i += 4) {
                    auto place = std::make_shared<std::int64_t>(0);  // the number's place in the year
                    writer.Submit(
                        [i, place](WriteTx& tx) {
                            auto card = app::RegisterComplaint(tx, SampleRequest(i), Clerk(), kNow);
                            *place = card ? core::ParseRegisterNumber(card->number)->sequence : 0;
                            return card.has_value();
                        },
                        [&, place](Writer::Outcome outcome, const std::string&) {
                            EXPECT_EQ(outcome, Writer::Outcome::kCommitted);
                            // Numbers are taken in commit order, so complaint k is durable
                            // once k complaints were committed before a finished sync began.
                            if (watching.durable.load() < *place) {
                                ++answered_early;
                            }
                            latch.CountDown();
                        });
                }
            });
        }
        for (auto& thread : threads) {
            thread.join();
        }
        latch.Wait();
        EXPECT_GE(writer.stats().syncs, 1u);
        EXPECT_LE(writer.stats().syncs, writer.stats().batches);
    }
    EXPECT_EQ(watching.synced_in_commit.load(), 0);
    EXPECT_EQ(answered_early.load(), 0);
    EXPECT_EQ(s.store->Read()->CountComplaints(), kCommands);
}

TEST(Writer, ACommitTheDiskWouldNotFlushIsReportedInDoubt) {
    TempStore s;
    SyncWatchingStore watching(*s.store);
    watching.fail_sync = true;
    Latch latch(2);
    std::vector<Writer::Outcome> outcomes(2);
    std::string error;
    {
        Writer writer(watching);
        for (int i = 0; i < 2; ++i) {
            writer.Submit(
                [i](WriteTx& tx) {
                    return app::RegisterComplaint(tx, SampleRequest(i), Clerk(), kNow).has_value() && i == 0;
                },
                [&, i](Writer::Outcome outcome, const std::string& e) {
                    outcomes[i] = outcome;
                    if (i == 0) {
                        error = e;
                    }
                    latch.CountDown();
                });
        }
        latch.Wait();
    }
    // Neither "stored" nor "nothing changed" is true of the first; the second changed nothing.
    EXPECT_EQ(outcomes[0], Writer::Outcome::kInDoubt);
    EXPECT_NE(error.find("cannot sync"), std::string::npos);
    EXPECT_EQ(outcomes[1], Writer::Outcome::kRolledBack);
}

TEST(Writer, RefusesWorkAfterStop) {
    TempStore s;
    Writer writer(*s.store);
    writer.Stop();
    Writer::Outcome outcome = Writer::Outcome::kCommitted;
    writer.Submit([](WriteTx&) { return true; }, [&](Writer::Outcome o, const std::string&) { outcome = o; });
    EXPECT_EQ(outcome, Writer::Outcome::kFailed);
}

}  // namespace
}  // namespace redress::store
