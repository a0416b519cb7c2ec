#pragma once

// The four languages of the UI: English (the msgids), Russian, Bulgarian and Armenian
// from gettext catalogs, with dates, numbers and money formatted by each locale's rules.

#include <array>
#include <locale>
#include <string>
#include <string_view>

#include "core/money.hpp"
#include "core/time.hpp"

namespace redress::web {

inline constexpr std::array<std::string_view, 4> kLanguages{"en", "ru", "bg", "hy"};

// The supported language for a code ("ru", "ru-RU", "HY"), or empty.
std::string_view SupportedLanguage(std::string_view code);

// The best supported language for an Accept-Language header (q-values honoured), else "en".
std::string_view Negotiate(std::string_view accept_language);

// A language's own name: "Русский", "Български", "Հայերեն".
std::string_view Endonym(std::string_view language);

// One language's translator and formatter. Cheap to copy; thread-safe to use.
class Tr {
public:
    explicit Tr(std::string_view language);

    std::string_view language() const { return language_; }
    // The translation of an English UI string (itself when the catalog lacks it).
    std::string tr(std::string_view msgid) const;
    // "{1} of {2}" with the arguments put in (after translating the pattern).
    std::string tr(std::string_view msgid, std::string_view a1, std::string_view a2 = {}) const;
    // A count with its plural form: tr_n("{1} complaint", "{1} complaints", n).
    std::string tr_n(std::string_view singular, std::string_view plural, std::int64_t n) const;

    std::string Number(std::int64_t n) const;
    std::string Money(core::Money amount, std::string_view currency) const;
    // In the time zone `zone` (an IANA name).
    std::string DateTime(core::Timestamp t, std::string_view zone) const;
    std::string Date(core::Timestamp t, std::string_view zone) const;

private:
    std::string language_;
    const std::locale* locale_;
};

}  // namespace redress::web
