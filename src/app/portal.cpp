#include "app/portal.hpp"

#include "app/complaints.hpp"
#include "app/procedure.hpp"
#include "app/record.hpp"
#include "app/users.hpp"
#include "core/chain.hpp"
#include "core/complaint.hpp"
#include "core/text.hpp"

namespace redress::app {

namespace {

constexpr std::string_view kLinkPrefix = "st_";

bool StartsWith(std::string_view data, std::string_view magic) {
    return data.substr(0, magic.size()) == magic;
}

// Text is accepted only as UTF-8 without control characters other than tab and line ends.
bool IsPlainText(std::string_view data) {
    if (!core::IsValidUtf8(data)) {
        return false;
    }
    for (unsigned char c : data) {
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            return false;
        }
    }
    return true;
}

// The file's own name without any directory a browser may have sent.
std::string BaseName(std::string_view name) {
    auto slash = name.find_last_of("/\\");
    if (slash != std::string_view::npos) {
        name.remove_prefix(slash + 1);
    }
    return std::string(name);
}

}  // namespace

core::Result<std::string> CheckUpload(const Upload& upload, const AttachmentLimits& limits, std::string_view field) {
    std::string name(field);
    REDRESS_TRY(core::CheckText(name + ".file_name", BaseName(upload.file_name), core::kMaxShortText, true));
    if (upload.data.empty()) {
        return core::Fail(core::InvalidArgument(name, "empty", upload.file_name + " is empty"));
    }
    if (upload.data.size() > limits.max_bytes) {
        return core::Fail(core::InvalidArgument(
            name, "size",
            upload.file_name + " is larger than " + std::to_string(limits.max_bytes / (1024 * 1024)) + " MB"));
    }
    const std::string_view data = upload.data;
    if (StartsWith(data, "%PDF-")) {
        return std::string("application/pdf");
    }
    if (StartsWith(data, "\x89PNG\r\n\x1a\n")) {
        return std::string("image/png");
    }
    if (StartsWith(data, "\xff\xd8\xff")) {
        return std::string("image/jpeg");
    }
    if (IsPlainText(data)) {
        return std::string("text/plain; charset=utf-8");
    }
    return core::Fail(core::InvalidArgument(name, "type",
                                            upload.file_name + " is not a PDF, PNG, JPEG or plain-text file"));
}

core::Status AddAttachments(store::WriteTx& tx, std::string_view number, const std::vector<Upload>& uploads,
                            const AttachmentLimits& limits, const Actor& actor, core::Timestamp now) {
    if (uploads.size() > limits.max_files) {
        return core::Fail(core::InvalidArgument("attachments", "count",
                                                "at most " + std::to_string(limits.max_files) + " files"));
    }
    std::vector<std::string> types;
    for (std::size_t i = 0; i < uploads.size(); ++i) {
        auto type = CheckUpload(uploads[i], limits, "attachments[" + std::to_string(i) + "]");
        REDRESS_TRY(type);
        types.push_back(std::move(*type));
    }
    auto stored = tx.FindCard(number);
    if (!stored) {
        return core::Fail(core::NotFound("no complaint " + std::string(number)));
    }
    for (std::size_t i = 0; i < uploads.size(); ++i) {
        store::AttachmentRow row;
        row.complaint_id = stored->id;
        row.file_name = BaseName(uploads[i].file_name);
        row.content_type = types[i];
        row.size = static_cast<std::int64_t>(uploads[i].data.size());
        row.sha256 = core::ToHex(core::Sha256(uploads[i].data));
        row.data = uploads[i].data;
        row.added_by = actor.login;
        row.added_at = Micros(now);
        tx.InsertAttachment(row);
    }
    return {};
}

core::Result<std::string> IssueStatusLink(store::WriteTx& tx, std::string_view number, core::Timestamp now) {
    auto stored = tx.FindCard(number);
    if (!stored) {
        return core::Fail(core::NotFound("no complaint " + std::string(number)));
    }
    std::string link = RandomSecret(kLinkPrefix);
    tx.InsertPortalLink(TokenHash(link), stored->id, Micros(now));
    return link;
}

std::optional<std::string> FindByStatusLink(store::ReadTx& tx, std::string_view link) {
    // Anything that cannot be a link is not looked up at all.
    if (link.size() != kLinkPrefix.size() + 64 || link.substr(0, kLinkPrefix.size()) != kLinkPrefix) {
        return std::nullopt;
    }
    return tx.FindPortalLink(TokenHash(link));
}

core::Result<PortalReceipt> SubmitFromPortal(store::WriteTx& tx, core::RegistrationRequest request,
                                             const std::vector<Upload>& uploads, const AttachmentLimits& limits,
                                             core::Timestamp now, const Rules& rules) {
    request.channel = core::Channel::kWeb;
    request.received_at.reset();
    request.received_by = core::Person{"Customer portal", "web form"};
    Actor customer = CustomerActor(request.contact.name, request.language);
    RegisterOptions options;
    options.source = "portal";
    options.rules = &rules;
    auto card = RegisterComplaint(tx, request, customer, now, options);
    REDRESS_TRY(card);
    REDRESS_TRY(AddAttachments(tx, card->number, uploads, limits, customer, now));
    auto link = IssueStatusLink(tx, card->number, now);
    REDRESS_TRY(link);
    return PortalReceipt{std::move(*card), std::move(*link)};
}

}  // namespace redress::app
