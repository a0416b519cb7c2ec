#include "app/cfpb_import.hpp"

#include <array>
#include <unordered_map>

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

}  // namespace

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
    core::CsvRecord record;
    if (!reader.Next(record) || !record.error.empty()) {
        return core::Fail(core::InvalidArgument("header", "csv", "the file has no CSV header line"));
    }
    std::array<int, kColumnCount> index;
    index.fill(-1);
    for (std::size_t col_idx = 0; col_idx < record.fields.size(); ++col_idx) {
        auto it = HeaderNames().find(record.fields[col_idx]);
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
    const std::size_t width = record.fields.size();

    auto tx = store.BeginWrite();
    std::int64_t in_chunk = 0;
    auto commit_chunk = [&](std::int64_t next_line, bool done) {
        progress.next_line = next_line;
        progress.done = done;
        tx->SaveImport(progress);
        tx->Commit();
        if (options.progress) {
            options.progress(reader.offset(), counts);
        }
        tx.reset();  // the next transaction waits for this one's lock
        if (!done) {
            tx = store.BeginWrite();
        }
        in_chunk = 0;
    };
    auto reject = [&](std::size_t line, const std::string& message) {
        ++counts.rejected;
        ++progress.rows_rejected;
        if (options.rejected) {
            options.rejected(line, message);
        }
    };
    while (reader.Next(record)) {
        if (static_cast<std::int64_t>(record.line) < progress.next_line) {
            continue;  // committed by an earlier run
        }
        if (record.fields.size() == 1 && record.fields[0].empty()) {
            continue;  // a blank line
        }
        ++counts.rows;
        if (in_chunk == options.chunk_rows) {
            commit_chunk(static_cast<std::int64_t>(record.line), false);
        }
        ++in_chunk;
        if (!record.error.empty()) {
            reject(record.line, record.error);
            continue;
        }
        if (record.fields.size() != width) {
            reject(record.line, "expected " + std::to_string(width) + " fields, found " +
                                    std::to_string(record.fields.size()));
            continue;
        }
        auto mapped = MapRow(record.fields, index);
        if (!mapped) {
            reject(record.line, mapped.error().message);
            continue;
        }
        if (!mapped->request.external_ref.empty()) {
            if (tx->FindByExternalRef(mapped->request.external_ref)) {
                ++counts.duplicates;
                continue;
            }
        }
        RegisterOptions register_options;
        register_options.source = "import";
        register_options.mode = core::ValidationMode::kImport;
        register_options.acknowledge = false;
        register_options.imported = std::move(mapped->history);
        auto card = RegisterComplaint(*tx, mapped->request, actor, now, register_options);
        if (!card) {
            const core::Error& e = card.error();
            reject(record.line, e.field.empty() ? e.message : e.field + ": " + e.message);
            continue;
        }
        ++counts.imported;
        ++progress.rows_imported;
    }
    commit_chunk(static_cast<std::int64_t>(record.line) + 1, true);
    return counts;
}

}  // namespace redress::app
