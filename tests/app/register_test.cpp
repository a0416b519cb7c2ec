#include <gtest/gtest.h>

#include "app/complaints.hpp"
#include "app/record.hpp"
#include "app/verify.hpp"
#include "core/register_number.hpp"
#include "support/fixtures.hpp"

namespace redress::app {
namespace {

using test::Clerk;
using test::kNow;

// A request whose statement quotes the stand-in number, which must stay as typed.
core::RegistrationRequest QuotingRequest() {
    core::RegistrationRequest request = test::SampleRequest(3);
    request.statement = "Ссылаюсь на обращение 2026-000000 и 2026-000042, ответа нет.";
    return request;
}

void ExpectSameChain(const Chained& moved, const Chained& direct) {
    EXPECT_EQ(moved.row.number, direct.row.number);
    EXPECT_EQ(moved.row.number_key, direct.row.number_key);
    EXPECT_EQ(moved.row.card, direct.row.card);
    EXPECT_EQ(moved.row.last_hash, direct.row.last_hash);
    EXPECT_EQ(moved.card.number, direct.card.number);
    ASSERT_EQ(moved.events.size(), direct.events.size());
    for (std::size_t i = 0; i < moved.events.size(); ++i) {
        EXPECT_EQ(moved.events[i].payload, direct.events[i].payload) << i;
        EXPECT_EQ(moved.events[i].hash, direct.events[i].hash) << i;
    }
}

TEST(MoveToPlace, GivesWhatChainingAtThatPlaceGives) {
    const RegisterOptions options;
    const core::Registered registered = RegisteredFrom(QuotingRequest(), Clerk(), kNow, options);
    const int year = RegisterYear(registered);
    for (std::int64_t place : {1, 42, 999'999}) {
        Chained moved = ChainRegistration(registered, 0, Clerk(), kNow, options);
        ASSERT_TRUE(MoveToPlace(moved, year, place));
        ExpectSameChain(moved, ChainRegistration(registered, place, Clerk(), kNow, options));
        EXPECT_NE(moved.row.card.find("2026-000000 и 2026-000042"), std::string::npos);  // the statement as typed
    }
}

TEST(MoveToPlace, RefusesANumberOfAnotherLengthAndChangesNothing) {
    const RegisterOptions options;
    const core::Registered registered = RegisteredFrom(QuotingRequest(), Clerk(), kNow, options);
    Chained chained = ChainRegistration(registered, 7, Clerk(), kNow, options);
    const Chained before = chained;
    EXPECT_FALSE(MoveToPlace(chained, RegisterYear(registered), 1'000'000));  // "YYYY-1000000"
    ExpectSameChain(chained, before);
}

TEST(RegisterPrepared, TakesThePlaceFromTheTransactionAndKeepsTheChainsIntact) {
    test::TempStore s;
    {
        auto tx = s.store->BeginWrite();
        for (int i = 0; i < 3; ++i) {
            ASSERT_TRUE(RegisterComplaint(*tx, test::SampleRequest(i), Clerk(), kNow));
        }
        // Worked out ahead, as the API does, while the three above took places 1-3.
        auto card = RegisterPrepared(*tx, PrepareRegistration(QuotingRequest(), Clerk(), kNow, {}), Clerk(), kNow, {});
        ASSERT_TRUE(card);
        auto year = core::ParseRegisterNumber(card->number);
        ASSERT_TRUE(year);
        EXPECT_EQ(year->sequence, 4);
        tx->Commit();
    }
    auto report = VerifyRecord(*s.store->Read(), test::Replaying());
    EXPECT_FALSE(report.broken);
    EXPECT_EQ(s.store->Read()->CountComplaints(), 4);
}

}  // namespace
}  // namespace redress::app
