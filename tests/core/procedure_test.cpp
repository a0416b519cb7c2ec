#include "core/procedure.hpp"

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "core/json.hpp"

namespace redress::core {
namespace {

const Timestamp kT0 = *ParseRfc3339("2026-11-23T10:00:00Z");  // a Monday

const Policy& TestPolicy() {
    static const Policy policy = DefaultPolicy();
    return policy;
}

ProcedureContext As(std::string login, Role role, Spent spent = {}) {
    return ProcedureContext{TestPolicy(), Who{std::move(login), role, "Moscow"}, kT0 + std::chrono::hours{1}, spent};
}

// Applies a decision's events to the card, as the record would.
void Commit(Card& card, const Result<Events>& events, const std::string& actor) {
    ASSERT_TRUE(events) << events.error().message;
    for (const EventData& e : *events) {
        Apply(card, Event{0, card.number, card.version + 1, kT0 + std::chrono::hours{1}, actor, e});
    }
}

Card Registered_(Channel channel = Channel::kEmail) {
    Card card;
    Registered r;
    r.number = "2026-000001";
    r.channel = channel;
    r.contact = Contact{"Иван Петров", "", "", "petrov@example.ru", ""};
    r.statement = "Картридж за 100 рублей не печатает";
    r.received_at = kT0;
    Apply(card, Event{0, r.number, 1, kT0, "ivanova", r});
    Apply(card, Event{0, r.number, 2, kT0, "ivanova", Acknowledged{"api"}});
    return card;
}

// A card taken by `login` with the investigation done, ready for a decision.
Card Investigated(const std::string& login = "sidorov") {
    Card card = Registered_();
    auto hq = As("quality", Role::kHeadOfQuality);
    Commit(card, Decide(card, AssignCmd{login, ""}, hq), "quality");
    auto me = As(login, Role::kResponsible);
    Commit(card, Decide(card, StartInvestigationCmd{false, ""}, me), login);
    Commit(card, Decide(card, EmployeeViewCmd{"Кассир", "Картридж был проверен"}, me), login);
    Commit(card, Decide(card, OpinionCmd{"Брак картриджа", "заводской брак", CauseKind::kProduct, ""}, me), login);
    return card;
}

TEST(Procedure, ValidityNeedsOpinionAndEmployeeView) {
    Card card = Registered_();
    auto hq = As("quality", Role::kHeadOfQuality);
    Commit(card, Decide(card, AssignCmd{"sidorov", ""}, hq), "quality");
    auto me = As("sidorov", Role::kResponsible);
    Commit(card, Decide(card, StartInvestigationCmd{true, ""}, me), "sidorov");
    auto refused = Decide(card, ValidityCmd{true, "брак", "", ""}, me);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::kPreconditionFailed);
    EXPECT_EQ(refused.error().rule, "incomplete_investigation");
    EXPECT_NE(refused.error().message.find("opinion"), std::string::npos);
}

TEST(Procedure, OnlyTheResponsiblePersonDecides) {
    Card card = Investigated("sidorov");
    auto other = Decide(card, ValidityCmd{true, "брак", "", ""}, As("kozlov", Role::kResponsible));
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, ErrorCode::kForbidden);
    EXPECT_TRUE(Decide(card, ValidityCmd{true, "брак", "", ""}, As("quality", Role::kHeadOfQuality)));
}

TEST(Procedure, UnjustifiedNeedsGoodwillOrAReason) {
    Card card = Investigated();
    auto me = As("sidorov", Role::kResponsible);
    auto refused = Decide(card, ValidityCmd{false, "требования изменены заказчиком", "", ""}, me);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "goodwill_offer");
    auto ok = Decide(card, ValidityCmd{false, "требования изменены заказчиком", "скидка 10% на доработку", ""}, me);
    ASSERT_TRUE(ok);
    Commit(card, ok, "sidorov");
    EXPECT_EQ(card.status, Stage::kUnjustified);
    auto measures = Decide(card, PlanMeasureCmd{"переделать", "petrov", kT0 + std::chrono::days{3}, true}, me);
    ASSERT_FALSE(measures);
    EXPECT_EQ(measures.error().rule, "unjustified");
}

TEST(Procedure, CompensationWithinAuthorityIsGrantedAtOnce) {
    Card card = Investigated("kassir");
    auto clerk = As("kassir", Role::kFrontLine);
    Commit(card, Decide(card, ValidityCmd{true, "брак", "", ""}, clerk), "kassir");
    auto small = Decide(card, CompensationCmd{"replacement", "", {}, {}}, clerk);
    ASSERT_TRUE(small);
    const auto& granted = std::get<CompensationProposed>(small->front());
    EXPECT_EQ(granted.status, CompensationStatus::kGranted);
    EXPECT_EQ(granted.value, Money{10000});

    auto big = Decide(card, CompensationCmd{"upgrade", "", {}, {}}, clerk);
    ASSERT_TRUE(big);
    const auto& pending = std::get<CompensationProposed>(big->front());
    EXPECT_EQ(pending.status, CompensationStatus::kPending);
    EXPECT_NE(pending.authority_note.find("above the front_line limit of 500.00"), std::string::npos);
}

TEST(Procedure, MonthlyLimitCountsWhatWasGranted) {
    Card card = Investigated("kassir");
    Commit(card, Decide(card, ValidityCmd{true, "брак", "", ""}, As("kassir", Role::kFrontLine)), "kassir");
    auto spent = As("kassir", Role::kFrontLine, Spent{Money{4950'00}, Money{}});
    auto over = Decide(card, CompensationCmd{"replacement", "", {}, {}}, spent);
    ASSERT_TRUE(over);
    EXPECT_EQ(std::get<CompensationProposed>(over->front()).status, CompensationStatus::kPending);
}

TEST(Procedure, ApprovalNeedsEnoughAuthority) {
    Card card = Investigated("kassir");
    auto clerk = As("kassir", Role::kFrontLine);
    Commit(card, Decide(card, ValidityCmd{true, "брак", "", ""}, clerk), "kassir");
    Commit(card, Decide(card, CompensationCmd{"", "Новый копир", Money{90000'00}, Money{30000'00}}, clerk), "kassir");
    auto hq = Decide(card, DecideCompensationCmd{"c1", true, ""}, As("quality", Role::kHeadOfQuality));
    ASSERT_FALSE(hq);
    EXPECT_EQ(hq.error().code, ErrorCode::kForbidden);
    auto manager = Decide(card, DecideCompensationCmd{"c1", true, "согласовано"}, As("boss", Role::kManager));
    ASSERT_TRUE(manager);
    Commit(card, manager, "boss");
    EXPECT_EQ(card.compensations[0].status, CompensationStatus::kGranted);
    EXPECT_EQ(card.compensations[0].decided->by, "boss");
}

TEST(Procedure, WrittenComplaintGetsAWrittenAnswer) {
    Card card = Investigated();
    auto me = As("sidorov", Role::kResponsible);
    Commit(card, Decide(card, ValidityCmd{true, "брак", "", ""}, me), "sidorov");
    auto phone = Decide(card, AnswerCmd{"Мы заменим картридж", Channel::kPhone}, me);
    ASSERT_FALSE(phone);
    EXPECT_EQ(phone.error().rule, "written_answer");
    auto email = Decide(card, AnswerCmd{"Мы заменим картридж", {}}, me);
    ASSERT_TRUE(email);
    EXPECT_EQ(std::get<AnswerSent>(email->front()).method, Channel::kEmail);
}

TEST(Procedure, ClosingNeedsTheAnswerAndEveryMeasureDone) {
    Card card = Investigated();
    auto me = As("sidorov", Role::kResponsible);
    auto hq = As("quality", Role::kHeadOfQuality);
    Commit(card, Decide(card, ValidityCmd{true, "брак", "", ""}, me), "sidorov");
    Commit(card, Decide(card, PlanMeasureCmd{"Ускорить производство", "petrov", kT0 + std::chrono::days{5}, true}, me), "sidorov");
    EXPECT_EQ(card.status, Stage::kMeasuresPlanned);
    EXPECT_EQ(Decide(card, AnswerCmd{"ответ", {}}, me).error().rule, "measures_unapproved");
    Commit(card, Decide(card, ApproveMeasuresCmd{""}, hq), "quality");
    EXPECT_EQ(card.status, Stage::kMeasuresApproved);
    Commit(card, Decide(card, AnswerCmd{"Стекло будет заменено", {}}, me), "sidorov");
    EXPECT_EQ(Decide(card, CloseCmd{""}, me).error().rule, "measures_open");
    auto stranger = Decide(card, ReportMeasureCmd{"m1", "сделано"}, As("kozlov", Role::kExecutor));
    EXPECT_EQ(stranger.error().code, ErrorCode::kForbidden);
    Commit(card, Decide(card, ReportMeasureCmd{"m1", "сделано"}, As("petrov", Role::kExecutor)), "petrov");
    Commit(card, Decide(card, CloseCmd{""}, me), "sidorov");
    EXPECT_EQ(card.status, Stage::kClosed);
    EXPECT_EQ(Decide(card, AssignCmd{"kozlov", ""}, hq).error().rule, "closed");
}

TEST(Procedure, SatisfactionIndexIsTheWeightedSum) {
    Card card = Investigated();
    auto me = As("sidorov", Role::kResponsible);
    Commit(card, Decide(card, ValidityCmd{true, "брак", "", ""}, me), "sidorov");
    Commit(card, Decide(card, AnswerCmd{"ответ", {}}, me), "sidorov");
    auto partial = Decide(card, SatisfactionCmd{{{"reliability", 9}}, false, true, ""}, me);
    EXPECT_EQ(partial.error().rule, "complete");
    auto ok = Decide(card, SatisfactionCmd{{{"reliability", 9}, {"speed", 6}, {"courtesy", 10}, {"solution", 8}}, false, true, ""}, me);
    ASSERT_TRUE(ok);
    // 9×30 + 6×25 + 10×20 + 8×25 = 820: index 8.20
    EXPECT_EQ(std::get<SatisfactionRecorded>(ok->front()).index_x100, 820);
}

// ---- property: no sequence of commands reaches an invalid card, and replay agrees ----

struct Step {
    int command = 0;
    int actor = 0;
    bool flag = false;
};

const std::vector<Who>& People() {
    static const std::vector<Who> people{{"kassir", Role::kFrontLine, "Moscow"}, {"sidorov", Role::kResponsible, "Moscow"},
                                         {"petrov", Role::kExecutor, "Moscow"},  {"quality", Role::kHeadOfQuality, "Moscow"},
                                         {"boss", Role::kManager, "Moscow"},     {"audit", Role::kAuditor, "Moscow"}};
    return people;
}

Result<Events> RandomCommand(const Card& card, const Step& step, const ProcedureContext& ctx) {
    const Timestamp due = ctx.now + std::chrono::days{2};
    switch (step.command % 20) {
        case 0: return Decide(card, AssignCmd{People()[static_cast<std::size_t>(step.actor + 1) % People().size()].login, ""}, ctx);
        case 1: return Decide(card, StartInvestigationCmd{step.flag, ""}, ctx);
        case 2: return Decide(card, EmployeeViewCmd{"сотрудник", "мнение"}, ctx);
        case 3: return Decide(card, OpinionCmd{"мнение", "причина", CauseKind::kProcess, ""}, ctx);
        case 4: return Decide(card, ValidityCmd{step.flag, "причина", step.flag ? "" : "скидка", ""}, ctx);
        case 5: return Decide(card, PlanMeasureCmd{"мера", "petrov", due, true}, ctx);
        case 6: return Decide(card, ApproveMeasuresCmd{""}, ctx);
        case 7: return Decide(card, ReportMeasureCmd{"m" + std::to_string(card.measures.size()), "готово"}, ctx);
        case 8: return Decide(card, CompensationCmd{step.flag ? "replacement" : "upgrade", "", {}, {}}, ctx);
        case 9: return Decide(card, DecideCompensationCmd{"c" + std::to_string(card.compensations.size()), step.flag, "решение"}, ctx);
        case 10: return Decide(card, AnswerCmd{"ответ", {}}, ctx);
        case 11: return Decide(card, SatisfactionCmd{{}, true, std::nullopt, ""}, ctx);
        case 12: return Decide(card, CloseCmd{""}, ctx);
        case 13: return Decide(card, SignOffCmd{""}, ctx);
        case 14: return Decide(card, WithdrawCmd{"отозвана"}, ctx);
        case 15: return Decide(card, ReopenCmd{"новые обстоятельства"}, ctx);
        case 16: return Decide(card, CallbackCmd{due, "перезвонить"}, ctx);
        case 17: return Decide(card, CallbackMadeCmd{"cb" + std::to_string(card.callbacks.size()), ""}, ctx);
        case 18: return Decide(card, LogTimeCmd{15, ""}, ctx);
        default: return Decide(card, MergeCmd{step.flag ? "2026-000002" : card.number, ""}, ctx);
    }
}

void CheckInvariants(const Card& card, const Policy& policy) {
    RC_ASSERT(card.status == DeriveStage(card));
    if (card.validity) {
        RC_ASSERT(card.opinion.has_value() && card.employee_view.has_value());
        RC_ASSERT(card.validity->justified || !card.validity->goodwill_offer.empty() ||
                  !card.validity->no_goodwill_reason.empty());
    }
    if (card.answer) {
        RC_ASSERT(card.validity.has_value());
    }
    if (card.closed) {
        RC_ASSERT(card.answer.has_value());
        for (const Measure& m : card.measures) {
            RC_ASSERT(m.round != card.round || m.done.has_value());
        }
    }
    for (const Measure& m : card.measures) {
        RC_ASSERT(!m.done || m.approved.has_value());
    }
    for (const Compensation& c : card.compensations) {
        if (c.status == CompensationStatus::kGranted && c.decided && c.decided->by != c.proposed.by) {
            auto approver = std::find_if(People().begin(), People().end(), [&](const Who& w) { return w.login == c.decided->by; });
            RC_ASSERT(approver != People().end());
            RC_ASSERT(CanApprove(policy, *approver, c.value));
        }
    }
}

RC_GTEST_PROP(ProcedureProperty, NoSequenceReachesAnInvalidCardAndReplayAgrees, ()) {
    const auto steps = *rc::gen::container<std::vector<Step>>(
        rc::gen::build<Step>(rc::gen::set(&Step::command, rc::gen::inRange(0, 20)),
                             rc::gen::set(&Step::actor, rc::gen::inRange(0, 6)),
                             rc::gen::set(&Step::flag, rc::gen::arbitrary<bool>())));
    Card card = Registered_();
    std::vector<Event> log;
    Timestamp now = kT0;
    for (const Step& step : steps) {
        now += std::chrono::minutes{7};
        const Who& who = People()[static_cast<std::size_t>(step.actor)];
        ProcedureContext ctx{TestPolicy(), who, now, {}};
        auto events = RandomCommand(card, step, ctx);
        if (!events) {
            RC_ASSERT(events.error().code != ErrorCode::kInternal);
            continue;
        }
        for (const EventData& e : *events) {
            Event event{0, card.number, card.version + 1, now, who.login, e};
            Apply(card, event);
            log.push_back(event);
        }
        CheckInvariants(card, TestPolicy());
    }
    // Replaying the events, through their stored JSON, rebuilds the same card.
    Card replayed = Registered_();
    for (const Event& e : log) {
        auto decoded = DecodePayload(KindOf(e.data), PayloadText(e.data));
        RC_ASSERT(decoded.has_value());
        Apply(replayed, Event{0, e.number, e.n, e.at, e.actor, std::move(*decoded)});
    }
    RC_ASSERT(json::ToText(replayed) == json::ToText(card));
}

}  // namespace
}  // namespace redress::core
