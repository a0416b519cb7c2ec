#pragma once

// An RFC 4180 CSV reader over bytes already in memory (the caller maps the file).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace redress::core {

struct CsvRecord {
    std::vector<std::string> fields;
    std::size_t line = 0;    // the physical line the record starts on, from 1
    std::string error;       // non-empty when the record is malformed; fields are then partial
};

class CsvReader {
public:
    explicit CsvReader(std::string_view data);

    // Reads the next record; false at the end of the data. A malformed record is
    // returned with `error` set, and reading resumes on the next line.
    bool Next(CsvRecord& record);

    // Bytes consumed so far (for progress).
    std::size_t offset() const { return pos_; }

private:
    std::string_view data_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
};

// Appends one record, quoting fields that need it (RFC 4180) and ending with CRLF.
void AppendCsvRecord(std::string& out, const std::vector<std::string>& fields);

}  // namespace redress::core
