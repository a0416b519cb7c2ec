#include "http/message.hpp"

#include <strings.h>

namespace redress::http {

std::optional<std::string_view> Request::Header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
        if (name == lower_name) {
            return std::string_view(value);
        }
    }
    return std::nullopt;
}

std::optional<std::string_view> Request::Query(std::string_view name) const {
    for (const auto& [key, value] : query) {
        if (key == name) {
            return std::string_view(value);
        }
    }
    return std::nullopt;
}

Response Json(int status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

}  // namespace redress::http
