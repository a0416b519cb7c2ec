#pragma once

// The customer portal's use cases: a complaint submitted with its attachments, the
// customer's unguessable status link, and what the customer may do through it.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/actor.hpp"
#include "core/card.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace redress::app {

struct Rules;

// A file as the customer uploaded it.
struct Upload {
    std::string file_name;
    std::string declared_type;  // what the browser said; the content decides
    std::string data;
};

struct AttachmentLimits {
    std::size_t max_files = 5;
    std::size_t max_bytes = 4 * 1024 * 1024;  // per file
};

// The content type of an upload judged by its bytes — PDF, PNG, JPEG or UTF-8 text — or
// kInvalidArgument naming `field` when it is empty, too large, or of another type.
core::Result<std::string> CheckUpload(const Upload& upload, const AttachmentLimits& limits, std::string_view field);

// Stores the uploads with the complaint (checked first: all or none).
core::Status AddAttachments(store::WriteTx& tx, std::string_view number, const std::vector<Upload>& uploads,
                            const AttachmentLimits& limits, const Actor& actor, core::Timestamp now);

// A new status link for the complaint's customer; only its hash is stored, so it can be
// shown once.
core::Result<std::string> IssueStatusLink(store::WriteTx& tx, std::string_view number, core::Timestamp now);

// The complaint a status link leads to.
std::optional<std::string> FindByStatusLink(store::ReadTx& tx, std::string_view link);

struct PortalReceipt {
    core::Card card;
    std::string status_link;  // the secret part of /status/<link>
};

// Registers a complaint the customer wrote in the portal, with its attachments and a
// status link, in one transaction.
core::Result<PortalReceipt> SubmitFromPortal(store::WriteTx& tx, core::RegistrationRequest request,
                                             const std::vector<Upload>& uploads, const AttachmentLimits& limits,
                                             core::Timestamp now, const Rules& rules);

}  // namespace redress::app
