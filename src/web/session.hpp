#pragma once

// Who is at the browser: staff sessions (an HttpOnly cookie holding a session token,
// checked like an API token, with a CSRF token derived from it), and the anonymous
// visitor's form token (a double-submit cookie) and language.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "app/actor.hpp"
#include "app/portal.hpp"
#include "app/users.hpp"
#include "http/api.hpp"
#include "web/forms.hpp"
#include "web/i18n.hpp"

namespace redress::web {

struct WebConfig {
    bool secure_cookies = false;  // also when the proxy says X-Forwarded-Proto: https
    std::chrono::hours session_length{12};
    app::AttachmentLimits attachments;
};

// What the web handlers use; outlives the router.
struct WebServices {
    http::Services& services;
    app::Authenticator& authenticator;
    WebConfig config;
};

inline constexpr std::string_view kSessionCookie = "rdr_session";
inline constexpr std::string_view kFormCookie = "rdr_form";
inline constexpr std::string_view kLanguageCookie = "rdr_lang";
inline constexpr std::string_view kCsrfField = "_csrf";

struct StaffSession {
    app::Actor actor;
    std::string token;
    std::string csrf;
};

// The signed-in user, or nullopt when there is no valid, unexpired session.
std::optional<StaffSession> CurrentSession(const http::Request& request, WebServices& web);

// The CSRF token of a session: derived from its secret, so it needs no storage and an
// attacker's page, which cannot read the HttpOnly cookie, cannot compute it.
std::string CsrfOf(std::string_view session_token);

// Whether a form carries the expected token (compared in constant time).
bool TokenMatches(std::string_view sent, std::string_view expected);

// The anonymous visitor's form token: the cookie's value, or a new one to set.
struct FormToken {
    std::string value;
    bool is_new = false;
};
FormToken AnonymousFormToken(const http::Request& request);
// Sets the cookies an anonymous page needs: a new form token, and the language when the
// visitor chose one by link (?lang=).
void KeepVisitorCookies(http::Response& response, const http::Request& request, const FormToken& token, bool secure);
// Whether a posted anonymous form carries the token of its cookie.
bool AnonymousFormOk(const http::Request& request, const Form& form);

// The anonymous visitor's language: ?lang=, then the cookie, then Accept-Language.
std::string_view VisitorLanguage(const http::Request& request);

bool SecureRequest(const http::Request& request, const WebConfig& config);

}  // namespace redress::web
