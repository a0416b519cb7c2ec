#include "core/json.hpp"

#include <gtest/gtest.h>

#include "core/card.hpp"

namespace redress::core {
namespace {

TEST(Json, EnumNamesAreSnakeCase) {
    EXPECT_EQ(json::EnumName(Channel::kInPerson), "in_person");
    EXPECT_EQ(json::EnumName(Stage::kMeasuresApproved), "measures_approved");
    EXPECT_EQ(json::EnumFromName<Channel>("fax"), Channel::kFax);
    EXPECT_FALSE(json::EnumFromName<Channel>("pigeon"));
}

TEST(Json, CardRoundTripsWithOwnFieldsFirst) {
    Card card;
    card.number = "2026-000042";
    card.channel = Channel::kPhone;
    card.oral = true;
    card.contact.name = "Գայանե Սարգսյան";
    card.statement = "Жалоба";
    card.received_at = *ParseRfc3339("2026-11-23T09:00:00Z");
    card.acknowledgement = Acknowledgement{card.received_at, "ivanova", "api"};
    std::string text = json::ToText(card);
    EXPECT_EQ(text.rfind("{\"number\":\"2026-000042\"", 0), 0u) << text;
    auto back = json::FromValue<Card>(*json::Parse(text));
    ASSERT_TRUE(back);
    EXPECT_EQ(json::ToText(*back), text);
}

TEST(Json, MissingMembersKeepDefaults) {
    auto card = json::FromValue<Card>(*json::Parse(R"({"number":"2026-000001"})"));
    ASSERT_TRUE(card);
    EXPECT_EQ(card->number, "2026-000001");
    EXPECT_EQ(card->channel, Channel::kWeb);
    EXPECT_FALSE(card->acknowledgement);
}

TEST(Json, StrictReadingNamesAnUnknownMember) {
    auto r = json::FromValue<RegistrationRequest>(*json::Parse(R"({"contact":{"nmae":"x"}})"),
                                                  json::ReadOptions{true});
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "contact.nmae");
    EXPECT_EQ(r.error().rule, "unknown");
}

TEST(Json, TypeErrorsNameThePath) {
    auto r = json::FromValue<RegistrationRequest>(*json::Parse(R"({"contact":{"phone":12345}})"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "contact.phone");
    EXPECT_EQ(r.error().rule, "type");
}

TEST(Json, EnumErrorsListTheChoices) {
    auto r = json::FromValue<RegistrationRequest>(*json::Parse(R"({"channel":"pigeon"})"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "channel");
    EXPECT_EQ(r.error().rule, "enum");
    EXPECT_NE(r.error().message.find("in_person"), std::string::npos);
}

TEST(Json, TimestampsMustBeRfc3339) {
    auto r = json::FromValue<RegistrationRequest>(*json::Parse(R"({"received_at":"23.11.2026"})"));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().field, "received_at");
    EXPECT_EQ(r.error().rule, "rfc3339");
}

}  // namespace
}  // namespace redress::core
