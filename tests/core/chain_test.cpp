#include "core/chain.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace redress::core {
namespace {

TEST(Chain, Sha256OfKnownInput) {
    EXPECT_EQ(ToHex(Sha256("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Chain, HexRoundTrip) {
    Hash h = Sha256("redress");
    EXPECT_EQ(HashFromHex(ToHex(h)), h);
    EXPECT_FALSE(HashFromHex("zz"));
    EXPECT_FALSE(HashFromHex(std::string(64, 'G')));
}

TEST(Chain, FieldBoundariesMatter) {
    // Without length prefixes these two would hash the same bytes.
    EventFields a{"2026-000001", 1, "AB", "C", "x", "{}"};
    EventFields b{"2026-000001", 1, "A", "BC", "x", "{}"};
    EXPECT_NE(EventHash(kGenesisHash, a), EventHash(kGenesisHash, b));
}

TEST(Chain, DependsOnThePreviousHash) {
    EventFields f{"2026-000001", 2, "CommentAdded", "2026-11-23T10:00:00Z", "ivanova", R"({"text":"ok"})"};
    EXPECT_NE(EventHash(kGenesisHash, f), EventHash(Sha256("other"), f));
}

// Any change of one byte in any stored field changes the event's hash.
RC_GTEST_PROP(Chain, AnySingleByteChangeIsDetected, (std::string payload, std::string actor, unsigned field, unsigned pos,
                                                       unsigned char delta)) {
    RC_PRE(delta != 0);
    std::string number = "2026-000001";
    std::string kind = "Registered";
    std::string at = "2026-11-23T10:00:00Z";
    EventFields original{number, 1, kind, at, actor, payload};
    Hash before = EventHash(kGenesisHash, original);
    std::string* targets[] = {&number, &kind, &at, &actor, &payload};
    std::string& target = *targets[field % 5];
    RC_PRE(!target.empty());
    target[pos % target.size()] = static_cast<char>(target[pos % target.size()] + delta);
    EventFields changed{number, 1, kind, at, actor, payload};
    RC_ASSERT(EventHash(kGenesisHash, changed) != before);
}

}  // namespace
}  // namespace redress::core
