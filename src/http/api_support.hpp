#pragma once

// Helpers shared by the API handlers: body parsing with field-level errors, versions,
// cursors, query parameters.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "core/card.hpp"
#include "core/json.hpp"
#include "core/result.hpp"
#include "http/message.hpp"

namespace redress::http {

// Parses a JSON body: 415 unless Content-Type is JSON; a syntax error names the body.
// Strings are not UTF-8-checked here, so that the rules can name the bad field.
core::Result<boost::json::value> ParseJsonBody(const Request& request);

// Parses a JSON body into a described type, rejecting unknown members.
template <class T>
core::Result<T> ParseBody(const Request& request) {
    auto value = ParseJsonBody(request);
    REDRESS_TRY(value);
    return core::json::FromValue<T>(*value, core::json::ReadOptions{true});
}

// The version a command expects: If-Match: "N" (or N), else `body_version`.
core::Result<std::optional<std::int64_t>> ExpectedVersion(const Request& request,
                                                          std::optional<std::int64_t> body_version);

// A path parameter by name, or null.
const std::string* Param(const Params& params, std::string_view name);

// The number from the path, or a 404 for anything that cannot be a register number.
core::Result<std::string> NumberParam(const Params& params);

// A card with its version as ETag.
Response CardResponse(int status, const core::Card& card);
// The same, with the card already serialised (as the writer stored it).
Response CardResponse(int status, const core::Card& card, std::string json);

// The answer to a command on a card, as the writer thread produces it.
Response CardOrProblem(int status, const core::Result<core::Card>& card);

// The register's query parameters (the API's and the web register's): filters, q (words
// to search), sort, cursor, limit.
core::Result<store::ListQuery> ParseListQuery(const Request& request);
// The cursor for the page after `page`, or empty after the last page.
std::string NextCursor(const store::ListQuery& query, const store::ListPage& page);

std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);

// Query parameter parsers: a malformed value is kInvalidArgument naming the parameter.
core::Result<std::optional<std::int64_t>> QueryInt(const Request& request, std::string_view name,
                                                   std::int64_t min, std::int64_t max);
core::Result<std::optional<bool>> QueryBool(const Request& request, std::string_view name);

template <class E>
core::Result<std::optional<std::string>> QueryEnum(const Request& request, std::string_view name) {
    auto value = request.Query(name);
    if (!value) {
        return std::optional<std::string>{};
    }
    if (!core::json::EnumFromName<E>(*value)) {
        return core::Fail(core::InvalidArgument(std::string(name), "enum",
                                                std::string(name) + " must be one of: " + core::json::EnumNames<E>()));
    }
    return std::optional<std::string>{std::string(*value)};
}

}  // namespace redress::http
