#pragma once

// Structured logs: one JSON object per line on stderr, e.g.
//   {"ts":"2026-11-23T09:00:00.123456Z","level":"info","msg":"listening","address":"127.0.0.1:8080"}
// Thread-safe; each line is written with one write(2) so lines never interleave.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <variant>

namespace redress::log {

enum class Level { kDebug, kInfo, kWarn, kError };

struct Field {
    std::string_view key;
    std::variant<std::string_view, std::int64_t, double, bool> value;

    Field(std::string_view k, std::string_view v) : key(k), value(v) {}
    Field(std::string_view k, const std::string& v) : key(k), value(std::string_view(v)) {}
    Field(std::string_view k, const char* v) : key(k), value(std::string_view(v)) {}
    Field(std::string_view k, std::int64_t v) : key(k), value(v) {}
    Field(std::string_view k, int v) : key(k), value(std::int64_t{v}) {}
    Field(std::string_view k, std::uint64_t v) : key(k), value(static_cast<std::int64_t>(v)) {}
    Field(std::string_view k, double v) : key(k), value(v) {}
    Field(std::string_view k, bool v) : key(k), value(v) {}
};

void SetMinLevel(Level level);
void Write(Level level, std::string_view message, std::initializer_list<Field> fields = {});

inline void Info(std::string_view message, std::initializer_list<Field> fields = {}) {
    Write(Level::kInfo, message, fields);
}

inline void Warn(std::string_view message, std::initializer_list<Field> fields = {}) {
    Write(Level::kWarn, message, fields);
}

inline void Error(std::string_view message, std::initializer_list<Field> fields = {}) {
    Write(Level::kError, message, fields);
}

// Escapes text for a JSON string literal (without the quotes).
void AppendJsonEscaped(std::string& out, std::string_view text);

}  // namespace redress::log
