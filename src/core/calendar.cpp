#include "core/calendar.hpp"

#include <algorithm>

namespace redress::core {

namespace {

std::int64_t BigEndian(std::string_view bytes, std::size_t at, std::size_t width) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < width; ++i) {
        v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
    }
    if (width == 4) {
        return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
    }
    return static_cast<std::int64_t>(v);
}

Error BadTzif(const std::string& name, std::string_view why) {
    return InvalidArgument("time_zone", "tzif", "time zone " + name + " is not a valid TZif file: " + std::string(why));
}

}  // namespace

TimeZone TimeZone::Fixed(std::string name, std::chrono::seconds offset) {
    TimeZone zone;
    zone.name_ = std::move(name);
    zone.initial_offset_ = static_cast<std::int32_t>(offset.count());
    return zone;
}

Result<TimeZone> TimeZone::FromTzif(std::string name, std::string_view bytes) {
    constexpr std::size_t kHeader = 44;
    if (bytes.size() < kHeader || bytes.substr(0, 4) != "TZif") {
        return Fail(BadTzif(name, "no TZif header"));
    }
    auto counts = [&](std::size_t at) {
        std::array<std::int64_t, 6> c{};
        for (std::size_t i = 0; i < 6; ++i) {
            c[i] = BigEndian(bytes, at + 20 + 4 * i, 4);
        }
        return c;  // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
    };
    auto c1 = counts(0);
    std::size_t time_width = 4;
    std::size_t at = kHeader;
    auto c = c1;
    if (bytes[4] >= '2') {
        // Skip the 32-bit block; the 64-bit one that follows is complete.
        std::size_t v1 = static_cast<std::size_t>(c1[3] * 5 + c1[4] * 6 + c1[5] + c1[2] * 8 + c1[1] + c1[0]);
        at = kHeader + v1;
        if (bytes.size() < at + kHeader || bytes.substr(at, 4) != "TZif") {
            return Fail(BadTzif(name, "no second header"));
        }
        c = counts(at);
        at += kHeader;
        time_width = 8;
    }
    const auto timecnt = static_cast<std::size_t>(c[3]);
    const auto typecnt = static_cast<std::size_t>(c[4]);
    if (typecnt == 0 || bytes.size() < at + timecnt * (time_width + 1) + typecnt * 6) {
        return Fail(BadTzif(name, "truncated"));
    }
    std::vector<std::int32_t> type_offsets(typecnt);
    std::vector<bool> type_dst(typecnt);
    std::size_t types_at = at + timecnt * (time_width + 1);
    for (std::size_t i = 0; i < typecnt; ++i) {
        type_offsets[i] = static_cast<std::int32_t>(BigEndian(bytes, types_at + 6 * i, 4));
        type_dst[i] = bytes[types_at + 6 * i + 4] != 0;
    }
    TimeZone zone;
    zone.name_ = std::move(name);
    zone.initial_offset_ = type_offsets[0];
    for (std::size_t i = 0; i < typecnt; ++i) {
        if (!type_dst[i]) {
            zone.initial_offset_ = type_offsets[i];
            break;
        }
    }
    zone.transitions_.reserve(timecnt);
    zone.offsets_.reserve(timecnt);
    for (std::size_t i = 0; i < timecnt; ++i) {
        auto type = static_cast<std::size_t>(static_cast<unsigned char>(bytes[at + timecnt * time_width + i]));
        if (type >= typecnt) {
            return Fail(BadTzif(name, "transition names an unknown type"));
        }
        zone.transitions_.push_back(BigEndian(bytes, at + i * time_width, time_width));
        zone.offsets_.push_back(type_offsets[type]);
    }
    return zone;
}

std::chrono::seconds TimeZone::OffsetAt(Timestamp utc) const {
    auto secs = std::chrono::floor<std::chrono::seconds>(utc).time_since_epoch().count();
    auto it = std::upper_bound(transitions_.begin(), transitions_.end(), secs);
    if (it == transitions_.begin()) {
        return std::chrono::seconds{initial_offset_};
    }
    return std::chrono::seconds{offsets_[static_cast<std::size_t>(it - transitions_.begin() - 1)]};
}

Timestamp TimeZone::FromLocal(Timestamp local) const {
    // Two steps settle the offset except inside a DST gap, where any nearby instant will do.
    Timestamp guess = local - OffsetAt(local);
    return local - OffsetAt(guess);
}

bool BusinessCalendar::IsWorkingDay(std::chrono::sys_days local_day) const {
    unsigned weekday = std::chrono::weekday{local_day}.c_encoding();
    return working_days[weekday] && !holidays.contains(local_day);
}

Timestamp AddWorkingTime(const BusinessCalendar& calendar, Timestamp start, std::chrono::minutes amount) {
    using namespace std::chrono;
    Timestamp local = calendar.zone.ToLocal(start);
    sys_days day = floor<days>(local);
    auto minute = duration_cast<microseconds>(local - Timestamp{day});
    microseconds left = amount;
    // Ten years of days is far beyond any deadline; the bound only guards a calendar
    // with no working day at all.
    for (int i = 0; i < 3660; ++i) {
        if (calendar.IsWorkingDay(day) && calendar.DayLength() > minutes{0}) {
            if (minute < calendar.opens) {
                minute = calendar.opens;
            }
            if (minute < calendar.closes) {
                microseconds available = calendar.closes - minute;
                if (left <= available) {
                    return calendar.zone.FromLocal(Timestamp{day} + minute + left);
                }
                left -= available;
            }
        }
        day += days{1};
        minute = microseconds{0};
    }
    return start + amount;
}

}  // namespace redress::core
