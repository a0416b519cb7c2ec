// redress_scale_cfpb: scales a real CFPB complaints CSV up to N rows for benchmarks.
//
//   redress_scale_cfpb INPUT.csv OUTPUT.csv [--rows N] [--seed S] [--first-id ID]
//
// What the output is, exactly:
//   * The header line of INPUT, unchanged.
//   * N data rows (default 1,000,000). Each is a copy of a real row of INPUT, picked
//     uniformly at random WITH replacement (std::mt19937_64, seed S, default 1; the same
//     seed gives the same file).
//   * In each copy two fields are rewritten and every other field is kept verbatim
//     (narrative, company, product, issue, dates sent, response, ...):
//       - "Complaint ID" becomes a fresh unique integer: FIRST_ID + row index
//         (default FIRST_ID 100000000, far above any real CFPB id, so a synthetic row can
//         never collide with a real one, nor be taken for one);
//       - "Date received" is spread evenly over the input's own range of dates received
//         (row i gets day  min + floor(i * (max - min + 1) / N)), so the output is sorted
//         by date received as the CFPB's files are, and each day holds about N / days rows.
//   * RFC 4180, CRLF line ends, a field quoted only when it holds a comma, a quote, CR or
//     LF (so values round-trip byte-exact through any RFC 4180 reader).
//
// The text is therefore real CFPB text, repeated: about N / rows(INPUT) copies of each
// input row. That is fine for throughput and latency (sizes, value distributions and
// index shapes are the real ones), but not for anything measuring text diversity.
//
// The parser here is deliberately independent of the one under test (src/core/csv.cpp).
// A malformed input row stops the program (exit 1) rather than being copied.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace {

[[noreturn]] void Die(const std::string& message) {
    std::fprintf(stderr, "redress_scale_cfpb: %s\n", message.c_str());
    std::exit(1);
}

std::string ReadFile(const char* path) {
    std::FILE* f = std::fopen(path, "rb");
    if (!f) {
        Die(std::string("cannot open ") + path + ": " + std::strerror(errno));
    }
    std::string data;
    char buffer[1 << 16];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) {
        data.append(buffer, n);
    }
    if (std::ferror(f)) {
        Die(std::string("cannot read ") + path);
    }
    std::fclose(f);
    return data;
}

using Record = std::vector<std::string>;

// One RFC 4180 record from data at pos; false at the end. Accepts LF or CRLF line ends.
bool NextRecord(std::string_view data, std::size_t& pos, Record& out, std::size_t& line) {
    out.clear();
    if (pos >= data.size()) {
        return false;
    }
    std::string field;
    const std::size_t start_line = line;
    while (true) {
        if (pos < data.size() && data[pos] == '"') {
            ++pos;
            while (true) {
                if (pos >= data.size()) {
                    Die("line " + std::to_string(start_line) + ": quoted field not closed");
                }
                char c = data[pos++];
                if (c == '"') {
                    if (pos < data.size() && data[pos] == '"') {
                        field.push_back('"');
                        ++pos;
                        continue;
                    }
                    break;
                }
                if (c == '\n') {
                    ++line;
                }
                field.push_back(c);
            }
            if (pos < data.size() && data[pos] != ',' && data[pos] != '\r' && data[pos] != '\n') {
                Die("line " + std::to_string(start_line) + ": text after a closing quote");
            }
        } else {
            std::size_t end = pos;
            while (end < data.size() && data[end] != ',' && data[end] != '\r' && data[end] != '\n') {
                ++end;
            }
            field.assign(data.substr(pos, end - pos));
            pos = end;
        }
        out.push_back(std::move(field));
        field.clear();
        if (pos >= data.size()) {
            return true;
        }
        char c = data[pos++];
        if (c == ',') {
            continue;
        }
        if (c == '\r' && pos < data.size() && data[pos] == '\n') {
            ++pos;
        }
        ++line;
        return true;
    }
}

void AppendField(std::string& out, std::string_view field) {
    if (field.find_first_of(",\"\r\n") == std::string_view::npos) {
        out.append(field);
        return;
    }
    out.push_back('"');
    for (char c : field) {
        if (c == '"') {
            out.push_back('"');
        }
        out.push_back(c);
    }
    out.push_back('"');
}

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void CivilFromDays(std::int64_t z, int& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2));
}

// "YYYY-MM-DD" (what the committed files use) or the CFPB's "MM/DD/YYYY"; -1 if neither.
bool ParseDay(std::string_view s, std::int64_t& days) {
    auto digits = [&](std::size_t at, std::size_t n, unsigned& v) {
        v = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (s[i] < '0' || s[i] > '9') {
                return false;
            }
            v = v * 10 + static_cast<unsigned>(s[i] - '0');
        }
        return true;
    };
    unsigned y = 0, m = 0, d = 0;
    if (s.size() == 10 && s[4] == '-' && s[7] == '-') {
        if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) {
            return false;
        }
    } else if (s.size() == 10 && s[2] == '/' && s[5] == '/') {
        if (!digits(6, 4, y) || !digits(0, 2, m) || !digits(3, 2, d)) {
            return false;
        }
    } else {
        return false;
    }
    if (m < 1 || m > 12 || d < 1 || d > 31) {
        return false;
    }
    days = DaysFromCivil(y, m, d);
    return true;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> positional(2);
    std::int64_t rows = 1000000;
    std::uint64_t seed = 1;
    std::int64_t first_id = 100000000;
    CLI::App app{"Resamples the real rows of INPUT with replacement up to N rows, giving each a fresh unique "
                 "Complaint ID and a Date received spread evenly over INPUT's own range; every other field is "
                 "copied verbatim.",
                 "redress_scale_cfpb"};
    app.add_option("INPUT", positional[0], "The real CFPB CSV")->required();
    app.add_option("OUTPUT", positional[1], "The CSV to write")->required();
    app.add_option("--rows", rows, "Rows to write")->capture_default_str()->check(CLI::Range(std::int64_t{1}, INT64_MAX));
    app.add_option("--seed", seed, "Random seed (the same seed gives the same file)")->capture_default_str();
    app.add_option("--first-id", first_id, "The first Complaint ID")->capture_default_str()->check(CLI::NonNegativeNumber);
    CLI11_PARSE(app, argc, argv);
    const auto started = std::chrono::steady_clock::now();

    const std::string data = ReadFile(positional[0].c_str());
    std::size_t pos = 0;
    std::size_t line = 1;
    if (data.size() >= 3 && std::memcmp(data.data(), "\xEF\xBB\xBF", 3) == 0) {
        pos = 3;  // a UTF-8 byte order mark stays out of the parsed header; it is written back below
    }
    Record header;
    if (!NextRecord(data, pos, header, line)) {
        Die("the input is empty");
    }
    int id_col = -1;
    int date_col = -1;
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i] == "Complaint ID") {
            id_col = static_cast<int>(i);
        } else if (header[i] == "Date received") {
            date_col = static_cast<int>(i);
        }
    }
    if (id_col < 0 || date_col < 0) {
        Die("the header has no 'Complaint ID' or no 'Date received' column: not a CFPB export");
    }

    std::vector<Record> source;
    std::int64_t min_day = INT64_MAX;
    std::int64_t max_day = INT64_MIN;
    bool iso = true;
    Record record;
    while (NextRecord(data, pos, record, line)) {
        if (record.size() == 1 && record[0].empty()) {
            continue;  // blank line
        }
        if (record.size() != header.size()) {
            Die("line " + std::to_string(line - 1) + ": " + std::to_string(record.size()) + " fields, header has " +
                std::to_string(header.size()));
        }
        std::int64_t day = 0;
        if (ParseDay(record[static_cast<std::size_t>(date_col)], day)) {
            min_day = std::min(min_day, day);
            max_day = std::max(max_day, day);
            iso = record[static_cast<std::size_t>(date_col)][4] == '-';
        }
        source.push_back(std::move(record));
        record = Record();
    }
    if (source.empty()) {
        Die("the input has a header but no rows");
    }
    if (min_day > max_day) {
        Die("no row has a readable Date received");
    }
    const std::int64_t span = max_day - min_day + 1;

    std::FILE* out = std::fopen(positional[1].c_str(), "wb");
    if (!out) {
        Die("cannot create " + positional[1] + ": " + std::strerror(errno));
    }
    std::string buffer;
    buffer.reserve(1 << 22);
    auto flush = [&] {
        if (std::fwrite(buffer.data(), 1, buffer.size(), out) != buffer.size()) {
            Die("cannot write " + positional[1] + ": " + std::strerror(errno));
        }
        buffer.clear();
    };
    if (pos > 0 && data.compare(0, 3, "\xEF\xBB\xBF") == 0) {
        buffer.append("\xEF\xBB\xBF");
    }
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (i > 0) {
            buffer.push_back(',');
        }
        AppendField(buffer, header[i]);
    }
    buffer.append("\r\n");

    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::size_t> pick(0, source.size() - 1);
    char date[16];
    for (std::int64_t i = 0; i < rows; ++i) {
        const Record& row = source[pick(rng)];
        const std::int64_t day =
            min_day + static_cast<std::int64_t>((static_cast<__int128>(i) * span) / rows);
        int y = 0;
        unsigned m = 0, d = 0;
        CivilFromDays(day, y, m, d);
        if (iso) {
            std::snprintf(date, sizeof date, "%04d-%02u-%02u", y, m, d);
        } else {
            std::snprintf(date, sizeof date, "%02u/%02u/%04d", m, d, y);
        }
        const std::string id = std::to_string(first_id + i);
        for (std::size_t c = 0; c < row.size(); ++c) {
            if (c > 0) {
                buffer.push_back(',');
            }
            if (static_cast<int>(c) == id_col) {
                buffer.append(id);
            } else if (static_cast<int>(c) == date_col) {
                buffer.append(date);
            } else {
                AppendField(buffer, row[c]);
            }
        }
        buffer.append("\r\n");
        if (buffer.size() >= (1u << 22) - (1u << 16)) {
            flush();
        }
    }
    flush();
    if (std::fclose(out) != 0) {
        Die("cannot close " + positional[1] + ": " + std::strerror(errno));
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    int y0 = 0, y1 = 0;
    unsigned m0 = 0, d0 = 0, m1 = 0, d1 = 0;
    CivilFromDays(min_day, y0, m0, d0);
    CivilFromDays(max_day, y1, m1, d1);
    std::fprintf(stderr,
                 "redress_scale_cfpb: %lld rows resampled from %zu real rows, received %04d-%02u-%02u to "
                 "%04d-%02u-%02u, Complaint ID %lld to %lld, seed %llu, in %.2f s\n",
                 static_cast<long long>(rows), source.size(), y0, m0, d0, y1, m1, d1,
                 static_cast<long long>(first_id), static_cast<long long>(first_id + rows - 1),
                 static_cast<unsigned long long>(seed), seconds);
    return 0;
}
