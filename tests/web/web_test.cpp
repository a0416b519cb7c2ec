// The web layer's parts without a server: forms, cookies, languages, uploads, local times,
// commands from forms.

#include <gtest/gtest.h>

#include "app/portal.hpp"
#include "core/procedure.hpp"
#include "web/forms.hpp"
#include "web/i18n.hpp"
#include "web/pages.hpp"

namespace redress::web {
namespace {

http::Request WithBody(std::string content_type, std::string body) {
    http::Request r;
    r.method = "POST";
    r.headers.emplace_back("content-type", std::move(content_type));
    r.body = std::move(body);
    return r;
}

TEST(Forms, UrlEncodedFieldsAreDecoded) {
    auto form = ParseForm(WithBody("application/x-www-form-urlencoded",
                                   "name=%D0%90%D0%BD%D0%BD%D0%B0+%D0%9F.&empty=&flag&a%26b=c%3Dd"));
    ASSERT_TRUE(form);
    EXPECT_EQ(form->Get("name"), "Анна П.");
    EXPECT_TRUE(form->Has("empty"));
    EXPECT_TRUE(form->Has("flag"));
    EXPECT_EQ(form->Get("a&b"), "c=d");
    EXPECT_FALSE(form->Has("missing"));
}

TEST(Forms, MultipartCarriesFieldsAndFiles) {
    const std::string png("\x89PNG\r\n\x1a\n\0data", 13);
    std::string body =
        "--XyZ\r\nContent-Disposition: form-data; name=\"statement\"\r\n\r\nline 1\r\nline 2\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"r\\\"x.png\"\r\n"
        "Content-Type: image/png\r\n\r\n" + png + "\r\n"
        "--XyZ\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"\"\r\n"
        "Content-Type: application/octet-stream\r\n\r\n\r\n"
        "--XyZ--\r\n";
    auto form = ParseForm(WithBody("multipart/form-data; boundary=XyZ", body));
    ASSERT_TRUE(form) << form.error().message;
    EXPECT_EQ(form->Get("statement"), "line 1\r\nline 2");
    ASSERT_EQ(form->files.size(), 1u);  // the empty file input sends nothing
    EXPECT_EQ(form->files[0].file_name, "r\"x.png");
    EXPECT_EQ(form->files[0].content_type, "image/png");
    EXPECT_EQ(form->files[0].data, png);
}

TEST(Forms, MalformedBodiesAreRefusedNamingTheRule) {
    EXPECT_EQ(ParseForm(WithBody("multipart/form-data", "x")).error().rule, "form");
    EXPECT_EQ(ParseForm(WithBody("multipart/form-data; boundary=b", "--b\r\nno end")).error().rule, "form");
    EXPECT_EQ(ParseForm(WithBody("application/json", "{}")).error().rule, "media_type");
    EXPECT_EQ(ParseForm(WithBody("application/x-www-form-urlencoded", "a=%FF%FE")).error().rule, "utf8");
}

TEST(Forms, CookiesAreFoundByExactName) {
    http::Request r;
    r.headers.emplace_back("cookie", "rdr_session_old=x; rdr_session=abc; other=1");
    EXPECT_EQ(CookieValue(r, "rdr_session"), std::optional<std::string>("abc"));
    EXPECT_FALSE(CookieValue(r, "missing"));
    EXPECT_EQ(SetCookieHeader("a", "b", CookieOptions{true, true, 0}), "a=b; Path=/; SameSite=Lax; HttpOnly; Secure; Max-Age=0");
}

TEST(Languages, AcceptLanguageIsNegotiatedByQuality) {
    EXPECT_EQ(Negotiate("hy-AM,hy;q=0.9,en;q=0.8"), "hy");
    EXPECT_EQ(Negotiate("de-DE, bg;q=0.5, ru;q=0.7"), "ru");
    EXPECT_EQ(Negotiate("fr, de"), "en");
    EXPECT_EQ(Negotiate(""), "en");
    EXPECT_EQ(Negotiate("ru;q=0, bg"), "bg");
    EXPECT_EQ(SupportedLanguage("BG_bg"), "bg");
    EXPECT_EQ(SupportedLanguage("de"), "");
}

TEST(Languages, CatalogsTranslateAndLocalesFormat) {
    EXPECT_EQ(Tr("en").tr("Register"), "Register");
    for (const char* language : {"ru", "bg", "hy"}) {
        EXPECT_NE(Tr(language).tr("Register"), "Register") << language;
        EXPECT_NE(Tr(language).tr("Submit a complaint"), "Submit a complaint") << language;
    }
    EXPECT_EQ(Tr("xx").language(), "en");
    // Arguments go into the translated pattern, once, in their place.
    EXPECT_EQ(Tr("ru").tr("Received: {1}.", std::string("21 ноября")), "Получена: 21 ноября.");
    EXPECT_EQ(Tr("hy").tr("Dear {1},", "Արամ"), "Հարգելի Արամ,");
    EXPECT_EQ(Tr("en").tr("We have received your complaint and registered it under number {1} ({2}).", "2026-000001",
                          "today"),
              "We have received your complaint and registered it under number 2026-000001 (today).");
    // Russian plurals have three forms.
    Tr ru("ru");
    EXPECT_NE(ru.tr_n("{1} minute", "{1} minutes", 1), ru.tr_n("{1} minute", "{1} minutes", 3));
    EXPECT_NE(ru.tr_n("{1} minute", "{1} minutes", 3), ru.tr_n("{1} minute", "{1} minutes", 5));
    EXPECT_EQ(ru.tr_n("{1} minute", "{1} minutes", 21), ru.tr_n("{1} minute", "{1} minutes", 1).replace(0, 1, "21"));
    // Numbers, money and dates follow each locale.
    core::Money money{123456789};
    EXPECT_EQ(Tr("en").Money(money, "RUB"), "1,234,567.89\u00a0RUB");
    EXPECT_EQ(Tr("ru").Money(money, "RUB"), "1\u00a0234\u00a0567,89\u00a0RUB");
    auto t = *core::ParseRfc3339("2026-09-21T14:13:20Z");
    EXPECT_NE(Tr("ru").Date(t, "Europe/Moscow").find("2026"), std::string::npos);
    EXPECT_NE(Tr("bg").Date(t, "Europe/Sofia"), Tr("en").Date(t, "Europe/Sofia"));
    EXPECT_NE(Tr("hy").DateTime(t, "Asia/Yerevan").find("18:13"), std::string::npos);  // UTC+4
}

TEST(Uploads, TheContentDecidesTheTypeNotTheName) {
    app::AttachmentLimits limits;
    limits.max_bytes = 64;
    auto type = [&](std::string name, std::string data) { return app::CheckUpload({name, "image/png", data}, limits, "f"); };
    EXPECT_EQ(*type("a.pdf", "%PDF-1.7 ..."), "application/pdf");
    EXPECT_EQ(*type("a.jpg", "\xff\xd8\xff\xe0 jfif"), "image/jpeg");
    EXPECT_EQ(*type("a.txt", "Պատվեր 1234\n"), "text/plain; charset=utf-8");
    EXPECT_EQ(type("evil.png", "MZ\x90\0\3 executable").error().rule, "type");
    EXPECT_EQ(type("page.html.txt", "<html>\x01</html>").error().rule, "type");
    EXPECT_EQ(type("big.txt", std::string(65, 'a')).error().rule, "size");
    EXPECT_EQ(type("empty.txt", "").error().rule, "empty");
    EXPECT_EQ(type("", "text").error().field, "f.file_name");
}

TEST(LocalTime, DatetimeLocalInputsAreReadInTheSiteZone) {
    core::TimeZone moscow = core::TimeZone::Fixed("Europe/Moscow", std::chrono::hours{3});
    auto t = ParseLocalDateTime("2026-11-24T15:30", moscow);
    ASSERT_TRUE(t);
    EXPECT_EQ(core::FormatRfc3339(*t), "2026-11-24T12:30:00Z");
    EXPECT_EQ(LocalInputValue(*t, moscow), "2026-11-24T15:30");
    EXPECT_FALSE(ParseLocalDateTime("2026-02-30T10:00", moscow));
    EXPECT_FALSE(ParseLocalDateTime("tomorrow", moscow));
    EXPECT_FALSE(ParseLocalDateTime("2026-11-24T15:30junk", moscow));
}

TEST(CommandsFromForms, FieldsBecomeTypedMembersAndBadOnesAreNamed) {
    core::TimeZone utc;
    Form form;
    form.fields = {{"justified", "false"}, {"reason", "not our fault"}, {"goodwill_offer", ""}};
    auto validity = CommandFromForm<core::ValidityCmd>(form, utc);
    ASSERT_TRUE(validity);
    EXPECT_EQ(validity->justified, std::optional<bool>(false));
    EXPECT_EQ(validity->reason, "not our fault");

    form.fields = {{"description", "voucher"}, {"value", "1000.50"}, {"option", ""}};
    auto compensation = CommandFromForm<core::CompensationCmd>(form, utc);
    ASSERT_TRUE(compensation);
    EXPECT_EQ(compensation->value, core::ParseMoney("1000.50"));
    EXPECT_FALSE(compensation->cost);

    form.fields = {{"value", "a lot"}};
    EXPECT_EQ(CommandFromForm<core::CompensationCmd>(form, utc).error().field, "value");

    form.fields = {{"inspection_needed", "true"}};
    EXPECT_TRUE(CommandFromForm<core::StartInvestigationCmd>(form, utc)->inspection_needed);
    form.fields = {};
    EXPECT_FALSE(CommandFromForm<core::StartInvestigationCmd>(form, utc)->inspection_needed);

    form.fields = {{"minutes", "15"}};
    EXPECT_EQ(CommandFromForm<core::LogTimeCmd>(form, utc)->minutes, 15);
    form.fields = {{"minutes", "15 min"}};
    EXPECT_EQ(CommandFromForm<core::LogTimeCmd>(form, utc).error().field, "minutes");

    form.fields = {{"due", "2026-11-24T09:00"}};
    EXPECT_EQ(core::FormatRfc3339(*CommandFromForm<core::CallbackCmd>(form, utc)->due), "2026-11-24T09:00:00Z");
    form.fields = {{"text", "answer"}, {"method", "letter"}};
    EXPECT_EQ(CommandFromForm<core::AnswerCmd>(form, utc)->method, std::optional(core::Channel::kLetter));
    form.fields = {{"text", "answer"}, {"method", "pigeon"}};
    EXPECT_EQ(CommandFromForm<core::AnswerCmd>(form, utc).error().field, "method");
}

TEST(Pages, ErrorsSpeakThePagesLanguageWhereTheRuleIsKnown) {
    Tr ru("ru");
    EXPECT_EQ(ErrorText(ru, core::PreconditionFailed("closed", "complaint 2026-000001 is closed; reopen it first")),
              "Жалоба закрыта; сначала откройте её заново.");
    EXPECT_EQ(ErrorText(ru, core::InvalidArgument("reason", "required", "reason is required")), "Заполните поле «Причина».");
    // An unknown rule or field keeps the procedure's own words after a translated lead.
    std::string other = ErrorText(ru, core::PreconditionFailed("new_rule", "something new"));
    EXPECT_NE(other.find("something new"), std::string::npos);
    EXPECT_NE(other.find(ru.tr("This step is not possible now.")), std::string::npos);
    EXPECT_EQ(ErrorText(Tr("en"), core::InvalidArgument("value", "money", "value must be an amount")),
              "Please check: Value to the customer. (value must be an amount)");
}

TEST(Pages, OnlyLocalPathsAreFollowedBack) {
    EXPECT_EQ(SafeBack("/approvals", "/x"), "/approvals");
    EXPECT_EQ(SafeBack("//evil.example/", "/x"), "/x");
    EXPECT_EQ(SafeBack("https://evil.example/", "/x"), "/x");
    EXPECT_EQ(SafeBack("/\\evil.example", "/x"), "/x");
    EXPECT_EQ(SafeBack("/a\r\nSet-Cookie: x", "/x"), "/x");
    EXPECT_EQ(SafeBack("", "/x"), "/x");
}

}  // namespace
}  // namespace redress::web
