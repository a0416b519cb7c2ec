#pragma once

// What browsers send: url-encoded and multipart forms, and cookies.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "http/message.hpp"

namespace redress::web {

struct FormFile {
    std::string field;
    std::string file_name;
    std::string content_type;
    std::string data;
};

struct Form {
    std::vector<std::pair<std::string, std::string>> fields;
    std::vector<FormFile> files;  // multipart only; a file input left empty sends none

    // The first value of a field, or empty.
    std::string Get(std::string_view name) const;
    bool Has(std::string_view name) const;
};

// Parses application/x-www-form-urlencoded or multipart/form-data (kInvalidArgument on
// anything else or on a malformed body). Field values must be UTF-8.
core::Result<Form> ParseForm(const http::Request& request);

// application/x-www-form-urlencoded pairs, also for query strings.
std::vector<std::pair<std::string, std::string>> ParseUrlEncoded(std::string_view body);
std::string UrlEncode(std::string_view text);

std::optional<std::string> CookieValue(const http::Request& request, std::string_view name);

struct CookieOptions {
    bool secure = false;
    bool http_only = true;
    long max_age_seconds = -1;  // -1: a session cookie; 0: delete
};
std::string SetCookieHeader(std::string_view name, std::string_view value, const CookieOptions& options);

}  // namespace redress::web
