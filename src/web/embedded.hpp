#pragma once

// Files built into the binary (web/templates, web/static, htmx, compiled catalogs),
// by their path under web/: "templates/card.mustache", "locale/ru.mo".

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace redress::web {

const std::vector<std::pair<std::string_view, std::string_view>>& EmbeddedFiles();

inline std::optional<std::string_view> Embedded(std::string_view name) {
    for (const auto& [n, bytes] : EmbeddedFiles()) {
        if (n == name) {
            return bytes;
        }
    }
    return std::nullopt;
}

}  // namespace redress::web
