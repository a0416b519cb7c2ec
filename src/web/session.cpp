#include "web/session.hpp"

#include <sodium.h>

#include "core/chain.hpp"

namespace redress::web {

std::optional<StaffSession> CurrentSession(const http::Request& request, WebServices& web) {
    auto token = CookieValue(request, kSessionCookie);
    if (!token || token->empty()) {
        return std::nullopt;
    }
    auto actor = web.authenticator.Authenticate(*token);
    if (!actor) {
        return std::nullopt;
    }
    return StaffSession{std::move(*actor), *token, CsrfOf(*token)};
}

std::string CsrfOf(std::string_view session_token) {
    return core::ToHex(core::Sha256("redress-csrf\n" + std::string(session_token))).substr(0, 40);
}

bool TokenMatches(std::string_view sent, std::string_view expected) {
    return !expected.empty() && sent.size() == expected.size() &&
           sodium_memcmp(sent.data(), expected.data(), sent.size()) == 0;
}

FormToken AnonymousFormToken(const http::Request& request) {
    auto cookie = CookieValue(request, kFormCookie);
    if (cookie && cookie->size() == 2 + 64) {
        return FormToken{*cookie, false};
    }
    return FormToken{app::RandomSecret("f_"), true};
}

void KeepVisitorCookies(http::Response& response, const http::Request& request, const FormToken& token, bool secure) {
    if (token.is_new) {
        response.With("Set-Cookie", SetCookieHeader(kFormCookie, token.value, CookieOptions{secure, true, -1}));
    }
    if (auto lang = request.Query("lang"); lang && !SupportedLanguage(*lang).empty()) {
        response.With("Set-Cookie",
                      SetCookieHeader(kLanguageCookie, SupportedLanguage(*lang), CookieOptions{secure, false, 31536000}));
    }
}

bool AnonymousFormOk(const http::Request& request, const Form& form) {
    auto cookie = CookieValue(request, kFormCookie);
    return cookie && TokenMatches(form.Get(kCsrfField), *cookie);
}

std::string_view VisitorLanguage(const http::Request& request) {
    if (auto query = request.Query("lang")) {
        if (auto lang = SupportedLanguage(*query); !lang.empty()) {
            return lang;
        }
    }
    if (auto cookie = CookieValue(request, kLanguageCookie)) {
        if (auto lang = SupportedLanguage(*cookie); !lang.empty()) {
            return lang;
        }
    }
    return Negotiate(request.Header("accept-language").value_or(""));
}

bool SecureRequest(const http::Request& request, const WebConfig& config) {
    return config.secure_cookies || request.Header("x-forwarded-proto").value_or("") == "https";
}

}  // namespace redress::web
