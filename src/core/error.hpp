#pragma once

#include <string>

namespace redress::core {

// Canonical, protocol-agnostic error codes. The HTTP adapter maps them to statuses
// in one place (http/problem.cpp).
enum class ErrorCode {
    kInvalidArgument,     // the input breaks a rule; `field` and `rule` say which
    kNotFound,
    kConflict,            // stale version, or a unique value already taken
    kPreconditionFailed,  // the command is not allowed in the complaint's present state
    kUnauthenticated,
    kForbidden,
    kUnavailable,         // shutting down, or the store cannot take writes now
    kInternal,
};

// An expected failure, carried as a value. `field` is a JSON pointer-like path
// ("contact.email") or empty; `rule` is a short machine-readable rule name ("required").
struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string field;
    std::string rule;
    std::string message;
};

inline Error InvalidArgument(std::string field, std::string rule, std::string message) {
    return Error{ErrorCode::kInvalidArgument, std::move(field), std::move(rule), std::move(message)};
}

inline Error NotFound(std::string message) {
    return Error{ErrorCode::kNotFound, {}, {}, std::move(message)};
}

inline Error Conflict(std::string rule, std::string message) {
    return Error{ErrorCode::kConflict, {}, std::move(rule), std::move(message)};
}

inline Error PreconditionFailed(std::string rule, std::string message) {
    return Error{ErrorCode::kPreconditionFailed, {}, std::move(rule), std::move(message)};
}

inline Error Forbidden(std::string message) {
    return Error{ErrorCode::kForbidden, {}, "role", std::move(message)};
}

std::string_view ErrorCodeName(ErrorCode code);

}  // namespace redress::core
