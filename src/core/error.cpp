#include "core/error.hpp"

namespace redress::core {

std::string_view ErrorCodeName(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument: return "invalid_argument";
        case ErrorCode::kNotFound: return "not_found";
        case ErrorCode::kConflict: return "conflict";
        case ErrorCode::kPreconditionFailed: return "precondition_failed";
        case ErrorCode::kUnauthenticated: return "unauthenticated";
        case ErrorCode::kForbidden: return "forbidden";
        case ErrorCode::kUnavailable: return "unavailable";
        case ErrorCode::kInternal: return "internal";
    }
    return "internal";
}

}  // namespace redress::core
