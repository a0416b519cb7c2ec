#include "core/money.hpp"

#include <cstdio>
#include <cstdlib>

namespace redress::core {

std::optional<Money> ParseMoney(std::string_view text) {
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    if (text.empty()) {
        return std::nullopt;
    }
    std::int64_t units = 0;
    std::size_t pos = 0;
    std::size_t int_digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (++int_digits > 13) {
            return std::nullopt;
        }
        units = units * 10 + (text[pos] - '0');
        ++pos;
    }
    if (int_digits == 0) {
        return std::nullopt;
    }
    std::int64_t cents = 0;
    if (pos < text.size()) {
        if (text[pos] != '.') {
            return std::nullopt;
        }
        ++pos;
        std::size_t decimals = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (++decimals > 2) {
                return std::nullopt;
            }
            cents = cents * 10 + (text[pos] - '0');
            ++pos;
        }
        if (decimals == 0 || pos != text.size()) {
            return std::nullopt;
        }
        if (decimals == 1) {
            cents *= 10;
        }
    }
    std::int64_t minor = units * 100 + cents;
    return Money{negative ? -minor : minor};
}

std::string FormatMoney(Money money) {
    std::int64_t minor = money.minor;
    bool negative = minor < 0;
    if (negative) {
        minor = -minor;
    }
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s%lld.%02lld", negative ? "-" : "", static_cast<long long>(minor / 100),
                  static_cast<long long>(minor % 100));
    return buf;
}

}  // namespace redress::core
