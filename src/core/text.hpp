#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace redress::core {

// True when `text` is well-formed UTF-8: no overlong forms, no surrogates, nothing
// above U+10FFFF.
bool IsValidUtf8(std::string_view text);

// ASCII letters lower-cased, everything else kept: for case-insensitive keys and tokens.
std::string AsciiLower(std::string_view text);

// The text with each invalid byte replaced by U+FFFD: for echoing client input in errors.
std::string ToValidUtf8(std::string_view text);

// Number of code points in well-formed UTF-8 (what a person calls "characters";
// length limits are stated in these, not in bytes).
std::size_t CodePointCount(std::string_view text);

// True when the text holds a C0/C1 control character or DEL other than the allowed
// line breaks and tab (when `multiline`).
bool HasControlCharacters(std::string_view text, bool multiline);

// Removes leading and trailing ASCII white space.
std::string_view Trim(std::string_view text);

// A pragmatic e-mail shape: one "@", a non-empty local part without spaces, and a
// domain with a dot, letters/digits/hyphens (Unicode allowed for internationalised domains).
bool IsEmailShape(std::string_view text);

// A telephone number as people write it: digits with optional "+", spaces, dots,
// hyphens and parentheses, 5 to 20 digits, and an optional "ext"/"доб." extension.
bool IsPhoneShape(std::string_view text);

// Shortens to at most `max_code_points`, cutting on a code point boundary and adding "…".
std::string Excerpt(std::string_view text, std::size_t max_code_points);

}  // namespace redress::core
