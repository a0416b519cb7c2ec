#include "core/policy.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/calendar.hpp"
#include "core/deadlines.hpp"

namespace redress::core {
namespace {

TEST(Policy, DefaultsAreTheDomainsValues) {
    Policy p = DefaultPolicy();
    EXPECT_EQ(p.deadlines.answer_working_days, 1);
    EXPECT_EQ(p.deadlines.decision_working_days, 10);
    EXPECT_EQ(p.low_satisfaction_x100, 800);
    int weights = 0;
    for (const auto& c : p.survey) {
        weights += c.weight;
    }
    EXPECT_EQ(weights, 100);
    EXPECT_EQ(p.AuthorityOf(Role::kFrontLine)->per_grant, Money{500'00});
    EXPECT_FALSE(p.AuthorityOf(Role::kManager)->per_grant.has_value());  // unlimited
    EXPECT_FALSE(p.AuthorityOf(Role::kAuditor).has_value());
}

TEST(Policy, TheAnnotatedExampleParses) {
    std::ifstream in(std::string(REDRESS_SOURCE_DIR) + "/docs/policy.example.toml");
    ASSERT_TRUE(in) << "docs/policy.example.toml is missing";
    std::stringstream text;
    text << in.rdbuf();
    auto p = ParsePolicy(text.str(), "policy.example.toml");
    ASSERT_TRUE(p) << p.error().message;
    EXPECT_EQ(p->calendar.time_zone, "Europe/Moscow");
    EXPECT_TRUE(p->sites.contains("Yerevan"));
    EXPECT_EQ(p->CalendarFor("Yerevan").time_zone, "Asia/Yerevan");
}

TEST(Policy, ErrorsNameTheLineAndTheSetting) {
    auto bad_money = ParsePolicy("[authority.front_line]\nper_grant = 500\n", "p.toml");
    ASSERT_FALSE(bad_money);
    EXPECT_EQ(bad_money.error().message.rfind("p.toml:2:", 0), 0u) << bad_money.error().message;
    EXPECT_NE(bad_money.error().message.find("authority.front_line.per_grant"), std::string::npos);

    auto typo = ParsePolicy("[deadlines]\nanswer_workin_days = 2\n", "p.toml");
    ASSERT_FALSE(typo);
    EXPECT_EQ(typo.error().message.rfind("p.toml:2:", 0), 0u) << typo.error().message;

    auto role = ParsePolicy("\n\n[authority.cashier]\nper_grant = \"1.00\"\n", "p.toml");
    ASSERT_FALSE(role);
    EXPECT_NE(role.error().message.find("unknown role cashier"), std::string::npos);

    auto syntax = ParsePolicy("currency = \n", "p.toml");
    ASSERT_FALSE(syntax);
    EXPECT_EQ(syntax.error().message.rfind("p.toml:1:", 0), 0u) << syntax.error().message;

    auto weights = ParsePolicy("[[survey.criteria]]\nid = \"a\"\nname = \"A\"\nweight = 60\n", "p.toml");
    ASSERT_FALSE(weights);
    EXPECT_NE(weights.error().message.find("sum to 100"), std::string::npos);
}

std::string ReadZone(const std::string& name) {
    std::ifstream in("/usr/share/zoneinfo/" + name, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

TEST(Calendar, ReadsRealTimeZones) {
    auto moscow = TimeZone::FromTzif("Europe/Moscow", ReadZone("Europe/Moscow"));
    ASSERT_TRUE(moscow) << moscow.error().message;
    EXPECT_EQ(moscow->OffsetAt(*ParseRfc3339("2026-11-23T10:00:00Z")), std::chrono::hours{3});
    auto sofia = TimeZone::FromTzif("Europe/Sofia", ReadZone("Europe/Sofia"));
    ASSERT_TRUE(sofia);
    EXPECT_EQ(sofia->OffsetAt(*ParseRfc3339("2026-01-15T10:00:00Z")), std::chrono::hours{2});
    EXPECT_EQ(sofia->OffsetAt(*ParseRfc3339("2026-07-15T10:00:00Z")), std::chrono::hours{3});  // summer time
    EXPECT_FALSE(TimeZone::FromTzif("nonsense", "not a zone file at all, definitely not"));
}

TEST(Calendar, WorkingTimeSkipsNightsWeekendsAndHolidays) {
    BusinessCalendar cal;
    cal.zone = *TimeZone::FromTzif("Europe/Moscow", ReadZone("Europe/Moscow"));
    // Friday 16:00 Moscow + one working day (9 h) = Monday 16:00 Moscow.
    Timestamp friday = *ParseRfc3339("2026-11-20T13:00:00Z");
    EXPECT_EQ(FormatRfc3339(AddWorkingTime(cal, friday, cal.DayLength())), "2026-11-23T13:00:00Z");
    // Received Saturday: counted from Monday's opening, 09:00 Moscow.
    Timestamp saturday = *ParseRfc3339("2026-11-21T08:00:00Z");
    EXPECT_EQ(FormatRfc3339(AddWorkingTime(cal, saturday, std::chrono::hours{2})), "2026-11-23T08:00:00Z");
    // A holiday on Monday pushes it to Tuesday.
    cal.holidays.insert(std::chrono::sys_days{std::chrono::year{2026} / 11 / 23});
    EXPECT_EQ(FormatRfc3339(AddWorkingTime(cal, friday, cal.DayLength())), "2026-11-24T13:00:00Z");
}

TEST(Deadlines, InspectionTurnsTheAnswerIntoATenDayDecision) {
    Policy policy = DefaultPolicy();
    BusinessCalendar cal;  // UTC, Monday to Friday, 09:00-18:00
    Card card;
    card.number = "2026-000001";
    card.received_at = card.round_started_at = *ParseRfc3339("2026-11-23T10:00:00Z");
    card.responsible = "sidorov";
    auto before = DeadlinesOf(card, policy, cal);
    ASSERT_EQ(before.size(), 1u);
    EXPECT_EQ(before[0].key, "answer");
    EXPECT_EQ(FormatRfc3339(before[0].due), "2026-11-24T10:00:00Z");
    card.inspection_needed = true;
    auto after = DeadlinesOf(card, policy, cal);
    ASSERT_EQ(after.size(), 1u);
    EXPECT_EQ(after[0].key, "decision");
    EXPECT_EQ(FormatRfc3339(after[0].due), "2026-12-07T10:00:00Z");  // ten working days
    auto who = Recipients(policy, card, after[0], "missed");
    EXPECT_EQ(who, (std::vector<std::string>{"user:sidorov", "role:head_of_quality", "role:manager"}));
}

}  // namespace
}  // namespace redress::core
