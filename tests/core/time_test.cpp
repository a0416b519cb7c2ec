#include "core/time.hpp"

#include <gtest/gtest.h>

namespace redress::core {
namespace {

TEST(Time, FormatsWholeSecondsWithoutFraction) {
    auto t = ParseRfc3339("2026-11-23T09:05:07Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(FormatRfc3339(*t), "2026-11-23T09:05:07Z");
}

TEST(Time, KeepsMicroseconds) {
    auto t = ParseRfc3339("2026-11-23T09:05:07.000250Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(FormatRfc3339(*t), "2026-11-23T09:05:07.000250Z");
}

TEST(Time, AppliesOffsets) {
    auto moscow = ParseRfc3339("2026-11-23T12:00:00+03:00");
    auto yerevan = ParseRfc3339("2026-11-23T13:00:00+04:00");
    ASSERT_TRUE(moscow && yerevan);
    EXPECT_EQ(*moscow, *yerevan);
    EXPECT_EQ(FormatRfc3339(*moscow), "2026-11-23T09:00:00Z");
}

TEST(Time, AcceptsBareDateAsMidnightUtc) {
    auto t = ParseRfc3339("2019-05-01");
    ASSERT_TRUE(t);
    EXPECT_EQ(FormatRfc3339(*t), "2019-05-01T00:00:00Z");
}

TEST(Time, TruncatesNanoseconds) {
    auto t = ParseRfc3339("2026-01-01T00:00:00.123456789Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(FormatRfc3339(*t), "2026-01-01T00:00:00.123456Z");
}

TEST(Time, RejectsMalformed) {
    for (const char* bad : {"", "2026-13-01", "2026-02-30", "2026-11-23T25:00:00Z", "2026-11-23T10:00:00",
                            "2026-11-23T10:00Z", "2026-11-23T10:00:00+3:00", "2026-11-23T10:00:00Zjunk",
                            "yesterday", "2026-11-23T10:00:00.Z"}) {
        EXPECT_FALSE(ParseRfc3339(bad)) << bad;
    }
}

TEST(Time, DateRoundTrip) {
    auto d = ParseDate("2024-02-29");
    ASSERT_TRUE(d);
    EXPECT_EQ(FormatDate(*d), "2024-02-29");
    EXPECT_FALSE(ParseDate("2023-02-29"));
}

}  // namespace
}  // namespace redress::core
