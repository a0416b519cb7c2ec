#include "web/i18n.hpp"

#include <boost/locale.hpp>
#include <chrono>
#include <iomanip>
#include <map>
#include <sstream>
#include <vector>

#include "core/text.hpp"
#include "web/embedded.hpp"

namespace redress::web {

namespace bl = boost::locale;

namespace {

struct LanguageInfo {
    std::string_view code;
    std::string_view icu_name;
    std::string_view endonym;
};

constexpr std::array<LanguageInfo, 4> kInfo{{
    {"en", "en_GB.UTF-8", "English"},
    {"ru", "ru_RU.UTF-8", "Русский"},
    {"bg", "bg_BG.UTF-8", "Български"},
    {"hy", "hy_AM.UTF-8", "Հայերեն"},
}};

// The locales, built once: ICU formatting plus the language's catalog from the binary.
const std::map<std::string_view, std::locale>& Locales() {
    static const std::map<std::string_view, std::locale> kLocales = [] {
        std::map<std::string_view, std::locale> out;
        bl::generator generator;
        for (const LanguageInfo& info : kInfo) {
            std::locale base = generator(std::string(info.icu_name));
            if (info.code == "en") {
                out.emplace(info.code, base);  // the msgids are English
                continue;
            }
            bl::gnu_gettext::messages_info messages;
            messages.language = std::string(info.code);
            messages.encoding = "UTF-8";
            messages.domains.emplace_back("redress");
            messages.paths.emplace_back("embedded");
            std::string wanted = "embedded/" + std::string(info.code) + "/LC_MESSAGES/redress.mo";
            messages.callback = [wanted, code = std::string(info.code)](const std::string& file, const std::string&) {
                std::vector<char> bytes;
                if (file == wanted) {
                    if (auto mo = Embedded("locale/" + code + ".mo")) {
                        bytes.assign(mo->begin(), mo->end());
                    }
                }
                return bytes;
            };
            out.emplace(info.code, std::locale(base, bl::gnu_gettext::create_messages_facet<char>(messages)));
        }
        return out;
    }();
    return kLocales;
}

double Seconds(core::Timestamp t) {
    return std::chrono::duration<double>(t.time_since_epoch()).count();
}

}  // namespace

std::string_view SupportedLanguage(std::string_view code) {
    std::string lower = core::AsciiLower(code.substr(0, code.find_first_of("-_")));
    for (const LanguageInfo& info : kInfo) {
        if (info.code == lower) {
            return info.code;
        }
    }
    return {};
}

std::string_view Negotiate(std::string_view header) {
    std::string_view best = "en";
    double best_q = -1;
    while (!header.empty()) {
        auto comma = header.find(',');
        std::string_view item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
        double q = 1;
        auto semi = item.find(';');
        if (semi != std::string_view::npos) {
            auto qpos = item.find("q=", semi);
            if (qpos != std::string_view::npos) {
                try {
                    q = std::stod(std::string(item.substr(qpos + 2)));
                } catch (const std::exception&) {
                    q = 0;
                }
            }
            item = item.substr(0, semi);
        }
        while (!item.empty() && item.front() == ' ') {
            item.remove_prefix(1);
        }
        std::string_view language = SupportedLanguage(item);
        if (!language.empty() && q > 0 && q > best_q) {
            best = language;
            best_q = q;
        }
    }
    return best;
}

std::string_view Endonym(std::string_view language) {
    for (const LanguageInfo& info : kInfo) {
        if (info.code == language) {
            return info.endonym;
        }
    }
    return language;
}

Tr::Tr(std::string_view language) {
    std::string_view supported = SupportedLanguage(language);
    language_ = supported.empty() ? "en" : std::string(supported);
    locale_ = &Locales().at(SupportedLanguage(language_));
}

std::string Tr::tr(std::string_view msgid) const {
    return bl::translate(std::string(msgid)).str(*locale_);
}

// boost::locale::format keeps references to its arguments until str(): they must outlive it.
std::string Tr::tr(std::string_view msgid, std::string_view a1, std::string_view a2) const {
    const std::string first(a1);
    const std::string second(a2);
    bl::format pattern(bl::translate(std::string(msgid)));
    pattern % first % second;
    return pattern.str(*locale_);
}

std::string Tr::tr_n(std::string_view singular, std::string_view plural, std::int64_t n) const {
    const std::string count = Number(n);
    bl::format pattern(bl::translate(std::string(singular), std::string(plural), n));
    pattern % count;
    return pattern.str(*locale_);
}

std::string Tr::Number(std::int64_t n) const {
    std::ostringstream out;
    out.imbue(*locale_);
    out << bl::as::number << n;
    return out.str();
}

std::string Tr::Money(core::Money amount, std::string_view currency) const {
    std::ostringstream out;
    out.imbue(*locale_);
    out << bl::as::number << std::fixed << std::setprecision(2) << static_cast<double>(amount.minor) / 100.0;
    return out.str() + "\u00a0" + std::string(currency);
}

std::string Tr::DateTime(core::Timestamp t, std::string_view zone) const {
    std::ostringstream out;
    out.imbue(*locale_);
    out << bl::as::datetime << bl::as::date_medium << bl::as::time_short << bl::as::time_zone(std::string(zone))
        << Seconds(t);
    return out.str();
}

std::string Tr::Date(core::Timestamp t, std::string_view zone) const {
    std::ostringstream out;
    out.imbue(*locale_);
    out << bl::as::date << bl::as::date_medium << bl::as::time_zone(std::string(zone)) << Seconds(t);
    return out.str();
}

}  // namespace redress::web
