// The web app and the portal over HTTP against the real server: sessions, CSRF, cookies,
// uploads, status links, static files. (The browser test walks the pages themselves.)

#include <gtest/gtest.h>

#include <map>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace redress::test {
namespace {

const std::string kPassword = "correct horse battery";

// What follows the first `start` in `text` up to `end` ("" if absent); `keep` keeps `start`.
std::string Between(const std::string& text, const std::string& start, const std::string& end, bool keep = false) {
    auto from = text.find(start);
    if (from == std::string::npos) {
        return {};
    }
    auto to = text.find(end, from + start.size());
    if (to == std::string::npos) {
        return {};
    }
    return keep ? text.substr(from, to - from) : text.substr(from + start.size(), to - from - start.size());
}

// A browser's cookie jar for one server, enough for these tests.
struct Browser {
    HttpClient http;
    std::map<std::string, std::string> cookies;

    explicit Browser(unsigned short port) : http(port) { http.SetHeader("Authorization", ""); }

    HttpResponse Send(const std::string& method, const std::string& target, const std::string& body = "",
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
        std::string jar;
        for (const auto& [k, v] : cookies) {
            jar += (jar.empty() ? "" : "; ") + k + "=" + v;
        }
        if (!jar.empty()) {
            headers.emplace_back("Cookie", jar);
        }
        HttpResponse r = http.Send(method, target, body, headers);
        for (const auto& [name, value] : r.headers) {
            if (name == "set-cookie" || name == "Set-Cookie") {
                std::string pair = value.substr(0, value.find(';'));
                std::string key = pair.substr(0, pair.find('='));
                std::string val = pair.substr(pair.find('=') + 1);
                if (value.find("Max-Age=0") != std::string::npos) {
                    cookies.erase(key);
                } else {
                    cookies[key] = val;
                }
            }
        }
        return r;
    }
    HttpResponse Get(const std::string& target) { return Send("GET", target); }
    HttpResponse PostForm(const std::string& target, const std::string& body) {
        return Send("POST", target, body, {{"Content-Type", "application/x-www-form-urlencoded"}});
    }
    // Signs in through the login form; returns the CSRF token of the first page.
    std::string SignIn(const std::string& login, const std::string& password = kPassword) {
        Get("/login");
        HttpResponse r = PostForm("/login", "_csrf=" + cookies["rdr_form"] + "&login=" + login + "&password=" + password +
                                                "&next=%2Fregister");
        EXPECT_EQ(r.status, 303) << r.body;
        HttpResponse page = Get("/register");
        EXPECT_EQ(page.status, 200);
        return Between(page.body, "name=\"_csrf\" value=\"", "\"");
    }
};

class Web : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        std::string db = dir_->File("w.db");
        RunRedress({"migrate", "--db", db});
        for (auto [login, role] : {std::pair{"anna", "head_of_quality"}, std::pair{"ivan", "front_line"},
                                   std::pair{"audit", "auditor"}}) {
            auto r = RunRedress({"user", "add", "--db", db, "--name", login, "--role", role, "--language", "ru",
                                 "--password-stdin"}, {}, kPassword + "\n");
            ASSERT_EQ(r.status, 0) << r.err;
        }
        server_ = new ServerProcess(db);
    }
    static void TearDownTestSuite() {
        delete server_;
        delete dir_;
    }
    static unsigned short port() { return server_->port(); }

    // Registers a complaint through the portal; returns {number, status path}.
    static std::pair<std::string, std::string> Submit(Browser& b, const std::string& file_name = "",
                                                      const std::string& file_bytes = "") {
        b.Get("/portal");
        std::string body = "--B\r\nContent-Disposition: form-data; name=\"_csrf\"\r\n\r\n" + b.cookies["rdr_form"] + "\r\n"
                           "--B\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nԱրամ Սարգսյան\r\n"
                           "--B\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\naram@example.am\r\n"
                           "--B\r\nContent-Disposition: form-data; name=\"statement\"\r\n\r\nThe washing machine leaks.\r\n";
        if (!file_name.empty()) {
            body += "--B\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"" + file_name +
                    "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + file_bytes + "\r\n";
        }
        body += "--B--\r\n";
        HttpResponse r = b.Send("POST", "/portal", body, {{"Content-Type", "multipart/form-data; boundary=B"}});
        std::string link = Between(r.body, "href=\"/status/", "\"");
        return {Between(r.body, "id=\"number\">", "<"), link.empty() ? link : "/status/" + link};
    }

    static TempDir* dir_;
    static ServerProcess* server_;
};

TempDir* Web::dir_ = nullptr;
ServerProcess* Web::server_ = nullptr;

TEST_F(Web, PagesNeedASessionAndTheLoginNeedsItsFormToken) {
    Browser b(port());
    HttpResponse r = b.Get("/register");
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(r.Header("Location"), "/login?next=%2Fregister");
    // A login without the form cookie's token is refused before the password is looked at.
    r = b.PostForm("/login", "login=anna&password=" + kPassword);
    EXPECT_EQ(r.status, 403);
    b.Get("/login");
    r = b.PostForm("/login", "_csrf=" + b.cookies["rdr_form"] + "&login=anna&password=wrong");
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(b.cookies.count("rdr_session"), 0u);
    EXPECT_NE(r.body.find("name=\"login\" value=\"anna\""), std::string::npos);  // the login is kept
}

TEST_F(Web, ASessionCookieIsHttpOnlyLaxAndEndsAtSignOut) {
    Browser b(port());
    b.Get("/login");
    HttpResponse r = b.PostForm("/login", "_csrf=" + b.cookies["rdr_form"] + "&login=anna&password=" + kPassword +
                                              "&next=%2Ftasks");
    ASSERT_EQ(r.status, 303);
    EXPECT_EQ(r.Header("Location"), "/tasks");
    std::string cookie = r.Header("Set-Cookie");
    EXPECT_NE(cookie.find("rdr_session=rdr_"), std::string::npos);
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos);
    EXPECT_NE(cookie.find("Max-Age=43200"), std::string::npos);
    EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // plain HTTP on loopback
    HttpResponse page = b.Get("/tasks");
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("<html lang=\"ru\">"), std::string::npos);  // the user's language
    std::string csrf = Between(page.body, "name=\"_csrf\" value=\"", "\"");
    std::string session = b.cookies["rdr_session"];
    r = b.PostForm("/logout", "_csrf=" + csrf);
    EXPECT_EQ(r.status, 303);
    // The old cookie is dead at once, not after the authentication cache expires.
    Browser stolen(port());
    stolen.cookies["rdr_session"] = session;
    EXPECT_EQ(stolen.Get("/tasks").status, 303);
}

TEST(WebSessions, ASessionSurvivesARestartAndEndsAfterItsHours) {
    TempDir dir;
    std::string db = dir.File("s.db");
    RunRedress({"migrate", "--db", db});
    ASSERT_EQ(RunRedress({"user", "add", "--db", db, "--name", "anna", "--role", "head_of_quality", "--password-stdin"},
                         {}, kPassword + "\n").status, 0);
    std::map<std::string, std::string> cookies;
    {
        ServerProcess server(db, {"--session-hours", "1"}, {"REDRESS_NOW=2026-11-23T10:00:00Z"});
        Browser b(server.port());
        b.SignIn("anna");
        cookies = b.cookies;
    }
    auto tasks_at = [&](const std::string& now) {
        ServerProcess server(db, {}, {"REDRESS_NOW=" + now});
        Browser b(server.port());
        b.cookies = cookies;
        return b.Get("/tasks").status;
    };
    EXPECT_EQ(tasks_at("2026-11-23T10:30:00Z"), 200);  // a restart keeps sessions
    EXPECT_EQ(tasks_at("2026-11-23T11:00:01Z"), 303);  // an hour later, back to sign-in
}

TEST_F(Web, CookiesAreSecureBehindATlsProxy) {
    Browser b(port());
    b.Get("/login");
    HttpResponse r = b.Send("POST", "/login", "_csrf=" + b.cookies["rdr_form"] + "&login=ivan&password=" + kPassword,
                            {{"Content-Type", "application/x-www-form-urlencoded"}, {"X-Forwarded-Proto", "https"}});
    ASSERT_EQ(r.status, 303);
    EXPECT_NE(r.Header("Set-Cookie").find("; Secure"), std::string::npos);
}

TEST_F(Web, EveryStaffPostNeedsTheSessionsCsrfToken) {
    Browser customer(port());
    auto [number, status] = Submit(customer);
    ASSERT_FALSE(number.empty());
    Browser b(port());
    std::string csrf = b.SignIn("anna");
    ASSERT_EQ(csrf.size(), 40u);
    auto events = [&] { return Between(b.Get("/complaints/" + number).body, "<ol class=\"timeline\">", "</ol>"); };
    std::string before = events();
    EXPECT_EQ(b.PostForm("/complaints/" + number + "/do/comment", "text=forged").status, 403);
    EXPECT_EQ(b.PostForm("/complaints/" + number + "/do/comment", "text=forged&_csrf=" + std::string(40, '0')).status, 403);
    EXPECT_EQ(events(), before);
    // Another session's token does not fit this session.
    Browser other(port());
    std::string other_csrf = other.SignIn("ivan");
    EXPECT_EQ(b.PostForm("/complaints/" + number + "/do/comment", "text=forged&_csrf=" + other_csrf).status, 403);
    HttpResponse ok = b.PostForm("/complaints/" + number + "/do/comment", "text=real+comment&_csrf=" + csrf);
    EXPECT_EQ(ok.status, 303);
    EXPECT_NE(events().find("real comment"), std::string::npos);
    // The header form htmx can send works as well as the field.
    ok = b.Send("POST", "/complaints/" + number + "/do/comment", "text=via+header",
                {{"Content-Type", "application/x-www-form-urlencoded"}, {"X-CSRF-Token", csrf}});
    EXPECT_EQ(ok.status, 303);
}

TEST_F(Web, RolesAndStatesDecideTheActionsOffered) {
    Browser customer(port());
    auto [number, status] = Submit(customer);
    Browser auditor(port());
    std::string csrf = auditor.SignIn("audit");
    HttpResponse card = auditor.Get("/complaints/" + number);
    ASSERT_EQ(card.status, 200);
    EXPECT_EQ(card.body.find("/do/assign"), std::string::npos);  // an auditor changes nothing
    EXPECT_EQ(auditor.PostForm("/complaints/" + number + "/do/comment", "text=x&_csrf=" + csrf).status, 403);
    Browser head(port());
    csrf = head.SignIn("anna");
    card = head.Get("/complaints/" + number);
    EXPECT_NE(card.body.find("/do/assign"), std::string::npos);
    EXPECT_EQ(card.body.find("/do/answer"), std::string::npos);  // not before the investigation
    // A refused step comes back as the card with the reason, and changes nothing.
    HttpResponse refused = head.PostForm("/complaints/" + number + "/do/validity",
                                         "justified=true&reason=because&_csrf=" + csrf);
    EXPECT_EQ(refused.status, 409);
    EXPECT_NE(refused.body.find("role=\"alert\""), std::string::npos);
    HttpResponse invalid = head.PostForm("/complaints/" + number + "/do/time", "minutes=many&_csrf=" + csrf);
    EXPECT_EQ(invalid.status, 422);
    EXPECT_NE(invalid.body.find("minutes"), std::string::npos);
}

TEST_F(Web, ThePortalChecksFilesAndKeepsNothingOfARefusedSubmission) {
    Browser b(port());
    auto [before, before_link] = Submit(b);
    ASSERT_FALSE(before.empty());
    auto [number, status] = Submit(b, "virus.png", std::string("MZ\x90\0\3\0\0\0", 8) + "not an image");
    EXPECT_TRUE(number.empty());
    auto [good, link] = Submit(b, "receipt.pdf", "%PDF-1.4 receipt");
    ASSERT_FALSE(good.empty());
    ASSERT_FALSE(link.empty());
    // Numbers are gap-free: the refused submission took none.
    EXPECT_EQ(std::stoi(good.substr(5)), std::stoi(before.substr(5)) + 1);
    HttpResponse page = b.Get(link);
    EXPECT_EQ(page.status, 200);
    EXPECT_EQ(page.Header("Referrer-Policy"), "no-referrer");  // the link is the secret
    EXPECT_NE(page.body.find(good), std::string::npos);
    EXPECT_EQ(page.body.find("action=\"" + link + "/survey\""), std::string::npos);  // no answer yet
    HttpResponse early = b.PostForm(link + "/survey", "_csrf=" + b.cookies["rdr_form"] + "&score_reliability=5");
    EXPECT_EQ(early.status, 422);
    EXPECT_EQ(b.Get("/status/st_" + std::string(64, '0')).status, 404);
    EXPECT_EQ(b.Get("/status/guess").status, 404);
    HttpResponse ack = b.Get(link + "/acknowledgement");
    EXPECT_EQ(ack.status, 200);
    EXPECT_NE(ack.body.find(good), std::string::npos);
    // The file reached the staff side, as a download only.
    Browser staff(port());
    staff.SignIn("anna");
    std::string file_id = Between(staff.Get("/complaints/" + good).body, "href=\"/complaints/" + good + "/attachments/", "\"");
    std::string href = "/complaints/" + good + "/attachments/" + file_id;
    ASSERT_FALSE(file_id.empty());
    HttpResponse file = staff.Get(href);
    EXPECT_EQ(file.body, "%PDF-1.4 receipt");
    EXPECT_EQ(file.content_type, "application/pdf");
    EXPECT_NE(file.Header("Content-Disposition").find("attachment"), std::string::npos);
    EXPECT_EQ(Browser(port()).Get(href).status, 303);  // not without a session
}

TEST_F(Web, AnUploadAboveTheLimitIsRefusedWhole) {
    Browser b(port());
    b.Get("/portal");
    std::string body = "--B\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"big.txt\"\r\n\r\n" +
                       std::string(25 << 20, 'a') + "\r\n--B--\r\n";
    HttpResponse r = b.Send("POST", "/portal", body, {{"Content-Type", "multipart/form-data; boundary=B"}});
    EXPECT_EQ(r.status, 413);
}

TEST_F(Web, IntakeNeedsTheApologyAndASpecificCallback) {
    Browser b(port());
    std::string csrf = b.SignIn("ivan");
    HttpResponse r = b.PostForm("/intake", "_csrf=" + csrf + "&name=Ivan&phone=%2B7+495+000+00+00&statement=Broken&callback_due=2099-01-01T10:00");
    EXPECT_EQ(r.status, 422);
    EXPECT_NE(r.body.find("apologised"), std::string::npos);
    EXPECT_NE(r.body.find("value=\"Ivan\""), std::string::npos);  // what was typed is kept
    r = b.PostForm("/intake", "_csrf=" + csrf + "&apologised=yes&name=Ivan&phone=%2B7+495+000+00+00&statement=Broken&callback_due=");
    EXPECT_EQ(r.status, 422);
    EXPECT_NE(r.body.find("callback_due"), std::string::npos);
    r = b.PostForm("/intake", "_csrf=" + csrf + "&apologised=yes&name=Ivan&phone=%2B7+495+000+00+00&statement=Broken&callback_due=2099-01-01T10:00");
    EXPECT_EQ(r.status, 201);
    std::string number = Between(r.body, "id=\"number\">", "<");
    std::string link = "/status/st_" + Between(r.body, "/status/st_", "<");
    ASSERT_FALSE(link.empty());
    // The customer confirms the oral complaint in writing through the link.
    Browser customer(port());
    customer.Get(link);
    r = customer.PostForm(link + "/confirm", "_csrf=" + customer.cookies["rdr_form"] + "&confirm=yes&note=All+correct");
    EXPECT_EQ(r.status, 303);
    HttpResponse card = b.Get("/complaints/" + number);
    EXPECT_EQ(card.body.find("class=\"badge oral\""), std::string::npos);
    EXPECT_NE(card.body.find("All correct"), std::string::npos);
}

TEST_F(Web, StaticFilesAreCachedByVersion) {
    Browser b(port());
    std::string page = b.Get("/login").body;
    std::string css = "/static/app.css" + Between(page, "href=\"/static/app.css", "\"");
    ASSERT_FALSE(css.empty());
    HttpResponse r = b.Get(css);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.content_type, "text/css; charset=utf-8");
    EXPECT_EQ(r.Header("Cache-Control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(b.Get("/static/htmx.min.js").status, 200);
    HttpResponse font = b.Get("/static/noto-sans-armenian-regular.ttf");
    EXPECT_EQ(font.status, 200);
    EXPECT_EQ(font.content_type, "font/ttf");
    EXPECT_EQ(font.body.substr(0, 4), std::string("\0\1\0\0", 4));  // a TrueType font
    EXPECT_EQ(b.Get("/static/nothing.js").status, 404);
    EXPECT_NE(b.Get("/login").Header("Content-Security-Policy").find("script-src 'self'"), std::string::npos);
}

TEST_F(Web, AUsersLanguageChangesAtOnce) {
    Browser b(port());
    std::string csrf = b.SignIn("audit");
    EXPECT_NE(b.Get("/tasks").body.find("<html lang=\"ru\">"), std::string::npos);
    HttpResponse r = b.PostForm("/settings/language", "_csrf=" + csrf + "&lang=hy&back=%2Ftasks");
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(r.Header("Location"), "/tasks");
    std::string page = b.Get("/tasks").body;
    EXPECT_NE(page.find("<html lang=\"hy\">"), std::string::npos);  // not after the 5 s cache
    EXPECT_NE(page.find("<option value=\"hy\" selected>"), std::string::npos);
    b.PostForm("/settings/language", "_csrf=" + csrf + "&lang=ru&back=%2Ftasks");
}

TEST_F(Web, SavedViewsKeepTheFilters) {
    Browser customer(port());
    ASSERT_FALSE(Submit(customer).first.empty());  // each test may run in a process of its own
    Browser b(port());
    std::string csrf = b.SignIn("anna");
    HttpResponse r = b.PostForm("/register/views", "_csrf=" + csrf + "&name=Web+form&query=channel%3Dweb");
    EXPECT_EQ(r.status, 303);
    EXPECT_EQ(r.Header("Location"), "/register?channel=web");
    std::string page = b.Get("/register").body;
    EXPECT_NE(page.find("href=\"/register?channel=web\">Web form</a>"), std::string::npos);
    page = b.Get("/register?q=washing+machine&channel=web").body;
    EXPECT_NE(page.find("The washing machine leaks."), std::string::npos);
    EXPECT_EQ(b.Get("/register?q=nosuchwordatall").body.find("The washing machine"), std::string::npos);
    // The filter form's "Any" arrives as empty values: no filter, no error.
    HttpResponse any = b.Get("/register?q=&status=&channel=&kind=&responsible=&sort=-received_at");
    EXPECT_EQ(any.status, 200);
    EXPECT_EQ(any.body.find("role=\"alert\""), std::string::npos);
    EXPECT_NE(any.body.find("The washing machine leaks."), std::string::npos);
}

}  // namespace
}  // namespace redress::test
