#include "http/problem.hpp"

#include "core/text.hpp"

#include <boost/json.hpp>

namespace redress::http {

namespace {

std::string_view Title(int status) {
    switch (status) {
        case 400: return "Bad request";
        case 401: return "Authentication required";
        case 403: return "Not allowed";
        case 404: return "Not found";
        case 405: return "Method not allowed";
        case 409: return "Conflict";
        case 413: return "Payload too large";
        case 415: return "Unsupported media type";
        case 422: return "Invalid input";
        case 429: return "Too many requests";
        case 503: return "Service unavailable";
        default: return status >= 500 ? "Internal error" : "Request failed";
    }
}

Response Render(int status, std::string_view type, std::string_view field, std::string_view rule,
                std::string_view detail) {
    boost::json::object body;
    body["type"] = "urn:redress:problem:" + std::string(type);
    body["title"] = Title(status);
    body["status"] = status;
    // Details and fields may quote the client's bytes; the answer stays valid UTF-8.
    body["detail"] = core::ToValidUtf8(detail);
    if (!field.empty()) {
        body["field"] = core::ToValidUtf8(field);
    }
    if (!rule.empty()) {
        body["rule"] = rule;
    }
    Response r;
    r.status = status;
    r.content_type = "application/problem+json";
    r.body = boost::json::serialize(body);
    return r;
}

}  // namespace

int StatusOf(core::ErrorCode code) {
    switch (code) {
        case core::ErrorCode::kInvalidArgument: return 422;
        case core::ErrorCode::kNotFound: return 404;
        case core::ErrorCode::kConflict: return 409;
        case core::ErrorCode::kPreconditionFailed: return 409;
        case core::ErrorCode::kUnauthenticated: return 401;
        case core::ErrorCode::kForbidden: return 403;
        case core::ErrorCode::kUnavailable: return 503;
        case core::ErrorCode::kInternal: return 500;
    }
    return 500;
}

Response Problem(const core::Error& error) {
    int status = StatusOf(error.code);
    // Two input errors are about the HTTP message rather than its content.
    if (error.rule == "media_type") {
        status = 415;
    } else if (error.rule == "json") {
        status = 400;
    }
    return Render(status, core::ErrorCodeName(error.code), error.field, error.rule, error.message);
}

Response Problem(int status, std::string_view rule, std::string_view detail) {
    return Render(status, rule, "", rule, detail);
}

}  // namespace redress::http
