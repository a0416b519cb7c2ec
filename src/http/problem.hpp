#pragma once

// Errors as application/problem+json (RFC 9457). The one mapping from core::ErrorCode
// to HTTP status lives here.

#include <string_view>

#include "core/error.hpp"
#include "http/message.hpp"

namespace redress::http {

int StatusOf(core::ErrorCode code);

// {"type","title","status","detail"} plus "field" and "rule" when the error names them.
Response Problem(const core::Error& error);
Response Problem(int status, std::string_view rule, std::string_view detail);

}  // namespace redress::http
