#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace redress::core {

// The register number "YYYY-NNNNNN": the year and the complaint's place in that year's
// register, gap-free, from 1. A year past 999,999 complaints widens to more digits.
std::string FormatRegisterNumber(int year, std::int64_t sequence);

struct RegisterNumber {
    int year = 0;
    std::int64_t sequence = 0;
};

std::optional<RegisterNumber> ParseRegisterNumber(std::string_view text);

}  // namespace redress::core
