#pragma once

// Import of the US CFPB Consumer Complaint Database CSV (both the current 18-column
// export and the older 12-column one), mapped onto the complaint card:
//   Product -> product, Issue -> category (Sub-product and Sub-issue kept in the history),
//   Submitted via -> channel, Company -> organisation, narrative -> statement,
//   Date received -> received_at, Complaint ID -> external_ref "CFPB-<id>",
//   the company's response, timely flag and the rest -> the imported history.
// Rows without a narrative get a statement composed from their Issue and Sub-issue.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "app/actor.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "store/store.hpp"

namespace redress::app {

struct ImportCounts {
    std::int64_t rows = 0;        // data records seen in this run
    std::int64_t imported = 0;    // registered in this run
    std::int64_t rejected = 0;    // bad rows, reported and skipped
    std::int64_t duplicates = 0;  // already in the register under the same Complaint ID
    std::int64_t resumed_from_line = 0;  // > 0 when an earlier run was interrupted
    bool already_done = false;           // this exact file was imported before
};

struct ImportOptions {
    std::int64_t chunk_rows = 5000;  // rows per transaction; progress is durable per chunk
    // After each committed chunk: bytes consumed of the file, counts so far.
    std::function<void(std::size_t bytes_done, const ImportCounts&)> progress;
    // For each rejected row: its first physical line and what is wrong.
    std::function<void(std::size_t line, const std::string& message)> rejected;
};

// Imports `data` (the whole file's bytes). Resumable: the file is known by its SHA-256,
// and each committed chunk records the next line, so a rerun after an interruption
// continues where the last durable chunk ended. kInvalidArgument if the header lacks the
// required columns.
core::Result<ImportCounts> ImportCfpb(store::Store& store,
                                      std::string_view data,
                                      std::string_view file_name,
                                      core::Timestamp now,
                                      const ImportOptions& options = {});

}  // namespace redress::app
