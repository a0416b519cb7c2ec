#pragma once

// Business time: a site's time zone, working days and hours, and holidays. Deadlines
// (DOMAIN §4) count working time on it: "1 working day" received on Friday at 16:00
// falls due on Monday at 16:00, and never on a holiday.

#include <array>
#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace redress::core {

// A time zone's UTC offsets over time, read from a TZif file's bytes (RFC 8536). Times
// after the last transition keep its offset: Debian's zoneinfo lists transitions to 2037.
class TimeZone {
public:
    TimeZone() = default;  // UTC
    static Result<TimeZone> FromTzif(std::string name, std::string_view bytes);
    static TimeZone Fixed(std::string name, std::chrono::seconds offset);

    const std::string& name() const { return name_; }
    std::chrono::seconds OffsetAt(Timestamp utc) const;
    // Local wall-clock time as if it were UTC, and back.
    Timestamp ToLocal(Timestamp utc) const { return utc + OffsetAt(utc); }
    Timestamp FromLocal(Timestamp local) const;

private:
    std::string name_ = "UTC";
    std::vector<std::int64_t> transitions_;       // UTC seconds, ascending
    std::vector<std::int32_t> offsets_;           // offset from each transition on
    std::int32_t initial_offset_ = 0;             // before the first transition
};

struct BusinessCalendar {
    TimeZone zone;
    std::array<bool, 7> working_days{false, true, true, true, true, true, false};  // by weekday, Sunday = 0
    std::chrono::minutes opens{9 * 60};
    std::chrono::minutes closes{18 * 60};
    std::set<std::chrono::sys_days> holidays;  // local dates

    std::chrono::minutes DayLength() const { return closes - opens; }
    bool IsWorkingDay(std::chrono::sys_days local_day) const;
    // The local date of an instant.
    Date LocalDate(Timestamp utc) const { return Date{std::chrono::floor<std::chrono::days>(zone.ToLocal(utc))}; }
};

// `start` plus `amount` of working time. Time before opening counts from opening; time
// after closing, or on a day off, from the next working day's opening.
Timestamp AddWorkingTime(const BusinessCalendar& calendar, Timestamp start, std::chrono::minutes amount);

}  // namespace redress::core
