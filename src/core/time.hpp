#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace redress::core {

// An instant, UTC, microsecond precision. Core never reads a clock: instants come in
// as arguments (see app::Clock).
using Timestamp = std::chrono::sys_time<std::chrono::microseconds>;
using Date = std::chrono::year_month_day;

// RFC 3339 in UTC: "2026-11-23T09:05:07Z", with ".ffffff" only when the instant has a
// fraction of a second. The same instant always formats to the same bytes, which the
// hash chain relies on.
std::string FormatRfc3339(Timestamp t);

// Accepts RFC 3339 date-times with "Z" or a numeric offset and up to 9 fraction digits
// (truncated to microseconds), and a bare "YYYY-MM-DD" as midnight UTC.
std::optional<Timestamp> ParseRfc3339(std::string_view text);

std::string FormatDate(Date d);                       // "YYYY-MM-DD"
std::optional<Date> ParseDate(std::string_view text);  // strict "YYYY-MM-DD"

inline Date DateOf(Timestamp t) {
    return Date{std::chrono::floor<std::chrono::days>(t)};
}

inline int YearOf(Timestamp t) {
    return static_cast<int>(DateOf(t).year());
}

inline Timestamp StartOf(Date d) {
    return Timestamp{std::chrono::sys_days{d}};
}

}  // namespace redress::core
