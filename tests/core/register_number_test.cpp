#include "core/register_number.hpp"

#include <gtest/gtest.h>

namespace redress::core {
namespace {

TEST(RegisterNumber, FormatsYearAndSixDigits) {
    EXPECT_EQ(FormatRegisterNumber(2026, 1), "2026-000001");
    EXPECT_EQ(FormatRegisterNumber(2026, 999999), "2026-999999");
    EXPECT_EQ(FormatRegisterNumber(2026, 1234567), "2026-1234567");  // widens past a million
}

TEST(RegisterNumber, ParsesOnlyTheCanonicalForm) {
    auto n = ParseRegisterNumber("2019-004758");
    ASSERT_TRUE(n);
    EXPECT_EQ(n->year, 2019);
    EXPECT_EQ(n->sequence, 4758);
    for (const char* bad : {"2019-4758", "2019-000000", "19-000001", "2019_000001", "2019-00000a", "", "2019-"}) {
        EXPECT_FALSE(ParseRegisterNumber(bad)) << bad;
    }
}

}  // namespace
}  // namespace redress::core
