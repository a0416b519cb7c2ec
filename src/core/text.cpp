#include "core/text.hpp"

#include <cstdint>

namespace redress::core {

namespace {

// Length of the UTF-8 sequence starting at text[pos], or 0 if it is malformed.
std::size_t SequenceLength(std::string_view text, std::size_t pos) {
    auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(text[i]); };
    std::uint8_t lead = byte(pos);
    if (lead < 0x80) {
        return 1;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    if ((lead & 0xE0) == 0xC0) {
        len = 2;
        cp = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
        len = 3;
        cp = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
        len = 4;
        cp = lead & 0x07;
    } else {
        return 0;
    }
    if (pos + len > text.size()) {
        return 0;
    }
    for (std::size_t i = 1; i < len; ++i) {
        if ((byte(pos + i) & 0xC0) != 0x80) {
            return 0;
        }
        cp = (cp << 6) | (byte(pos + i) & 0x3F);
    }
    static constexpr std::uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        return 0;
    }
    return len;
}

bool IsAsciiSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t len = SequenceLength(text, pos);
        if (len == 0) {
            return false;
        }
        pos += len;
    }
    return true;
}

std::string AsciiLower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::string ToValidUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t len = SequenceLength(text, pos);
        if (len == 0) {
            out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
            ++pos;
        } else {
            out.append(text.substr(pos, len));
            pos += len;
        }
    }
    return out;
}

std::size_t CodePointCount(std::string_view text) {
    std::size_t count = 0;
    for (char c : text) {
        if ((static_cast<std::uint8_t>(c) & 0xC0) != 0x80) {
            ++count;
        }
    }
    return count;
}

bool HasControlCharacters(std::string_view text, bool multiline) {
    for (std::size_t pos = 0; pos < text.size(); ++pos) {
        auto c = static_cast<std::uint8_t>(text[pos]);
        if (c == '\n' || c == '\t' || c == '\r') {
            if (!multiline) {
                return true;
            }
            continue;
        }
        if (c < 0x20 || c == 0x7F) {
            return true;
        }
        // C1 controls U+0080..U+009F are encoded as C2 80..C2 9F.
        if (c == 0xC2 && pos + 1 < text.size()) {
            auto next = static_cast<std::uint8_t>(text[pos + 1]);
            if (next >= 0x80 && next <= 0x9F) {
                return true;
            }
        }
    }
    return false;
}

std::string_view Trim(std::string_view text) {
    while (!text.empty() && IsAsciiSpace(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && IsAsciiSpace(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

bool IsEmailShape(std::string_view text) {
    if (text.size() > 254) {
        return false;
    }
    auto at = text.find('@');
    if (at == std::string_view::npos || at == 0 || text.find('@', at + 1) != std::string_view::npos) {
        return false;
    }
    std::string_view local = text.substr(0, at);
    std::string_view domain = text.substr(at + 1);
    if (local.size() > 64) {
        return false;
    }
    for (char c : local) {
        if (IsAsciiSpace(c) || c == '<' || c == '>' || c == ',' || c == ';' || c == '"') {
            return false;
        }
    }
    auto dot = domain.rfind('.');
    if (domain.empty() || dot == std::string_view::npos || dot == 0 || dot + 1 == domain.size() ||
        domain.front() == '-' || domain.find("..") != std::string_view::npos) {
        return false;
    }
    for (char c : domain) {
        auto u = static_cast<std::uint8_t>(c);
        bool ok = u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                  (c >= '0' && c <= '9') || c == '-' || c == '.';
        if (!ok) {
            return false;
        }
    }
    return true;
}

bool IsPhoneShape(std::string_view text) {
    // An extension part is allowed after the number and not counted.
    for (std::string_view marker : {std::string_view{"ext"}, std::string_view{"доб"},
                                    std::string_view{"x"}}) {
        auto pos = text.find(marker);
        if (pos != std::string_view::npos && pos > 0) {
            text = Trim(text.substr(0, pos));
            break;
        }
    }
    std::size_t digits = 0;
    for (std::size_t pos = 0; pos < text.size(); ++pos) {
        char c = text[pos];
        if (c >= '0' && c <= '9') {
            ++digits;
        } else if (c == '+') {
            if (pos != 0) {
                return false;
            }
        } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
            return false;
        }
    }
    return digits >= 5 && digits <= 20;
}

std::string Excerpt(std::string_view text, std::size_t max_code_points) {
    std::size_t count = 0;
    for (std::size_t pos = 0; pos < text.size(); ++pos) {
        if ((static_cast<std::uint8_t>(text[pos]) & 0xC0) != 0x80) {
            if (count == max_code_points) {
                return std::string(Trim(text.substr(0, pos))) + "…";
            }
            ++count;
        }
    }
    return std::string(text);
}

}  // namespace redress::core
