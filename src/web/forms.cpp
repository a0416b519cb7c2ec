#include "web/forms.hpp"

#include "core/text.hpp"

namespace redress::web {

namespace {

int HexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

std::string FormDecode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 && HexValue(text[i + 2]) >= 0) {
            out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

// A parameter of a header value: boundary=..., name="...", filename="...".
std::optional<std::string> HeaderParam(std::string_view value, std::string_view name) {
    std::size_t pos = 0;
    while ((pos = value.find(';', pos)) != std::string_view::npos) {
        ++pos;
        std::string_view rest = Trim(value.substr(pos));
        if (core::AsciiLower(rest.substr(0, name.size())) == name && rest.size() > name.size() &&
            rest[name.size()] == '=') {
            rest.remove_prefix(name.size() + 1);
            if (!rest.empty() && rest.front() == '"') {
                std::string out;
                for (std::size_t i = 1; i < rest.size() && rest[i] != '"'; ++i) {
                    if (rest[i] == '\\' && i + 1 < rest.size()) {
                        ++i;
                    }
                    out += rest[i];
                }
                return out;
            }
            return std::string(Trim(rest.substr(0, rest.find(';'))));
        }
    }
    return std::nullopt;
}

core::Error Malformed(std::string message) {
    return core::InvalidArgument("body", "form", std::move(message));
}

core::Result<Form> ParseMultipart(std::string_view body, std::string_view content_type) {
    auto boundary = HeaderParam(content_type, "boundary");
    if (!boundary || boundary->empty() || boundary->size() > 70) {
        return core::Fail(Malformed("a multipart body needs a boundary"));
    }
    const std::string delimiter = "--" + *boundary;
    Form form;
    std::size_t pos = body.find(delimiter);
    if (pos == std::string_view::npos) {
        return core::Fail(Malformed("the multipart body has no parts"));
    }
    for (;;) {
        pos += delimiter.size();
        if (body.substr(pos, 2) == "--") {
            return form;  // the closing delimiter
        }
        if (body.substr(pos, 2) != "\r\n") {
            return core::Fail(Malformed("malformed multipart delimiter"));
        }
        pos += 2;
        auto headers_end = body.find("\r\n\r\n", pos);
        if (headers_end == std::string_view::npos) {
            return core::Fail(Malformed("a multipart part has no end of headers"));
        }
        std::string_view headers = body.substr(pos, headers_end - pos);
        std::size_t content_start = headers_end + 4;
        auto next = body.find("\r\n" + delimiter, content_start);
        if (next == std::string_view::npos) {
            return core::Fail(Malformed("a multipart part is not terminated"));
        }
        std::string_view content = body.substr(content_start, next - content_start);
        std::optional<std::string> name;
        std::optional<std::string> file_name;
        std::string part_type;
        while (!headers.empty()) {
            auto eol = headers.find("\r\n");
            std::string_view line = headers.substr(0, eol);
            headers = eol == std::string_view::npos ? std::string_view{} : headers.substr(eol + 2);
            auto colon = line.find(':');
            if (colon == std::string_view::npos) {
                continue;
            }
            std::string header = core::AsciiLower(Trim(line.substr(0, colon)));
            std::string_view value = Trim(line.substr(colon + 1));
            if (header == "content-disposition") {
                name = HeaderParam(value, "name");
                file_name = HeaderParam(value, "filename");
            } else if (header == "content-type") {
                part_type = std::string(value);
            }
        }
        if (!name) {
            return core::Fail(Malformed("a multipart part has no name"));
        }
        if (file_name) {
            if (!file_name->empty() || !content.empty()) {
                form.files.push_back(FormFile{*name, *file_name, part_type, std::string(content)});
            }
        } else {
            form.fields.emplace_back(*name, std::string(content));
        }
        pos = next + 2;
    }
}

}  // namespace

std::string Form::Get(std::string_view name) const {
    for (const auto& [k, v] : fields) {
        if (k == name) {
            return v;
        }
    }
    return {};
}

bool Form::Has(std::string_view name) const {
    for (const auto& [k, v] : fields) {
        if (k == name) {
            return true;
        }
    }
    return false;
}

std::vector<std::pair<std::string, std::string>> ParseUrlEncoded(std::string_view body) {
    std::vector<std::pair<std::string, std::string>> out;
    while (!body.empty()) {
        auto amp = body.find('&');
        std::string_view pair = body.substr(0, amp);
        body = amp == std::string_view::npos ? std::string_view{} : body.substr(amp + 1);
        if (pair.empty()) {
            continue;
        }
        auto eq = pair.find('=');
        out.emplace_back(FormDecode(pair.substr(0, eq)),
                         eq == std::string_view::npos ? std::string() : FormDecode(pair.substr(eq + 1)));
    }
    return out;
}

core::Result<Form> ParseForm(const http::Request& request) {
    std::string_view type = request.Header("content-type").value_or("");
    std::string media = core::AsciiLower(Trim(type.substr(0, type.find(';'))));
    Form form;
    if (media == "application/x-www-form-urlencoded") {
        form.fields = ParseUrlEncoded(request.body);
    } else if (media == "multipart/form-data") {
        auto parsed = ParseMultipart(request.body, type);
        REDRESS_TRY(parsed);
        form = std::move(*parsed);
    } else {
        return core::Fail(core::InvalidArgument("Content-Type", "media_type",
                                                "send the form as application/x-www-form-urlencoded or multipart/form-data"));
    }
    for (const auto& [name, value] : form.fields) {
        if (!core::IsValidUtf8(name) || !core::IsValidUtf8(value)) {
            return core::Fail(core::InvalidArgument(core::ToValidUtf8(name), "utf8", "the form must be sent as UTF-8"));
        }
    }
    return form;
}

std::string UrlEncode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 15];
        }
    }
    return out;
}

std::optional<std::string> CookieValue(const http::Request& request, std::string_view name) {
    for (const auto& [header, value] : request.headers) {
        if (header != "cookie") {
            continue;
        }
        std::string_view rest = value;
        while (!rest.empty()) {
            auto semi = rest.find(';');
            std::string_view pair = Trim(rest.substr(0, semi));
            rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
            auto eq = pair.find('=');
            if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
                return std::string(pair.substr(eq + 1));
            }
        }
    }
    return std::nullopt;
}

std::string SetCookieHeader(std::string_view name, std::string_view value, const CookieOptions& options) {
    std::string out = std::string(name) + "=" + std::string(value) + "; Path=/; SameSite=Lax";
    if (options.http_only) {
        out += "; HttpOnly";
    }
    if (options.secure) {
        out += "; Secure";
    }
    if (options.max_age_seconds >= 0) {
        out += "; Max-Age=" + std::to_string(options.max_age_seconds);
    }
    return out;
}

}  // namespace redress::web
