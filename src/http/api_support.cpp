#include "http/api_support.hpp"

#include "core/register_number.hpp"
#include "core/text.hpp"
#include "http/problem.hpp"

#include <boost/json.hpp>
#include <charconv>

namespace redress::http {

const std::string* Param(const Params& params, std::string_view name) {
    for (const auto& [key, value] : params) {
        if (key == name) {
            return &value;
        }
    }
    return nullptr;
}

core::Result<std::string> NumberParam(const Params& params) {
    const std::string* number = Param(params, "number");
    if (!number || !core::ParseRegisterNumber(*number)) {
        return core::Fail(core::NotFound("no complaint " + (number ? *number : std::string())));
    }
    return *number;
}

Response CardResponse(int status, const core::Card& card) {
    return CardResponse(status, card, core::json::ToText(card));
}

Response CardResponse(int status, const core::Card& card, std::string json) {
    Response r = Json(status, std::move(json));
    r.With("ETag", "\"" + std::to_string(card.version) + "\"");
    return r;
}

Response CardOrProblem(int status, const core::Result<core::Card>& card) {
    if (!card) {
        return Problem(card.error());
    }
    return CardResponse(status, *card);
}


core::Result<boost::json::value> ParseJsonBody(const Request& request) {
    // Media types are case-insensitive (RFC 9110 §8.3.1); parameters such as charset may follow.
    std::string type = core::AsciiLower(request.Header("content-type").value_or(""));
    std::string_view essence = std::string_view(type).substr(0, type.find(';'));
    while (!essence.empty() && essence.back() == ' ') {
        essence.remove_suffix(1);
    }
    bool json = essence == "application/json" ||
                (essence.starts_with("application/") && essence.ends_with("+json"));
    if (!json) {
        return core::Fail(core::Error{core::ErrorCode::kInvalidArgument, "Content-Type", "media_type",
                                      "the body must be JSON with Content-Type: application/json"});
    }
    boost::json::parse_options options;
    options.allow_invalid_utf8 = true;
    boost::system::error_code ec;
    boost::json::value value = boost::json::parse(request.body, ec, {}, options);
    if (ec) {
        return core::Fail(core::InvalidArgument("", "json", "the body is not valid JSON: " + ec.message()));
    }
    return value;
}

core::Result<std::optional<std::int64_t>> ExpectedVersion(const Request& request,
                                                          std::optional<std::int64_t> body_version) {
    auto header = request.Header("if-match");
    if (!header) {
        return body_version;
    }
    std::string_view text = *header;
    if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
        text = text.substr(1, text.size() - 2);
    }
    std::int64_t version = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), version);
    if (ec != std::errc{} || end != text.data() + text.size() || version < 1) {
        return core::Fail(core::InvalidArgument("If-Match", "version",
                                                "If-Match must be the card's version, e.g. \"3\""));
    }
    return std::optional<std::int64_t>{version};
}

namespace {
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
}

std::string Base64UrlEncode(std::string_view bytes) {
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (unsigned char c : bytes) {
        acc = (acc << 8) | c;
        bits += 8;
        while (bits >= 6) {
            bits -= 6;
            out += kAlphabet[(acc >> bits) & 0x3F];
        }
    }
    if (bits > 0) {
        out += kAlphabet[(acc << (6 - bits)) & 0x3F];
    }
    return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
    std::string out;
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : text) {
        const char* p = std::char_traits<char>::find(kAlphabet, 64, c);
        if (p == nullptr) {
            return std::nullopt;
        }
        acc = (acc << 6) | static_cast<std::uint32_t>(p - kAlphabet);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    return out;
}

core::Result<std::optional<std::int64_t>> QueryInt(const Request& request, std::string_view name,
                                                   std::int64_t min, std::int64_t max) {
    auto text = request.Query(name);
    if (!text) {
        return std::optional<std::int64_t>{};
    }
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc{} || end != text->data() + text->size() || value < min || value > max) {
        return core::Fail(core::InvalidArgument(std::string(name), "range",
                                                std::string(name) + " must be a whole number from " +
                                                    std::to_string(min) + " to " + std::to_string(max)));
    }
    return std::optional<std::int64_t>{value};
}

core::Result<std::optional<bool>> QueryBool(const Request& request, std::string_view name) {
    auto text = request.Query(name);
    if (!text) {
        return std::optional<bool>{};
    }
    if (*text == "true" || *text == "1") {
        return std::optional<bool>{true};
    }
    if (*text == "false" || *text == "0") {
        return std::optional<bool>{false};
    }
    return core::Fail(core::InvalidArgument(std::string(name), "boolean", std::string(name) + " must be true or false"));
}

}  // namespace redress::http
