#include "store/card_cache.hpp"

#include <gtest/gtest.h>

namespace redress::store {
namespace {

StoredCard Card(std::int64_t version, std::size_t size = 100) {
    return StoredCard{1, version, "hash", std::string(size, 'x')};
}

TEST(CardCache, KeepsWhatIsFilledAndCountsHitsAndMisses) {
    CardCache cache(1 << 20);
    EXPECT_EQ(cache.Find("2026-000001"), nullptr);
    cache.Fill("2026-000001", std::make_shared<const StoredCard>(Card(3)), cache.Generation());
    auto found = cache.Find("2026-000001");
    ASSERT_NE(found, nullptr);
    EXPECT_EQ(found->version, 3);
    EXPECT_EQ(cache.stats().hits, 1u);
    EXPECT_EQ(cache.stats().misses, 1u);
}

TEST(CardCache, AReadBegunBeforeACommitDoesNotFillIt) {
    CardCache cache(1 << 20);
    std::uint64_t before = cache.Generation();
    // The writer commits version 2 of another card while the reader reads version 1 of this
    // one: the reader cannot tell whether its copy is still the latest, so it is not kept.
    cache.Publish({{"2026-000002", Card(2)}});
    cache.Fill("2026-000001", std::make_shared<const StoredCard>(Card(1)), before);
    EXPECT_EQ(cache.Find("2026-000001"), nullptr);
    cache.Fill("2026-000001", std::make_shared<const StoredCard>(Card(1)), cache.Generation());
    EXPECT_NE(cache.Find("2026-000001"), nullptr);
}

TEST(CardCache, PublishedCardsReplaceOlderOnes) {
    CardCache cache(1 << 20);
    cache.Fill("2026-000001", std::make_shared<const StoredCard>(Card(1)), cache.Generation());
    cache.Publish({{"2026-000001", Card(2)}, {"2026-000001", Card(3)}});
    EXPECT_EQ(cache.Find("2026-000001")->version, 3);
    EXPECT_EQ(cache.size(), 1u);
}

TEST(CardCache, WithNoCapacityItHoldsNothing) {
    CardCache cache(0);
    cache.Publish({{"2026-000001", Card(1)}});
    cache.Fill("2026-000002", std::make_shared<const StoredCard>(Card(1)), cache.Generation());
    EXPECT_EQ(cache.Find("2026-000001"), nullptr);
    EXPECT_EQ(cache.Find("2026-000002"), nullptr);
    EXPECT_EQ(cache.size(), 0u);
}

TEST(CardCache, EvictsTheLeastRecentlyUsedWhenFull) {
    CardCache cache(3 * 1000);
    for (int i = 1; i <= 3; ++i) {
        cache.Publish({{"2026-00000" + std::to_string(i), Card(1, 700)}});
    }
    ASSERT_NE(cache.Find("2026-000001"), nullptr);  // now the most recently used
    cache.Publish({{"2026-000004", Card(1, 700)}});
    EXPECT_NE(cache.Find("2026-000001"), nullptr);
    EXPECT_EQ(cache.Find("2026-000002"), nullptr);  // the least recently used went
    EXPECT_NE(cache.Find("2026-000004"), nullptr);
    EXPECT_LE(cache.stats().bytes, 3000u);
}

}  // namespace
}  // namespace redress::store
