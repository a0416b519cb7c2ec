#include "app/export.hpp"

#include "app/record.hpp"
#include "core/csv.hpp"
#include "core/json.hpp"

namespace redress::app {

namespace json = core::json;

const std::vector<std::string>& ExportColumns() {
    static const std::vector<std::string> kColumns = {
        "number",          "status",         "kind",
        "channel",         "oral",           "received_at",
        "registered_at",   "organisation",   "contact_name",
        "contact_phone",   "contact_fax",    "contact_email",
        "contact_address", "statement",      "product",
        "project",         "category",       "complaint_type",
        "employee_concerned", "external_ref", "language",
        "site",            "received_by_name", "received_by_position",
        "registered_by",   "acknowledged_at", "confirmed_in_writing_at",
        "source",          "version",        "updated_at",
    };
    return kColumns;
}

std::vector<std::string> ExportRow(const core::Card& c) {
    auto time = [](const std::optional<core::Timestamp>& t) { return t ? core::FormatRfc3339(*t) : ""; };
    return {
        c.number,
        std::string(json::EnumName(c.status)),
        std::string(json::EnumName(c.kind)),
        std::string(json::EnumName(c.channel)),
        c.oral ? "true" : "false",
        core::FormatRfc3339(c.received_at),
        core::FormatRfc3339(c.registered_at),
        c.organisation,
        c.contact.name,
        c.contact.phone,
        c.contact.fax,
        c.contact.email,
        c.contact.address,
        c.statement,
        c.product,
        c.project,
        c.category,
        c.complaint_type,
        c.employee_concerned,
        c.external_ref,
        c.language,
        c.site,
        c.received_by.name,
        c.received_by.position,
        c.registered_by,
        time(c.acknowledgement ? std::optional(c.acknowledgement->acknowledged_at) : std::nullopt),
        time(c.written_confirmation ? std::optional(c.written_confirmation->received_at) : std::nullopt),
        c.source,
        std::to_string(c.version),
        core::FormatRfc3339(c.updated_at),
    };
}

core::Status ExportRegister(store::ReadTx& tx, const std::function<void(std::string_view)>& write) {
    std::string buffer;
    core::AppendCsvRecord(buffer, ExportColumns());
    core::Status status;
    tx.ForEachComplaint([&](const store::ComplaintRow& row) {
        if (!status) {
            return;
        }
        auto card = CardFromStored(store::StoredCard{row.id, row.version, row.last_hash, row.card});
        if (!card) {
            status = core::Fail(card.error());
            return;
        }
        core::AppendCsvRecord(buffer, ExportRow(*card));
        if (buffer.size() > (1 << 16)) {
            write(buffer);
            buffer.clear();
        }
    });
    write(buffer);
    return status;
}

}  // namespace redress::app
