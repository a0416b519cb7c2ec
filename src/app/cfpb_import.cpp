#include "app/cfpb_import.hpp"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "app/complaints.hpp"
#include "core/chain.hpp"
#include "core/csv.hpp"

namespace redress::app {

namespace {

enum Column {
    kDateReceived,
    kProduct,
    kSubProduct,
    kIssue,
    kSubIssue,
    kNarrative,
    kPublicResponse,
    kCompany,
    kState,
    kZip,
    kTags,
    kConsent,
    kSubmittedVia,
    kDateSent,
    kResponse,
    kTimely,
    kDisputed,
    kComplaintId,
    kColumnCount,
};

// Header names per column; the older export calls the response "Company response".
const std::unordered_map<std::string_view, Column>& HeaderNames() {
    static const std::unordered_map<std::string_view, Column> kNames = {
        {"Date received", kDateReceived},
        {"Product", kProduct},
        {"Sub-product", kSubProduct},
        {"Issue", kIssue},
        {"Sub-issue", kSubIssue},
        {"Consumer complaint narrative", kNarrative},
        {"Company public response", kPublicResponse},
        {"Company", kCompany},
        {"State", kState},
        {"ZIP code", kZip},
        {"Tags", kTags},
        {"Consumer consent provided?", kConsent},
        {"Submitted via", kSubmittedVia},
        {"Date sent to company", kDateSent},
        {"Company response to consumer", kResponse},
        {"Company response", kResponse},
        {"Timely response?", kTimely},
        {"Consumer disputed?", kDisputed},
        {"Complaint ID", kComplaintId},
    };
    return kNames;
}

core::Channel ChannelOf(std::string_view submitted_via) {
    if (submitted_via == "Phone") {
        return core::Channel::kPhone;
    }
    if (submitted_via == "Postal mail" || submitted_via == "Referral") {
        return core::Channel::kLetter;  // referrals reach the company as letters from an agency
    }
    if (submitted_via == "Fax") {
        return core::Channel::kFax;
    }
    if (submitted_via == "Email") {
        return core::Channel::kEmail;
    }
    return core::Channel::kWeb;  // "Web", "Web Referral"
}

struct Mapped {
    core::RegistrationRequest request;
    core::ImportedHistory history;
};

core::Result<Mapped> MapRow(const std::vector<std::string>& fields, const std::array<int, kColumnCount>& index) {
    auto get = [&](Column c) -> const std::string& {
        static const std::string kEmpty;
        return index[c] < 0 ? kEmpty : fields[static_cast<std::size_t>(index[c])];
    };
    Mapped m;
    auto received = core::ParseDate(get(kDateReceived));
    if (!received) {
        return core::Fail(core::InvalidArgument("Date received", "date",
                                                "Date received must be a date YYYY-MM-DD, not '" +
                                                    get(kDateReceived) + "'"));
    }
    core::RegistrationRequest& r = m.request;
    r.received_at = core::StartOf(*received);
    r.received_by = core::Person{"CFPB", "Consumer Financial Protection Bureau"};
    r.channel = ChannelOf(get(kSubmittedVia));
    r.organisation = get(kCompany);
    r.product = get(kProduct);
    r.category = get(kIssue);
    r.language = "en";
    r.statement = get(kNarrative);
    if (r.statement.empty()) {
        r.statement = get(kIssue);
        if (!get(kSubIssue).empty()) {
            r.statement += ": " + get(kSubIssue);
        }
        if (!get(kSubProduct).empty()) {
            r.statement += " (" + get(kProduct) + ", " + get(kSubProduct) + ")";
        }
    }
    if (!get(kComplaintId).empty()) {
        r.external_ref = "CFPB-" + get(kComplaintId);
    }
    core::ImportedHistory& h = m.history;
    h.source = "cfpb";
    h.source_id = get(kComplaintId);
    h.submitted_via = get(kSubmittedVia);
    h.sub_product = get(kSubProduct);
    h.issue = get(kIssue);
    h.sub_issue = get(kSubIssue);
    h.date_sent_to_company = get(kDateSent);
    h.company_response = get(kResponse);
    h.company_public_response = get(kPublicResponse);
    h.timely = get(kTimely);
    h.consumer_disputed = get(kDisputed);
    h.consumer_consent = get(kConsent);
    h.tags = get(kTags);
    h.state = get(kState);
    h.zip = get(kZip);
    h.closed = h.company_response.rfind("Closed", 0) == 0 || h.company_response == "Untimely response";
    return m;
}

// One data record as the reading thread leaves it for the writing one.
struct Row {
    enum class Kind { kReady, kRejected, kDuplicate };
    Kind kind = Kind::kReady;
    std::size_t line = 0;
    std::string message;  // why it was rejected
    std::string external_ref;
    core::Registered registered;
    int year = 0;
    std::int64_t place = 0;  // the place in the year's register it was chained under
    Chained chained;
};

struct Chunk {
    std::vector<Row> rows;
    std::int64_t next_line = 0;  // the first physical line after the chunk
    std::size_t bytes_done = 0;  // of the file, when the chunk was cut (for progress)
    bool last = false;
};

// Hands chunks from the reading thread to the writing one; holds at most `capacity`, so
// that reading runs ahead of writing by a bounded amount of memory.
class ChunkQueue {
public:
    explicit ChunkQueue(std::size_t capacity) : capacity_(capacity) {}

    // False when the queue was closed: the writer has stopped. Frees the chunks the
    // writer has handed back, so that the writer does not spend its time freeing them.
    bool Push(Chunk chunk) {
        std::vector<Chunk> spent;
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return closed_ || chunks_.size() < capacity_; });
        if (closed_) {
            return false;
        }
        chunks_.push_back(std::move(chunk));
        spent.swap(spent_);
        changed_.notify_all();
        lock.unlock();
        return true;
    }

    void Recycle(Chunk chunk) {
        std::lock_guard lock(mutex_);
        spent_.push_back(std::move(chunk));
    }

    // Empty once the queue is closed and drained.
    std::optional<Chunk> Pop() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] { return closed_ || !chunks_.empty(); });
        if (chunks_.empty()) {
            return std::nullopt;
        }
        Chunk chunk = std::move(chunks_.front());
        chunks_.pop_front();
        changed_.notify_all();
        return chunk;
    }

    void Close() {
        std::lock_guard lock(mutex_);
        closed_ = true;
        changed_.notify_all();
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<Chunk> chunks_;
    std::vector<Chunk> spent_;
    std::size_t capacity_;
    bool closed_ = false;
};

}  // namespace

// Two threads: this one writes, a second reads the file and works out each registration
// (mapping, validation, the event, its hash, the card and its JSON) under the place in the
// register it predicts. The writer checks each prediction against the place the
// transaction hands out and, where they differ (another process registered complaints
// meanwhile), moves the registration to the right one (MoveToPlace). The writer's own
// work is then only the inserts.
core::Result<ImportCounts> ImportCfpb(store::Store& store,
                                      std::string_view data,
                                      std::string_view file_name,
                                      core::Timestamp now,
                                      const ImportOptions& options) {
    const Actor actor{"system:import", "CFPB import", "", "", core::Role::kAuditor, "en"};
    const std::string sha = core::ToHex(core::Sha256(data));
    ImportCounts counts;
    store::ImportProgress progress{sha, std::string(file_name), 0, 0, 0, false};
    if (auto previous = store.Read()->FindImport(sha)) {
        progress = *previous;
        if (previous->done) {
            counts.already_done = true;
            return counts;
        }
        counts.resumed_from_line = previous->next_line;
    }

    core::CsvReader reader(data);
    core::CsvRecord header;
    if (!reader.Next(header) || !header.error.empty()) {
        return core::Fail(core::InvalidArgument("header", "csv", "the file has no CSV header line"));
    }
    std::array<int, kColumnCount> index;
    index.fill(-1);
    for (std::size_t col_idx = 0; col_idx < header.fields.size(); ++col_idx) {
        auto it = HeaderNames().find(header.fields[col_idx]);
        if (it != HeaderNames().end()) {
            index[it->second] = static_cast<int>(col_idx);
        }
    }
    for (Column required : {kDateReceived, kProduct, kIssue}) {
        if (index[required] < 0) {
            return core::Fail(core::InvalidArgument(
                "header", "columns", "the header lacks the CFPB columns Date received, Product and Issue"));
        }
    }
    const std::size_t width = header.fields.size();
    RegisterOptions register_options;
    register_options.source = "import";
    register_options.mode = core::ValidationMode::kImport;
    register_options.acknowledge = false;

    // The reading thread's work, in three steps per chunk. First each record alone:
    // mapped, validated, made into the Registered event (without its number).
    auto parse = [&](const core::CsvRecord& record, Row& row) {
        row.line = record.line;
        auto reject = [&](std::string message) {
            row.kind = Row::Kind::kRejected;
            row.message = std::move(message);
        };
        if (!record.error.empty()) {
            return reject(record.error);
        }
        if (record.fields.size() != width) {
            return reject("expected " + std::to_string(width) + " fields, found " +
                          std::to_string(record.fields.size()));
        }
        auto mapped = MapRow(record.fields, index);
        if (!mapped) {
            return reject(mapped.error().message);
        }
        if (auto valid = core::ValidateRegistration(mapped->request, register_options.mode, now); !valid) {
            const core::Error& e = valid.error();
            return reject(e.field.empty() ? e.message : e.field + ": " + e.message);
        }
        row.external_ref = mapped->request.external_ref;
        RegisterOptions with_history = register_options;
        with_history.imported = std::move(mapped->history);
        row.registered = RegisteredFrom(mapped->request, actor, now, with_history);
        row.year = RegisterYear(row.registered);
    };
    // Then the chunk against the register, in one short snapshot: a snapshot held while
    // the chunk is worked out would keep the log from being checkpointed, and it would
    // grow for the whole import. Rows already registered (by an earlier file, or earlier in
    // this one) are marked, and each year met for the first time gets its last place.
    std::unordered_set<std::string> seen;
    std::map<int, std::int64_t> last_place;
    auto resolve = [&](Chunk& chunk) {
        auto read = store.Read();
        for (Row& row : chunk.rows) {
            if (row.kind != Row::Kind::kReady) {
                continue;
            }
            if (!row.external_ref.empty() &&
                (!seen.insert(row.external_ref).second || read->FindByExternalRef(row.external_ref))) {
                row.kind = Row::Kind::kDuplicate;
                continue;
            }
            if (!last_place.contains(row.year)) {
                last_place[row.year] = read->LastInYear(row.year);
            }
        }
    };
    // Last, each registration chained under its predicted place.
    auto chain = [&](Chunk& chunk) {
        for (Row& row : chunk.rows) {
            if (row.kind == Row::Kind::kReady) {
                row.place = ++last_place[row.year];
                row.chained = ChainRegistration(row.registered, row.place, actor, now, register_options);
                row.chained.card = {};  // only its row is written
            }
        }
    };

    const std::int64_t resume_line = progress.next_line;  // the writer moves progress on
    const auto chunk_rows = static_cast<std::size_t>(std::max<std::int64_t>(options.chunk_rows, 1));
    ChunkQueue queue(2);
    std::exception_ptr reading_failed;
    std::thread reading([&] {
        try {
            core::CsvRecord record;
            std::int64_t next_line = resume_line;
            bool more = true;
            // The first chunks are small, so that the writer starts while the rest is read;
            // each is twice the last up to `chunk_rows`.
            std::size_t this_chunk = std::min<std::size_t>(chunk_rows, 256);
            while (more) {
                Chunk chunk;
                chunk.rows.reserve(this_chunk);
                while (chunk.rows.size() < this_chunk && (more = reader.Next(record))) {
                    const auto line = static_cast<std::int64_t>(record.line);
                    if (line < resume_line) {
                        continue;  // committed by an earlier run
                    }
                    // A resumed import starts at the record after the chunk's last: any line
                    // past that record's first will do, even one inside it.
                    next_line = line + 1;
                    if (record.fields.size() == 1 && record.fields[0].empty()) {
                        continue;  // a blank line
                    }
                    parse(record, chunk.rows.emplace_back());
                }
                chunk.next_line = next_line;
                chunk.bytes_done = reader.offset();
                chunk.last = !more;
                resolve(chunk);
                chain(chunk);
                if (!queue.Push(std::move(chunk))) {
                    return;
                }
                this_chunk = std::min(chunk_rows, this_chunk * 2);
            }
        } catch (...) {
            reading_failed = std::current_exception();
        }
        queue.Close();
    });
    // However the writing ends, the reading thread is stopped and joined.
    struct Join {
        ChunkQueue& queue;
        std::thread& thread;
        ~Join() {
            queue.Close();
            thread.join();
        }
    } join{queue, reading};

    while (auto chunk = queue.Pop()) {
        auto tx = store.BeginWrite();
        for (Row& row : chunk->rows) {
            ++counts.rows;
            if (row.kind == Row::Kind::kRejected) {
                ++counts.rejected;
                ++progress.rows_rejected;
                if (options.rejected) {
                    options.rejected(row.line, row.message);
                }
                continue;
            }
            // Asked again here, in the transaction: the reading thread's snapshot cannot
            // see a complaint another process registered since under the same reference.
            if (row.kind == Row::Kind::kDuplicate ||
                (!row.external_ref.empty() && tx->FindByExternalRef(row.external_ref))) {
                ++counts.duplicates;
                continue;
            }
            std::int64_t place = tx->NextInYear(row.year);
            if (place != row.place && !MoveToPlace(row.chained, row.year, place)) {
                row.chained = ChainRegistration(row.registered, place, actor, now, register_options);
            }
            Write(*tx, row.chained);
            ++counts.imported;
            ++progress.rows_imported;
        }
        progress.next_line = chunk->next_line;
        progress.done = chunk->last;
        tx->SaveImport(progress);
        tx->Commit();
        tx.reset();
        if (options.progress) {
            options.progress(chunk->bytes_done, counts);
        }
        queue.Recycle(std::move(*chunk));
    }
    if (reading_failed) {
        std::rethrow_exception(reading_failed);
    }
    return counts;
}

}  // namespace redress::app
