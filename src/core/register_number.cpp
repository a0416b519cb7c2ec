#include "core/register_number.hpp"

#include <charconv>
#include <cstdio>

namespace redress::core {

std::string FormatRegisterNumber(int year, std::int64_t sequence) {
    char buf[32];
    int n = std::snprintf(buf, sizeof buf, "%04d-%06lld", year, static_cast<long long>(sequence));
    return std::string(buf, static_cast<std::size_t>(n));
}

std::optional<RegisterNumber> ParseRegisterNumber(std::string_view text) {
    if (text.size() < 11 || text.size() > 16 || text[4] != '-') {
        return std::nullopt;
    }
    RegisterNumber out;
    auto year_end = text.data() + 4;
    auto [p1, e1] = std::from_chars(text.data(), year_end, out.year);
    if (e1 != std::errc{} || p1 != year_end) {
        return std::nullopt;
    }
    auto seq_begin = text.data() + 5;
    auto seq_end = text.data() + text.size();
    for (auto p = seq_begin; p != seq_end; ++p) {
        if (*p < '0' || *p > '9') {
            return std::nullopt;
        }
    }
    auto [p2, e2] = std::from_chars(seq_begin, seq_end, out.sequence);
    if (e2 != std::errc{} || p2 != seq_end || out.sequence < 1) {
        return std::nullopt;
    }
    // Only the canonical form is a number: "2026-000001", not "2026-1".
    if (FormatRegisterNumber(out.year, out.sequence) != text) {
        return std::nullopt;
    }
    return out;
}

}  // namespace redress::core
