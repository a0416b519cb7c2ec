#include "core/time.hpp"

#include <charconv>
#include <cstdio>

namespace redress::core {

namespace {

bool ParseDigits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > text.size()) {
        return false;
    }
    int value = 0;
    for (std::size_t digit_idx = 0; digit_idx < count; ++digit_idx) {
        char c = text[pos + digit_idx];
        if (c < '0' || c > '9') {
            return false;
        }
        value = value * 10 + (c - '0');
    }
    out = value;
    return true;
}

}  // namespace

std::string FormatDate(Date d) {
    char buf[16];
    std::snprintf(buf,
                  sizeof buf,
                  "%04d-%02u-%02u",
                  static_cast<int>(d.year()),
                  static_cast<unsigned>(d.month()),
                  static_cast<unsigned>(d.day()));
    return buf;
}

std::optional<Date> ParseDate(std::string_view text) {
    int y = 0;
    int m = 0;
    int d = 0;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !ParseDigits(text, 0, 4, y) ||
        !ParseDigits(text, 5, 2, m) || !ParseDigits(text, 8, 2, d)) {
        return std::nullopt;
    }
    Date date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(m)},
              std::chrono::day{static_cast<unsigned>(d)}};
    if (!date.ok()) {
        return std::nullopt;
    }
    return date;
}

std::string FormatRfc3339(Timestamp t) {
    auto day = std::chrono::floor<std::chrono::days>(t);
    Date date{day};
    std::chrono::hh_mm_ss<std::chrono::microseconds> tod{t - day};
    char buf[40];
    int n = std::snprintf(buf,
                          sizeof buf,
                          "%sT%02d:%02d:%02d",
                          FormatDate(date).c_str(),
                          static_cast<int>(tod.hours().count()),
                          static_cast<int>(tod.minutes().count()),
                          static_cast<int>(tod.seconds().count()));
    std::string out(buf, static_cast<std::size_t>(n));
    auto micros = tod.subseconds().count();
    if (micros != 0) {
        std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(micros));
        out += buf;
    }
    out += 'Z';
    return out;
}

std::optional<Timestamp> ParseRfc3339(std::string_view text) {
    auto date = ParseDate(text.substr(0, 10));
    if (!date) {
        return std::nullopt;
    }
    if (text.size() == 10) {
        return StartOf(*date);
    }
    int hh = 0;
    int mm = 0;
    int ss = 0;
    if (text.size() < 20 || (text[10] != 'T' && text[10] != 't' && text[10] != ' ') ||
        text[13] != ':' || text[16] != ':' || !ParseDigits(text, 11, 2, hh) ||
        !ParseDigits(text, 14, 2, mm) || !ParseDigits(text, 17, 2, ss) || hh > 23 || mm > 59 ||
        ss > 60) {
        return std::nullopt;
    }
    if (ss == 60) {
        ss = 59;  // a leap second is kept inside its minute
    }
    std::size_t pos = 19;
    long long micros = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        std::size_t digits = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (digits < 6) {
                micros = micros * 10 + (text[pos] - '0');
            }
            ++digits;
            ++pos;
        }
        if (digits == 0 || digits > 9) {
            return std::nullopt;
        }
        for (std::size_t pad = digits; pad < 6; ++pad) {
            micros *= 10;
        }
    }
    if (pos >= text.size()) {
        return std::nullopt;
    }
    std::chrono::minutes offset{0};
    if (text[pos] == 'Z' || text[pos] == 'z') {
        ++pos;
    } else if (text[pos] == '+' || text[pos] == '-') {
        int oh = 0;
        int om = 0;
        if (pos + 6 != text.size() || text[pos + 3] != ':' || !ParseDigits(text, pos + 1, 2, oh) ||
            !ParseDigits(text, pos + 4, 2, om) || oh > 23 || om > 59) {
            return std::nullopt;
        }
        offset = std::chrono::hours{oh} + std::chrono::minutes{om};
        if (text[pos] == '-') {
            offset = -offset;
        }
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != text.size()) {
        return std::nullopt;
    }
    Timestamp t = StartOf(*date) + std::chrono::hours{hh} + std::chrono::minutes{mm} +
                  std::chrono::seconds{ss} + std::chrono::microseconds{micros};
    return t - offset;
}

}  // namespace redress::core
