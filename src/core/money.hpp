#pragma once

// Money in minor units (kopecks, luma, stotinki, cents) of the installation's one
// currency (policy.currency). In JSON and TOML it is a decimal string "1250.50", so no
// amount ever passes through a binary float.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace redress::core {

struct Money {
    std::int64_t minor = 0;

    friend auto operator<=>(const Money&, const Money&) = default;

    Money operator+(Money other) const { return Money{minor + other.minor}; }

    Money operator-(Money other) const { return Money{minor - other.minor}; }
};

// "1250.50", "1250.5", "1250", "-3.10"; at most two decimals, at most 10^13 units.
std::optional<Money> ParseMoney(std::string_view text);
// Always two decimals: "1250.50".
std::string FormatMoney(Money money);

}  // namespace redress::core
