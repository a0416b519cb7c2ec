// The procedure through the API, as the real roles, on a real server: the scenarios of
// the source articles, the endpoint × role matrix, and deadlines across restarts.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <thread>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace redress::test {
namespace {

namespace json = boost::json;

const std::vector<std::pair<std::string, std::string>> kPeople{
    {"hq", "head_of_quality"}, {"kassir", "front_line"}, {"sidorov", "responsible"}, {"petrov", "executor"},
    {"boss", "manager"},       {"audit", "auditor"},     {"admin", "admin"}};

std::map<std::string, std::string> MakePeople(const std::string& db) {
    std::map<std::string, std::string> tokens;
    for (const auto& [login, role] : kPeople) {
        tokens[login] = EnsureUser(db, login, role);
    }
    return tokens;
}

class Procedure : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        tokens_ = new std::map<std::string, std::string>(MakePeople(dir_->File("p.db")));
        server_ = new ServerProcess(dir_->File("p.db"));
    }

    static void TearDownTestSuite() {
        delete server_;
        delete tokens_;
        delete dir_;
    }

    // A client speaking as `login`.
    static HttpClient As(const std::string& login) {
        HttpClient c(server_->port());
        c.SetHeader("Authorization", "Bearer " + tokens_->at(login));
        return c;
    }

    static json::object Ok(const HttpResponse& r, int status = 200) {
        EXPECT_EQ(r.status, status) << r.body;
        return r.status == status ? r.Json().as_object() : json::object{};
    }

    static std::string Register(HttpClient& c, const std::string& channel, const std::string& statement,
                                const std::string& category = "quality of product") {
        json::object body{{"channel", channel}, {"organisation", "ООО «Офис-Сервис»"},
                          {"contact", {{"name", "Армен Акопян"}, {"phone", "+374 10 123456"}, {"email", "armen@example.am"}, {"address", "Ереван, ул. Абовяна, 1"}}},
                          {"statement", statement}, {"category", category}};
        auto card = Ok(c.PostJson("/api/v1/complaints", json::serialize(body)), 201);
        return std::string(card["number"].as_string());
    }

    static json::object Post(HttpClient& c, const std::string& number, const std::string& action, const json::object& body,
                             int status = 200) {
        return Ok(c.PostJson("/api/v1/complaints/" + number + "/" + action, json::serialize(body)), status);
    }

    // Assign, investigate, record the employee's view and the opinion.
    static void Investigate(const std::string& number, const std::string& responsible, bool inspection) {
        auto owner = As(responsible);
        if (responsible == "kassir") {
            Post(owner, number, "assign", {{"responsible", "kassir"}});  // takes it on the spot
        } else {
            auto hq = As("hq");
            Post(hq, number, "assign", {{"responsible", responsible}});
        }
        Post(owner, number, "investigation", {{"inspection_needed", inspection}});
        Post(owner, number, "employee-view", {{"employee", "Продавец"}, {"view", "Товар выдан со склада без проверки"}});
        Post(owner, number, "opinion", {{"opinion", "Жалоба обоснована"}, {"cause", "брак"}, {"cause_kind", "product"}});
    }

    static std::string Status(const std::string& number) {
        auto hq = As("hq");
        return std::string(Ok(hq.Get("/api/v1/complaints/" + number))["status"].as_string());
    }

    static inline TempDir* dir_ = nullptr;
    static inline std::map<std::string, std::string>* tokens_ = nullptr;
    static inline ServerProcess* server_ = nullptr;
};

TEST_F(Procedure, CartridgeIsReplacedOnTheSpotAndClosedTheSameDay) {
    auto kassir = As("kassir");
    std::string n = Register(kassir, "in_person", "Картридж за 100 рублей не печатает");
    Investigate(n, "kassir", false);
    Post(kassir, n, "validity", {{"justified", true}, {"reason", "Заводской брак"}});
    auto card = Post(kassir, n, "compensations", {{"option", "replacement"}}, 201);
    EXPECT_EQ(card["compensations"].as_array()[0].at("status"), "granted") << "within front-line authority";
    auto me = Ok(kassir.Get("/api/v1/me"));
    EXPECT_EQ(me["authority"].at("granted_this_month"), "100.00");
    EXPECT_EQ(me["authority"].at("budget").at("spent_this_month"), "60.00");  // the replacement's cost
    Post(kassir, n, "answer", {{"text", "Картридж заменён, приносим извинения"}, {"method", "in_person"}});
    card = Post(kassir, n, "close", {{"note", "Клиент доволен"}});
    EXPECT_EQ(card["status"], "closed");
    EXPECT_EQ(std::string(card["closed"].at("at").as_string()).substr(0, 10),
              std::string(card["received_at"].as_string()).substr(0, 10));
}

TEST_F(Procedure, CopierUpgradeAboveAuthorityIsApprovedByAManager) {
    auto clerk = As("kassir");
    std::string n = Register(clerk, "email", "Копир не доставлен в срок, встала работа офиса");
    Investigate(n, "sidorov", false);
    auto sidorov = As("sidorov");
    Post(sidorov, n, "validity", {{"justified", true}, {"reason", "Срок поставки нарушен"}});
    auto card = Post(sidorov, n, "compensations", {{"option", "upgrade"}}, 201);
    auto upgrade = card["compensations"].as_array()[0].as_object();
    EXPECT_EQ(upgrade["status"], "pending");
    EXPECT_NE(std::string(upgrade["authority_note"].as_string()).find("above the responsible limit"), std::string::npos);
    card = Post(sidorov, n, "compensations", {{"option", "service_year"}}, 201);
    EXPECT_EQ(card["compensations"].as_array()[1].at("status"), "pending");

    // The answer waits for the decision.
    auto early = sidorov.PostJson("/api/v1/complaints/" + n + "/answer", R"({"text":"ответ"})");
    EXPECT_EQ(early.status, 409);
    EXPECT_EQ(early.Json().at("rule"), "pending_approval");

    // It is in the manager's approvals queue; the responsible person may not approve.
    auto boss = As("boss");
    auto queue = Ok(boss.Get("/api/v1/tasks?view=approvals"));
    bool listed = false;
    for (const auto& item : queue["items"].as_array()) {
        listed = listed || (item.at("number") == n.c_str() && item.at("ref") == "c1" && item.at("amount") == "40000.00");
    }
    EXPECT_TRUE(listed) << json::serialize(queue);
    EXPECT_EQ(sidorov.PostJson("/api/v1/complaints/" + n + "/compensations/c1/decision", R"({"approve":true})").status, 403);
    Post(boss, n, "compensations/c1/decision", {{"approve", true}, {"note", "Лучше сохранить клиента"}});
    card = Post(boss, n, "compensations/c2/decision", {{"approve", true}});
    EXPECT_EQ(card["compensations"].as_array()[0].at("status"), "granted");
    EXPECT_EQ(card["compensations"].as_array()[0].at("decided").at("by"), "boss");

    Post(sidorov, n, "answer", {{"text", "Предлагаем модель выше классом по той же цене и год сервиса бесплатно"}});
    card = Post(sidorov, n, "close", json::object{});
    EXPECT_EQ(card["status"], "closed");
    auto after = Ok(boss.Get("/api/v1/tasks?view=approvals"));
    for (const auto& item : after["items"].as_array()) {
        EXPECT_NE(item.at("number"), n.c_str());
    }
}

TEST_F(Procedure, TemperedGlassTakesATenDayInvestigationWithMeasures) {
    auto clerk = As("kassir");
    std::string n = Register(clerk, "letter", "Закалённое стекло треснуло при монтаже");
    Investigate(n, "sidorov", true);
    auto sidorov = As("sidorov");
    auto mine = Ok(sidorov.Get("/api/v1/tasks?view=mine"));
    bool decision = false;
    for (const auto& item : mine["items"].as_array()) {
        decision = decision || (item.at("number") == n.c_str() && item.at("deadline") == "decision");
    }
    EXPECT_TRUE(decision) << "an investigation puts a 10-day decision deadline on the responsible person";

    Post(sidorov, n, "validity", {{"justified", true}, {"reason", "Дефект закалки"}});
    auto card = Post(sidorov, n, "measures",
                     {{"description", "Ускорить изготовление нового стекла"}, {"executor", "petrov"},
                      {"due", "2030-01-15T12:00:00Z"}, {"agreed_with_customer", true}}, 201);
    EXPECT_EQ(card["status"], "measures_planned");
    auto petrov = As("petrov");
    auto too_early = petrov.PostJson("/api/v1/complaints/" + n + "/measures/m1/report", R"({"report":"готово"})");
    EXPECT_EQ(too_early.status, 409);
    auto hq = As("hq");
    card = Post(hq, n, "measures/approval", {{"note", "Согласовано"}});
    EXPECT_EQ(card["status"], "measures_approved");
    card = Post(petrov, n, "measures/m1/report", {{"report", "Стекло изготовлено ночью и установлено"}});
    EXPECT_EQ(card["status"], "in_execution");
    card = Post(sidorov, n, "compensations", {{"option", "decorative_film"}}, 201);
    EXPECT_EQ(card["compensations"].as_array()[0].at("status"), "granted");
    auto phone_answer = sidorov.PostJson("/api/v1/complaints/" + n + "/answer", R"({"text":"ответ","method":"phone"})");
    EXPECT_EQ(phone_answer.status, 422) << "a written complaint gets a written answer";
    Post(sidorov, n, "answer", {{"text", "Стекло заменено, в подарок — декоративная плёнка"}, {"method", "letter"}});
    Post(sidorov, n, "satisfaction",
         {{"scores", json::array{json::object{{"criterion", "reliability"}, {"score", 8}},
                                 json::object{{"criterion", "speed"}, {"score", 9}},
                                 json::object{{"criterion", "courtesy"}, {"score", 10}},
                                 json::object{{"criterion", "solution"}, {"score", 9}}}},
          {"would_recommend", true}});
    card = Post(sidorov, n, "close", json::object{});
    EXPECT_EQ(card["satisfaction"].at("index_x100"), 890);  // 8×30 + 9×25 + 10×20 + 9×25 = 8.90
    card = Post(sidorov, n, "sign-off", json::object{});
    card = Post(hq, n, "sign-off", json::object{});
    EXPECT_FALSE(card["responsible_sign_off"].is_null());
    EXPECT_FALSE(card["quality_sign_off"].is_null());
}

TEST_F(Procedure, AnUnjustifiedClaimStillGetsAGoodwillOffer) {
    auto clerk = As("kassir");
    std::string n = Register(clerk, "email", "Сайт сделан не так, как мы хотели");
    Investigate(n, "sidorov", true);
    auto sidorov = As("sidorov");
    auto bare = sidorov.PostJson("/api/v1/complaints/" + n + "/validity",
                                 R"({"justified":false,"reason":"Требования изменены заказчиком после приёмки"})");
    EXPECT_EQ(bare.status, 422);
    EXPECT_EQ(bare.Json().at("rule"), "goodwill");
    auto card = Post(sidorov, n, "validity",
                     {{"justified", false}, {"reason", "Требования изменены заказчиком после приёмки"},
                      {"goodwill_offer", "Доработка по новым требованиям со скидкой 20%"}});
    EXPECT_EQ(card["status"], "unjustified");
    auto measures = sidorov.PostJson("/api/v1/complaints/" + n + "/measures",
                                     R"({"description":"x","executor":"petrov","due":"2030-01-01T00:00:00Z"})");
    EXPECT_EQ(measures.status, 409);
    Post(sidorov, n, "answer", {{"text", "Обязательства выполнены; предлагаем доработку со скидкой 20%"}});
    EXPECT_EQ(Post(sidorov, n, "close", json::object{})["status"], "closed");
}

TEST_F(Procedure, AnOralComplaintIsConfirmedInWritingLater) {
    auto clerk = As("kassir");
    std::string n = Register(clerk, "phone", "Звонок: принтер доставлен без кабеля");
    EXPECT_TRUE(Ok(clerk.Get("/api/v1/complaints/" + n))["oral"].as_bool());
    auto card = Post(clerk, n, "callbacks", {{"due", "2030-01-01T17:00:00Z"}, {"note", "Перезвонить до 17:00"}}, 201);
    EXPECT_EQ(card["callbacks"].as_array()[0].at("id"), "cb1");
    card = Post(clerk, n, "written-confirmation", {{"channel", "email"}, {"reference", "письмо от 24.11"}});
    EXPECT_FALSE(card["oral"].as_bool());
    card = Post(clerk, n, "callbacks/cb1/made", {{"note", "Кабель отправлен курьером"}});
    EXPECT_FALSE(card["callbacks"].as_array()[0].at("made").is_null());
}

TEST_F(Procedure, IllegalStepsAre409WithTheReasonInWords) {
    auto hq = As("hq");
    std::string n = Register(hq, "web", "Не тот цвет");
    auto r = hq.PostJson("/api/v1/complaints/" + n + "/close", "{}");
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(r.content_type, "application/problem+json");
    EXPECT_EQ(r.Json().at("rule"), "no_answer");
    EXPECT_NE(std::string(r.Json().at("detail").as_string()).find("answer"), std::string::npos);
    // A duplicate is merged into its original; merging back would leave no open original.
    std::string duplicate = Register(hq, "email", "Не тот цвет (повторно)");
    EXPECT_EQ(Post(hq, duplicate, "merge", {{"into", n}})["status"], "merged");
    auto back = hq.PostJson("/api/v1/complaints/" + n + "/merge", json::serialize(json::object{{"into", duplicate}}));
    EXPECT_EQ(back.status, 422);
    EXPECT_EQ(back.Json().at("rule"), "open_original");
    // The scheme name is case-insensitive.
    HttpClient lower(server_->port());
    lower.SetHeader("Authorization", "bearer " + tokens_->at("hq"));
    EXPECT_EQ(lower.Get("/api/v1/me").status, 200);
    // The auditor reads everything and changes nothing.
    auto audit = As("audit");
    EXPECT_EQ(audit.Get("/api/v1/complaints/" + n).status, 200);
    EXPECT_EQ(audit.PostJson("/api/v1/complaints/" + n + "/comments", R"({"text":"x"})").status, 403);
}

// ---- every endpoint × every role ----

struct Endpoint {
    std::string method;
    std::string path;
    std::set<std::string> allowed;  // logins whose role may call it; written out, not derived
};

TEST_F(Procedure, EveryEndpointAgainstEveryRole) {
    const std::set<std::string> all{"hq", "kassir", "sidorov", "petrov", "boss", "audit", "admin"};
    const std::set<std::string> handlers{"hq", "kassir", "sidorov"};
    const std::string c = "/api/v1/complaints/2026-999999";  // absent: allowed callers get 404, not a change
    const std::vector<Endpoint> endpoints{
        {"GET", "/api/v1/complaints", all},
        {"POST", "/api/v1/complaints", handlers},
        {"GET", c, all},
        {"GET", c + "/events", all},
        {"GET", c + "/signals", all},
        {"POST", c + "/written-confirmation", handlers},
        {"POST", c + "/comments", {"hq", "kassir", "sidorov", "petrov", "boss"}},
        {"POST", c + "/assign", {"hq", "kassir", "sidorov", "boss"}},
        {"POST", c + "/investigation", handlers},
        {"POST", c + "/employee-view", handlers},
        {"POST", c + "/opinion", handlers},
        {"POST", c + "/validity", handlers},
        {"POST", c + "/measures", handlers},
        {"POST", c + "/measures/approval", {"hq", "boss"}},
        {"POST", c + "/measures/m1/report", {"hq", "kassir", "sidorov", "petrov"}},
        {"POST", c + "/compensations", handlers},
        {"POST", c + "/compensations/c1/decision", {"hq", "boss"}},
        {"POST", c + "/answer", handlers},
        {"POST", c + "/satisfaction", handlers},
        {"POST", c + "/close", handlers},
        {"POST", c + "/sign-off", handlers},
        {"POST", c + "/withdrawal", handlers},
        {"POST", c + "/merge", {"hq", "boss"}},
        {"POST", c + "/reopen", {"hq", "boss"}},
        {"POST", c + "/callbacks", handlers},
        {"POST", c + "/callbacks/cb1/made", handlers},
        {"POST", c + "/time", {"hq", "kassir", "sidorov", "petrov"}},
        {"GET", "/api/v1/tasks", {"hq", "kassir", "sidorov", "petrov", "boss", "audit"}},
        {"GET", "/api/v1/notifications", all},
        {"GET", "/api/v1/me", all},
        {"GET", "/api/v1/users", {"hq", "sidorov", "boss", "audit", "admin"}},
        {"POST", "/api/v1/users", {"admin"}},
        {"POST", "/api/v1/users/nobody/disable", {"admin"}},
        {"POST", "/api/v1/users/nobody/tokens", {"admin"}},
        {"GET", "/api/v1/a-status", all},
        {"POST", "/api/v1/a-status", {"hq", "boss"}},
        {"DELETE", "/api/v1/a-status/nobody@example.com", {"hq", "boss"}},
    };
    int checked = 0;
    for (const Endpoint& e : endpoints) {
        HttpClient anonymous(server_->port());
        anonymous.SetHeader("Authorization", "");
        EXPECT_EQ(anonymous.Send(e.method, e.path, "{}", {{"Content-Type", "application/json"}}).status, 401)
            << e.method << " " << e.path << " without a token";
        for (const auto& [login, role] : kPeople) {
            auto client = As(login);
            auto r = client.Send(e.method, e.path, e.method == "GET" ? "" : "{}", {{"Content-Type", "application/json"}});
            if (e.allowed.contains(login)) {
                EXPECT_NE(r.status, 403) << e.method << " " << e.path << " as " << role << ": " << r.body;
                EXPECT_NE(r.status, 401) << e.method << " " << e.path << " as " << role;
            } else {
                EXPECT_EQ(r.status, 403) << e.method << " " << e.path << " as " << role << ": " << r.body;
            }
            ++checked;
        }
    }
    EXPECT_EQ(checked, static_cast<int>(endpoints.size() * kPeople.size()));
}

TEST_F(Procedure, TokensArePerUserAndDisablingRevokesThem) {
    auto admin = As("admin");
    auto created = admin.PostJson("/api/v1/users", R"({"login":"novak","name":"Новак","role":"front_line","password":"correct horse"})");
    ASSERT_EQ(created.status, 201) << created.body;
    HttpClient anonymous(server_->port());
    anonymous.SetHeader("Authorization", "");
    auto wrong = anonymous.PostJson("/api/v1/auth/token", R"({"login":"novak","password":"wrong password"})");
    EXPECT_EQ(wrong.status, 401);
    auto signed_in = anonymous.PostJson("/api/v1/auth/token", R"({"login":"novak","password":"correct horse"})");
    ASSERT_EQ(signed_in.status, 201) << signed_in.body;
    std::string token(signed_in.Json().at("token").as_string());
    HttpClient novak(server_->port());
    novak.SetHeader("Authorization", "Bearer " + token);
    EXPECT_EQ(Ok(novak.Get("/api/v1/me"))["role"], "front_line");
    EXPECT_EQ(admin.PostJson("/api/v1/users/novak/disable", "{}").status, 200);
    // The authenticator caches answers for a few seconds; after that the token is dead.
    int status = 200;
    for (int i = 0; i < 100 && status != 401; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        status = novak.Get("/api/v1/me").status;
    }
    EXPECT_EQ(status, 401);
}

// ---- deadlines that run themselves, across restarts ----

int CountEvents(const json::array& events, const std::string& kind, const std::string& deadline) {
    int n = 0;
    for (const auto& e : events) {
        if (e.at("kind") == kind.c_str() && e.at("payload").at("deadline") == deadline.c_str()) {
            ++n;
        }
    }
    return n;
}

TEST(Deadlines, AMissedDeadlineIsEscalatedOnceAcrossRestarts) {
    TempDir dir;
    std::string db = dir.File("d.db");
    MakePeople(db);
    std::string number;
    {
        // Monday 10:00 UTC: the answer is due Tuesday 10:00 (one working day).
        ServerProcess server(db, {"--tick", "0.1"}, {"REDRESS_NOW=2026-11-23T10:00:00Z"});
        HttpClient c(server.port());
        c.SetHeader("Authorization", "Bearer " + EnsureUser(db, "kassir", "front_line"));
        auto r = c.PostJson("/api/v1/complaints", R"({"channel":"email","contact":{"name":"Ани","email":"ani@example.am"},"statement":"Заказ опоздал"})");
        ASSERT_EQ(r.status, 201) << r.body;
        number = std::string(r.Json().at("number").as_string());
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        auto events = c.Get("/api/v1/complaints/" + number + "/events").Json().at("events").as_array();
        EXPECT_EQ(CountEvents(events, "DeadlineMissed", "answer"), 0);
    }
    auto events_after = [&](const ServerProcess& server) {
        HttpClient c(server.port());
        c.SetHeader("Authorization", "Bearer " + EnsureUser(db, "hq", "head_of_quality"));
        json::array events;
        for (int i = 0; i < 100; ++i) {
            events = c.Get("/api/v1/complaints/" + number + "/events").Json().at("events").as_array();
            if (CountEvents(events, "DeadlineMissed", "answer") > 0) {
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return events;
    };
    for (int restart = 0; restart < 2; ++restart) {
        // Wednesday: the server was down when the deadline passed.
        ServerProcess server(db, {"--tick", "0.1"}, {"REDRESS_NOW=2026-11-25T10:00:00Z"});
        auto events = events_after(server);
        std::this_thread::sleep_for(std::chrono::milliseconds(400));  // several more ticks
        events = events_after(server);
        EXPECT_EQ(CountEvents(events, "DeadlineApproaching", "answer"), 1) << "restart " << restart;
        EXPECT_EQ(CountEvents(events, "DeadlineMissed", "answer"), 1) << "restart " << restart;
        HttpClient hq(server.port());
        hq.SetHeader("Authorization", "Bearer " + EnsureUser(db, "hq", "head_of_quality"));
        auto notes = hq.Get("/api/v1/notifications").Json().at("items").as_array();
        int missed = 0;
        for (const auto& note : notes) {
            missed += note.at("number") == number.c_str() && note.at("kind") == "deadline_missed";
        }
        EXPECT_EQ(missed, 1) << "the head of quality is told once";
        auto overdue = hq.Get("/api/v1/tasks?view=overdue").Json().at("items").as_array();
        bool listed = false;
        for (const auto& item : overdue) {
            listed = listed || item.at("number") == number.c_str();
        }
        EXPECT_TRUE(listed);
    }
}

}  // namespace
}  // namespace redress::test

namespace redress::test {
namespace {

TEST(Cli, PolicyCheckNamesTheLineOfAnError) {
    TempDir dir;
    std::string file = dir.File("policy.toml");
    std::ofstream(file) << "currency = \"AMD\"\n\n[authority.front_line]\nper_grant = 500\n";
    auto bad = RunRedress({"policy", "check", file});
    EXPECT_EQ(bad.status, 1);
    EXPECT_NE(bad.err.find(file + ":4:"), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("authority.front_line.per_grant"), std::string::npos) << bad.err;
    auto good = RunRedress({"policy", "check", std::string(REDRESS_SOURCE_DIR) + "/docs/policy.example.toml"});
    EXPECT_EQ(good.status, 0) << good.err;
}

TEST(Cli, UsersAreAddedListedGivenTokensAndDisabled) {
    const std::string name = "Անի Պետրոսյան";
    TempDir dir;
    std::string db = dir.File("u.db");
    ASSERT_EQ(RunRedress({"migrate", "--db", db}).status, 0);
    auto bad_role = RunRedress({"user", "add", "--db", db, "--name", "x", "--role", "cashier"});
    EXPECT_EQ(bad_role.status, 1);
    EXPECT_NE(bad_role.err.find("role must be one of"), std::string::npos) << bad_role.err;
    auto added = RunRedress({"user", "add", "--db", db, "--name", "ani", "--full-name", name, "--role",
                             "responsible", "--password-stdin", "--print-token"},
                            {}, "a long enough secret\n");
    ASSERT_EQ(added.status, 0) << added.err;
    EXPECT_EQ(added.out.rfind("rdr_", 0), 0u);
    EXPECT_EQ(added.out.size(), 4u + 64u + 1u);
    auto token = RunRedress({"user", "token", "--db", db, "--name", "ani"});
    EXPECT_EQ(token.status, 0);
    EXPECT_NE(token.out, added.out) << "every token is new";
    auto list = RunRedress({"user", "list", "--db", db});
    EXPECT_NE(list.out.find("ani\tresponsible\t" + name), std::string::npos) << list.out;
    EXPECT_EQ(RunRedress({"user", "disable", "--db", db, "--name", "ani"}).status, 0);
    EXPECT_NE(RunRedress({"user", "list", "--db", db}).out.find("disabled"), std::string::npos);
    EXPECT_EQ(RunRedress({"user", "token", "--db", db, "--name", "ani"}).status, 1);
}

}  // namespace
}  // namespace redress::test
