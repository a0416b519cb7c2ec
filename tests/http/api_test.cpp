// The JSON API, spoken over real HTTP to a real `redress serve` on loopback.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <set>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace redress::test {
namespace {

namespace json = boost::json;

const std::string kRegistration = R"({
  "channel": "phone",
  "organisation": "ООО «Альфа»",
  "contact": {"name": "Գայանե Սարգսյան", "phone": "+374 10 123456", "email": "gayane@example.am"},
  "statement": "Картридж за 100 рублей не печатает. Տպիչը չի աշխատում։ Касетата не работи.",
  "product": "Картридж HP 85A",
  "category": "quality of product",
  "received_by": {"name": "Ирина Иванова", "position": "Продавец-консультант"}
})";

class Api : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        server_ = new ServerProcess(dir_->File("api.db"));
    }

    static void TearDownTestSuite() {
        delete server_;
        delete dir_;
    }

    HttpClient client{server_->port()};

    std::string Register(const std::string& body = kRegistration) {
        auto r = client.PostJson("/api/v1/complaints", body);
        EXPECT_EQ(r.status, 201) << r.body;
        return std::string(r.Json().at("number").as_string());
    }

    static void ExpectProblem(const HttpResponse& r, int status, const std::string& field, const std::string& rule) {
        EXPECT_EQ(r.status, status) << r.body;
        EXPECT_EQ(r.content_type, "application/problem+json");
        auto body = r.Json().as_object();
        EXPECT_EQ(body.at("status").as_int64(), status);
        EXPECT_FALSE(body.at("detail").as_string().empty());
        if (!field.empty()) {
            EXPECT_EQ(body.at("field").as_string(), field) << r.body;
        }
        if (!rule.empty()) {
            EXPECT_EQ(body.at("rule").as_string(), rule) << r.body;
        }
    }

    static TempDir* dir_;
    static ServerProcess* server_;
};

TempDir* Api::dir_ = nullptr;
ServerProcess* Api::server_ = nullptr;

TEST_F(Api, RegisteringAnswers201WithNumberAndAcknowledgement) {
    auto r = client.PostJson("/api/v1/complaints", kRegistration);
    ASSERT_EQ(r.status, 201) << r.body;
    auto card = r.Json().as_object();
    std::string number(card.at("number").as_string());
    EXPECT_EQ(number.size(), 11u);
    EXPECT_EQ(r.Header("Location"), "/api/v1/complaints/" + number);
    EXPECT_EQ(card.at("status").as_string(), "acknowledged");
    EXPECT_TRUE(card.at("oral").as_bool());
    EXPECT_EQ(card.at("version").as_int64(), 2);
    EXPECT_EQ(r.Header("ETag"), "\"2\"");
    auto ack = card.at("acknowledgement").as_object();
    EXPECT_FALSE(ack.at("acknowledged_at").as_string().empty());
    EXPECT_EQ(card.at("received_by").at("position").as_string(), "Продавец-консультант");
}

TEST_F(Api, CyrillicAndArmenianRoundTripByteExact) {
    std::string number = Register();
    auto sent = json::parse(kRegistration).as_object();
    auto got = client.Get("/api/v1/complaints/" + number);
    ASSERT_EQ(got.status, 200);
    auto card = got.Json().as_object();
    EXPECT_EQ(card.at("statement"), sent.at("statement"));
    EXPECT_EQ(card.at("organisation"), sent.at("organisation"));
    EXPECT_EQ(card.at("contact").at("name"), sent.at("contact").at("name"));
    EXPECT_NE(got.body.find("Картридж за 100 рублей не печатает. Տպիչը չի աշխատում։ Касетата не работи."),
              std::string::npos);  // raw UTF-8, not \u escapes
}

TEST_F(Api, NumbersAreConsecutive) {
    auto a = Register();
    auto b = Register();
    EXPECT_EQ(std::stoi(b.substr(5)), std::stoi(a.substr(5)) + 1);
    EXPECT_EQ(a.substr(0, 4), b.substr(0, 4));
}

TEST_F(Api, ValidationErrorsAreProblemsNamingFieldAndRule) {
    ExpectProblem(client.PostJson("/api/v1/complaints", R"({"channel":"email","contact":{"name":"A","email":"nope"},"statement":"x"})"),
                  422, "contact.email", "email");
    ExpectProblem(client.PostJson("/api/v1/complaints", R"({"channel":"fax","contact":{"name":"A","email":"a@b.cd"},"statement":"x"})"),
                  422, "contact.fax", "required");
    ExpectProblem(client.PostJson("/api/v1/complaints", R"({"channel":"web","contact":{"name":"A","email":"a@b.cd"}})"),
                  422, "statement", "required");
    ExpectProblem(client.PostJson("/api/v1/complaints", R"({"channel":"carrier pigeon"})"), 422, "channel", "enum");
    ExpectProblem(client.PostJson("/api/v1/complaints", R"({"chanel":"web"})"), 422, "chanel", "unknown");
    ExpectProblem(client.PostJson("/api/v1/complaints", R"({"statement": 5})"), 422, "statement", "type");
    ExpectProblem(client.PostJson("/api/v1/complaints",
                                  "{\"channel\":\"web\",\"contact\":{\"name\":\"\xC3\x28\",\"email\":\"a@b.cd\"},\"statement\":\"x\"}"),
                  422, "contact.name", "utf8");
    ExpectProblem(client.PostJson("/api/v1/complaints", R"({"channel":"web","contact":{"name":"A","email":"a@b.cd"},"statement":"x","received_at":"2999-01-01T00:00:00Z"})"),
                  422, "received_at", "future");
}

TEST_F(Api, MalformedBodiesAndMediaTypes) {
    ExpectProblem(client.PostJson("/api/v1/complaints", "{not json"), 400, "", "json");
    ExpectProblem(client.Send("POST", "/api/v1/complaints", kRegistration, {{"Content-Type", "text/plain"}}), 415,
                  "Content-Type", "media_type");
}

TEST_F(Api, BodiesOverTheLimitAre413) {
    std::string huge = R"({"statement":")" + std::string(2 * 1024 * 1024, 'a') + R"("})";
    HttpClient fresh(server_->port());
    ExpectProblem(fresh.PostJson("/api/v1/complaints", huge), 413, "", "body_limit");
}

TEST_F(Api, UnknownComplaintsAndRoutes) {
    ExpectProblem(client.Get("/api/v1/complaints/2026-999999"), 404, "", "");
    ExpectProblem(client.Get("/api/v1/complaints/not-a-number"), 404, "", "");
    ExpectProblem(client.Get("/api/v1/nothing-here"), 404, "", "route");
    auto r = client.Send("DELETE", "/api/v1/complaints/2026-000001");
    ExpectProblem(r, 405, "", "method");
    EXPECT_EQ(r.Header("Allow"), "GET");
}

TEST_F(Api, EventsCarryAnUnbrokenHashChain) {
    std::string number = Register();
    ASSERT_EQ(client.PostJson("/api/v1/complaints/" + number + "/comments", R"({"text":"Перезвонили клиенту"})").status, 201);
    auto r = client.Get("/api/v1/complaints/" + number + "/events");
    ASSERT_EQ(r.status, 200);
    auto events = r.Json().at("events").as_array();
    ASSERT_EQ(events.size(), 3u);
    EXPECT_EQ(events[0].at("kind").as_string(), "Registered");
    EXPECT_EQ(events[1].at("kind").as_string(), "Acknowledged");
    EXPECT_EQ(events[2].at("kind").as_string(), "CommentAdded");
    EXPECT_EQ(events[0].at("prev_hash").as_string(), std::string(64, '0'));
    for (std::size_t i = 1; i < events.size(); ++i) {
        EXPECT_EQ(events[i].at("prev_hash"), events[i - 1].at("hash"));
        EXPECT_EQ(events[i].at("n").as_int64(), static_cast<std::int64_t>(i + 1));
    }
    EXPECT_EQ(events[2].at("payload").at("text").as_string(), "Перезвонили клиенту");
}

// The card is served from memory after the first read; every change must show at once.
TEST_F(Api, AReadCardShowsEveryLaterChange) {
    std::string number = Register();
    for (int i = 1; i <= 3; ++i) {
        auto before = client.Get("/api/v1/complaints/" + number);
        ASSERT_EQ(before.status, 200);
        std::int64_t version = before.Json().at("version").as_int64();
        auto text = "Перезвонили " + std::to_string(i);
        ASSERT_EQ(client.PostJson("/api/v1/complaints/" + number + "/comments", R"({"text":")" + text + R"("})").status, 201);
        auto after = client.Get("/api/v1/complaints/" + number);
        ASSERT_EQ(after.status, 200);
        EXPECT_EQ(after.Json().at("version").as_int64(), version + 1);
        EXPECT_EQ(after.Header("ETag"), "\"" + std::to_string(version + 1) + "\"");
        EXPECT_EQ(after.Json().at("comment_count").as_int64(), i);
    }
}

TEST_F(Api, WrittenConfirmationTurnsAnOralComplaintIntoAWrittenOne) {
    std::string number = Register();
    auto stale = client.PostJson("/api/v1/complaints/" + number + "/written-confirmation", R"({"reference":"письмо 17"})",
                                 {{"If-Match", "\"1\""}});
    ExpectProblem(stale, 409, "", "version");
    auto ok = client.PostJson("/api/v1/complaints/" + number + "/written-confirmation",
                              R"({"reference":"письмо 17","channel":"letter","received_at":"2026-01-05T10:00:00+03:00"})",
                              {{"If-Match", "\"2\""}});
    ASSERT_EQ(ok.status, 200) << ok.body;
    auto card = ok.Json().as_object();
    EXPECT_FALSE(card.at("oral").as_bool());
    EXPECT_EQ(card.at("written_confirmation").at("reference").as_string(), "письмо 17");
    EXPECT_EQ(card.at("written_confirmation").at("received_at").as_string(), "2026-01-05T07:00:00Z");
    auto again = client.PostJson("/api/v1/complaints/" + number + "/written-confirmation", R"({})");
    ExpectProblem(again, 409, "", "already_written");
}

TEST_F(Api, CommentsNeedText) {
    std::string number = Register();
    ExpectProblem(client.PostJson("/api/v1/complaints/" + number + "/comments", R"({"text":"  "})"), 422, "text", "required");
    ExpectProblem(client.PostJson("/api/v1/complaints/2026-999999/comments", R"({"text":"x"})"), 404, "", "");
}

TEST_F(Api, TheRegisterFiltersSortsAndPages) {
    for (int i = 0; i < 7; ++i) {
        Register(R"({"channel":"letter","organisation":"Paging Org","contact":{"name":"P","address":"Ереван, ул. Абовяна 1"},
                    "statement":"page test","received_at":"2025-0)" + std::to_string(i + 1) + R"(-15T10:00:00Z"})");
    }
    std::set<std::string> seen;
    std::string target = "/api/v1/complaints?organisation=Paging%20Org&limit=3&sort=received_at";
    std::string last_received;
    int pages = 0;
    for (;;) {
        auto r = client.Get(target);
        ASSERT_EQ(r.status, 200) << r.body;
        auto body = r.Json().as_object();
        for (const auto& item : body.at("items").as_array()) {
            std::string received(item.at("received_at").as_string());
            EXPECT_GE(received, last_received);
            last_received = received;
            EXPECT_EQ(item.at("channel").as_string(), "letter");
            EXPECT_TRUE(seen.insert(std::string(item.at("number").as_string())).second);
        }
        ++pages;
        if (body.at("next_cursor").is_null()) {
            break;
        }
        target = "/api/v1/complaints?organisation=Paging%20Org&limit=3&sort=received_at&cursor=" +
                 std::string(body.at("next_cursor").as_string());
    }
    EXPECT_EQ(seen.size(), 7u);
    EXPECT_EQ(pages, 3);
    auto window = client.Get("/api/v1/complaints?organisation=Paging%20Org&received_from=2025-03-01&received_to=2025-05-31");
    EXPECT_EQ(window.Json().at("items").as_array().size(), 3u);
    auto oral = client.Get("/api/v1/complaints?organisation=Paging%20Org&oral=true");
    EXPECT_EQ(oral.Json().at("items").as_array().size(), 0u);
    // By number, the 2025 numbers of these letters come out in registration order.
    auto by_number = client.Get("/api/v1/complaints?organisation=Paging%20Org&sort=-number&limit=1");
    EXPECT_EQ(by_number.Json().at("items").at(0).at("received_at").as_string(), "2025-07-15T10:00:00Z");
}

TEST_F(Api, BadListParametersAreProblems) {
    ExpectProblem(client.Get("/api/v1/complaints?status=lost"), 422, "status", "enum");
    ExpectProblem(client.Get("/api/v1/complaints?limit=1000"), 422, "limit", "range");
    ExpectProblem(client.Get("/api/v1/complaints?sort=colour"), 422, "sort", "enum");
    ExpectProblem(client.Get("/api/v1/complaints?cursor=garbage!"), 422, "cursor", "cursor");
    ExpectProblem(client.Get("/api/v1/complaints?received_from=yesterday"), 422, "received_from", "rfc3339");
    ExpectProblem(client.Get("/api/v1/complaints?oral=maybe"), 422, "oral", "boolean");
}

TEST_F(Api, HealthReadinessAndMetrics) {
    EXPECT_EQ(client.Get("/healthz").status, 200);
    EXPECT_EQ(client.Get("/readyz").status, 200);
    std::string number = Register();
    auto cache_hits = [&] {
        std::string body = client.Get("/metrics").body;
        std::string name = "\nredress_card_cache_hits_total ";
        std::size_t at = body.find(name);
        return at == std::string::npos ? -1 : std::stoll(body.substr(at + name.size()));
    };
    long long hits_before = cache_hits();
    // Registered cards are published to the cache, so both reads are served from memory.
    ASSERT_EQ(client.Get("/api/v1/complaints/" + number).status, 200);
    ASSERT_EQ(client.Get("/api/v1/complaints/" + number).status, 200);
    EXPECT_EQ(cache_hits(), hits_before + 2);
    auto m = client.Get("/metrics");
    EXPECT_EQ(m.status, 200);
    EXPECT_EQ(m.content_type.rfind("text/plain", 0), 0u);
    EXPECT_NE(m.body.find("redress_http_requests_total{route=\"/api/v1/complaints\",method=\"POST\",status=\"201\"}"),
              std::string::npos);
    EXPECT_NE(m.body.find("redress_writer_batches_total"), std::string::npos);
    EXPECT_NE(m.body.find("redress_writer_syncs_total"), std::string::npos);
    EXPECT_NE(m.body.find("redress_http_request_duration_seconds_bucket"), std::string::npos);
}

TEST(ApiLifecycle, AnsweredRegistrationsSurviveARestart) {
    TempDir dir;
    std::string number;
    {
        ServerProcess server(dir.File("r.db"));
        HttpClient client(server.port());
        auto r = client.PostJson("/api/v1/complaints", kRegistration);
        ASSERT_EQ(r.status, 201);
        number = std::string(r.Json().at("number").as_string());
        EXPECT_EQ(server.Stop(), 0);  // SIGTERM: graceful, exit status 0
    }
    ServerProcess server(dir.File("r.db"));
    HttpClient client(server.port());
    auto r = client.Get("/api/v1/complaints/" + number);
    ASSERT_EQ(r.status, 200);
    EXPECT_NE(r.body.find("Картридж за 100 рублей"), std::string::npos);
}

}  // namespace
}  // namespace redress::test
