#include "core/csv.hpp"

namespace redress::core {

CsvReader::CsvReader(std::string_view data) : data_(data) {
    // A UTF-8 byte order mark is not part of the first column's name.
    if (data_.substr(0, 3) == "\xEF\xBB\xBF") {
        pos_ = 3;
    }
}

bool CsvReader::Next(CsvRecord& record) {
    record.fields.clear();
    record.error.clear();
    if (pos_ >= data_.size()) {
        return false;
    }
    record.line = line_;
    std::string field;
    bool quoted = false;       // inside a quoted field
    bool was_quoted = false;   // the current field began with a quote
    while (pos_ < data_.size()) {
        char c = data_[pos_++];
        if (quoted) {
            if (c == '"') {
                if (pos_ < data_.size() && data_[pos_] == '"') {
                    field += '"';
                    ++pos_;
                } else {
                    quoted = false;
                }
            } else {
                if (c == '\n') {
                    ++line_;
                }
                field += c;
            }
            continue;
        }
        if (c == ',') {
            record.fields.push_back(std::move(field));
            field.clear();
            was_quoted = false;
        } else if (c == '\r' || c == '\n') {
            if (c == '\r' && pos_ < data_.size() && data_[pos_] == '\n') {
                ++pos_;
            }
            ++line_;
            record.fields.push_back(std::move(field));
            return true;
        } else if (c == '"') {
            if (field.empty() && !was_quoted) {
                quoted = true;
                was_quoted = true;
            } else {
                record.error = "stray quote in an unquoted field";
                field += c;
            }
        } else {
            if (was_quoted && record.error.empty()) {
                record.error = "text after a closing quote";
            }
            field += c;
        }
    }
    if (quoted) {
        record.error = "unterminated quoted field";
    }
    record.fields.push_back(std::move(field));
    return true;
}

void AppendCsvRecord(std::string& out, const std::vector<std::string>& fields) {
    for (std::size_t field_idx = 0; field_idx < fields.size(); ++field_idx) {
        if (field_idx != 0) {
            out += ',';
        }
        const std::string& f = fields[field_idx];
        if (f.find_first_of(",\"\r\n") == std::string::npos) {
            out += f;
            continue;
        }
        out += '"';
        for (char c : f) {
            if (c == '"') {
                out += '"';
            }
            out += c;
        }
        out += '"';
    }
    out += "\r\n";
}

}  // namespace redress::core
