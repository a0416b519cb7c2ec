#include "log/log.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace redress::log {

namespace {

std::atomic<int> min_level{static_cast<int>(Level::kInfo)};

std::string_view LevelName(Level level) {
    switch (level) {
        case Level::kDebug: return "debug";
        case Level::kInfo: return "info";
        case Level::kWarn: return "warn";
        case Level::kError: return "error";
    }
    return "info";
}

void AppendTimestamp(std::string& out) {
    auto now = std::chrono::system_clock::now();
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
    std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char buf[40];
    std::size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &utc);
    out.append(buf, n);
    std::snprintf(buf, sizeof buf, ".%06lldZ", static_cast<long long>(micros % 1000000));
    out += buf;
}

}  // namespace

void SetMinLevel(Level level) {
    min_level.store(static_cast<int>(level));
}

void AppendJsonEscaped(std::string& out, std::string_view text) {
    for (char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", c);
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
}

void Write(Level level, std::string_view message, std::initializer_list<Field> fields) {
    if (static_cast<int>(level) < min_level.load(std::memory_order_relaxed)) {
        return;
    }
    std::string line = "{\"ts\":\"";
    AppendTimestamp(line);
    line += "\",\"level\":\"";
    line += LevelName(level);
    line += "\",\"msg\":\"";
    AppendJsonEscaped(line, message);
    line += '"';
    for (const Field& f : fields) {
        line += ",\"";
        AppendJsonEscaped(line, f.key);
        line += "\":";
        if (auto s = std::get_if<std::string_view>(&f.value)) {
            line += '"';
            AppendJsonEscaped(line, *s);
            line += '"';
        } else if (auto i = std::get_if<std::int64_t>(&f.value)) {
            line += std::to_string(*i);
        } else if (auto d = std::get_if<double>(&f.value)) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.6g", *d);
            line += buf;
        } else {
            line += std::get<bool>(f.value) ? "true" : "false";
        }
    }
    line += "}\n";
    // One write(2) per line keeps concurrent lines whole.
    std::size_t written = 0;
    while (written < line.size()) {
        ssize_t n = ::write(STDERR_FILENO, line.data() + written, line.size() - written);
        if (n <= 0) {
            return;
        }
        written += static_cast<std::size_t>(n);
    }
}

}  // namespace redress::log
