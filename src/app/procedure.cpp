#include "app/procedure.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <type_traits>

#include "app/record.hpp"
#include "core/assert.hpp"
#include "core/deadlines.hpp"
#include "core/json.hpp"
#include "core/register_number.hpp"

namespace redress::app {

namespace {

std::optional<std::string> ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

core::Result<core::BusinessCalendar> MakeCalendar(const core::CalendarSpec& spec, const std::string& zoneinfo,
                                                  const std::string& path) {
    core::BusinessCalendar calendar;
    if (spec.time_zone != "UTC") {
        bool safe = !spec.time_zone.empty() && spec.time_zone.find("..") == std::string::npos && spec.time_zone[0] != '/';
        auto bytes = safe ? ReadFile(zoneinfo + "/" + spec.time_zone) : std::nullopt;
        if (!bytes) {
            return core::Fail(core::InvalidArgument(path + ".time_zone", "time_zone",
                                                    path + ".time_zone: unknown time zone " + spec.time_zone +
                                                        " (not found in " + zoneinfo + ")"));
        }
        auto zone = core::TimeZone::FromTzif(spec.time_zone, *bytes);
        REDRESS_TRY(zone);
        calendar.zone = std::move(*zone);
    }
    calendar.working_days = spec.working_days;
    calendar.opens = std::chrono::minutes{spec.opens_minute};
    calendar.closes = std::chrono::minutes{spec.closes_minute};
    for (const core::Date& d : spec.holidays) {
        calendar.holidays.insert(std::chrono::sys_days{d});
    }
    return calendar;
}

// What a command needs from outside the card: that the people it names exist and may do
// the work, that a merge target exists, and what has been granted this month.
core::Status CheckPerson(store::WriteTx& tx, std::string_view field, std::string_view login, core::Permission needed,
                         std::string_view what) {
    auto user = tx.FindUser(login);
    if (!user || user->disabled) {
        return core::Fail(core::InvalidArgument(std::string(field), "user", "no active user " + std::string(login)));
    }
    auto role = core::json::EnumFromName<core::Role>(user->role);
    if (!role || !core::Allows(*role, needed)) {
        return core::Fail(core::InvalidArgument(std::string(field), "role",
                                                std::string(login) + " (" + user->role + ") cannot " + std::string(what)));
    }
    return {};
}

template <class Command>
core::Status Precheck(store::WriteTx&, const Command&) {
    return {};
}

core::Status Precheck(store::WriteTx& tx, const core::AssignCmd& cmd) {
    if (cmd.responsible.empty()) {
        return {};
    }
    return CheckPerson(tx, "responsible", cmd.responsible, core::Permission::kHandle, "be responsible for complaints");
}

core::Status Precheck(store::WriteTx& tx, const core::PlanMeasureCmd& cmd) {
    if (cmd.executor.empty()) {
        return {};
    }
    return CheckPerson(tx, "executor", cmd.executor, core::Permission::kExecute, "carry out measures");
}

core::Status Precheck(store::WriteTx& tx, const core::MergeCmd& cmd) {
    auto target = core::ParseRegisterNumber(cmd.into) ? tx.FindCard(cmd.into) : std::nullopt;
    if (!target) {
        return core::Fail(core::InvalidArgument("into", "exists", "no complaint " + cmd.into));
    }
    // Merging into a complaint that is itself merged or withdrawn would leave no open
    // original (and could form a cycle).
    auto card = CardFromStored(*target);
    REDRESS_TRY(card);
    if (!card->merged_into.empty() || card->withdrawn) {
        return core::Fail(core::InvalidArgument("into", "open_original",
                                                cmd.into + " is itself " +
                                                    (card->withdrawn ? "withdrawn" : "merged into " + card->merged_into) +
                                                    "; merge into the original complaint"));
    }
    return {};
}

}  // namespace

const core::BusinessCalendar& Rules::CalendarFor(std::string_view site) const {
    auto it = site_calendars.find(site);
    return it == site_calendars.end() ? calendar : it->second;
}

core::Result<Rules> MakeRules(core::Policy policy, std::string zoneinfo_dir) {
    if (zoneinfo_dir.empty()) {
        const char* env = std::getenv("REDRESS_ZONEINFO");
        zoneinfo_dir = env ? env : "/usr/share/zoneinfo";
    }
    Rules rules;
    auto calendar = MakeCalendar(policy.calendar, zoneinfo_dir, "calendar");
    REDRESS_TRY(calendar);
    rules.calendar = std::move(*calendar);
    for (const auto& [site, spec] : policy.sites) {
        auto site_calendar = MakeCalendar(spec, zoneinfo_dir, "sites." + site);
        REDRESS_TRY(site_calendar);
        rules.site_calendars.emplace(site, std::move(*site_calendar));
    }
    rules.policy = std::move(policy);
    return rules;
}

core::Result<Rules> LoadRules(const std::string& policy_path) {
    if (policy_path.empty()) {
        return MakeRules(core::DefaultPolicy());
    }
    auto text = ReadFile(policy_path);
    if (!text) {
        return core::Fail(core::InvalidArgument("policy", "file", "cannot read the policy file " + policy_path));
    }
    auto policy = core::ParsePolicy(*text, policy_path);
    REDRESS_TRY(policy);
    return MakeRules(std::move(*policy));
}

std::string MonthOf(core::Timestamp t) {
    return core::FormatDate(core::DateOf(t)).substr(0, 7);
}

bool SeesTeam(core::Role role) {
    return core::Allows(role, core::Permission::kHandleAny) || core::Allows(role, core::Permission::kApprove) ||
           role == core::Role::kAuditor;
}

core::Result<TaskList> ListTasks(store::ReadTx& tx, std::string_view view, const Actor& actor, core::Timestamp now,
                                 const Rules& rules) {
    TaskList out;
    if (view == "approvals") {
        for (store::ApprovalRow& a : tx.OpenApprovals()) {
            bool mine = a.kind == "measures" ? core::Allows(actor.role, core::Permission::kApprove)
                                             : core::CanApprove(rules.policy, WhoOf(actor), core::Money{a.amount_minor});
            if (mine) {
                out.approvals.push_back(std::move(a));
            }
        }
        return out;
    }
    store::DeadlineQuery q;
    q.limit = 500;
    bool team = SeesTeam(actor.role);
    if (view == "mine") {
        q.owner = actor.login;
    } else if (view == "team") {
        if (!team) {
            return core::Fail(core::Forbidden("the team's tasks are for the head of quality, managers and auditors"));
        }
    } else if (view == "overdue") {
        q.due_before = Micros(now);
    } else if (view == "due_today") {
        const core::BusinessCalendar& calendar = rules.CalendarFor(actor.site);
        core::Timestamp local_midnight = core::StartOf(calendar.LocalDate(now));
        q.due_from = Micros(calendar.zone.FromLocal(local_midnight));
        q.due_before = Micros(calendar.zone.FromLocal(local_midnight + std::chrono::days{1}));
    } else {
        return core::Fail(
            core::InvalidArgument("view", "enum", "view must be one of: mine, team, overdue, due_today, approvals"));
    }
    if ((view == "overdue" || view == "due_today") && !team) {
        q.owner = actor.login;
    }
    out.deadlines = tx.OpenDeadlines(q);
    return out;
}

core::Who WhoOf(const Actor& actor) {
    return core::Who{actor.login, actor.role, actor.site, actor.customer};
}

core::Spent SpentThisMonth(store::ReadTx& tx, const Actor& actor, core::Timestamp now) {
    const std::string month = MonthOf(now);
    return core::Spent{core::Money{tx.LedgerValueByLogin(actor.login, month)},
                       core::Money{tx.LedgerCostByBudget(core::json::EnumName(actor.role), actor.site, month)}};
}

namespace {

std::vector<store::DeadlineRow> DeadlineRows(const core::Card& card, const Rules& rules) {
    const core::BusinessCalendar& calendar = rules.CalendarFor(card.site);
    std::vector<store::DeadlineRow> rows;
    for (const core::Deadline& d : core::DeadlinesOf(card, rules.policy, calendar)) {
        rows.push_back(store::DeadlineRow{card.number, d.key, d.kind, Micros(d.due), Micros(core::WarnAt(d, rules.policy)),
                                          d.owner, card.site, d.met, false, false});
    }
    return rows;
}

}  // namespace

void DeriveForNew(store::WriteTx& tx, const core::Card& card, const Rules& rules) {
    REDRESS_ASSERT(card.compensations.empty() && card.measures.empty(), "a new complaint has no approvals to sync");
    tx.InsertDeadlines(DeadlineRows(card, rules));
}

void SyncDerived(store::WriteTx& tx, const core::Card& card, const Rules& rules) {
    tx.ReplaceDeadlines(card.number, DeadlineRows(card, rules));

    for (const core::Compensation& c : card.compensations) {
        if (c.status == core::CompensationStatus::kPending) {
            tx.UpsertApproval(store::ApprovalRow{card.number, "compensation", c.id, c.value.minor, c.description,
                                                 c.proposed.by, Micros(c.proposed.at), card.site});
        } else {
            tx.DeleteApproval(card.number, "compensation", c.id);
        }
    }
    std::string round = std::to_string(card.round);
    std::string pending;
    const core::Measure* first = nullptr;
    for (const core::Measure& m : card.measures) {
        if (m.round == card.round && !m.approved) {
            pending += (pending.empty() ? "" : "; ") + m.description;
            first = first ? first : &m;
        }
    }
    if (first && !core::IsTerminal(card)) {
        tx.UpsertApproval(store::ApprovalRow{card.number, "measures", round, 0, pending, first->planned_by,
                                             Micros(card.updated_at), card.site});
    } else {
        tx.DeleteApproval(card.number, "measures", round);
    }
}

template <class Command>
core::Result<core::Card> Run(store::WriteTx& tx,
                             std::string_view number,
                             std::optional<std::int64_t> expected_version,
                             const Command& command,
                             const Actor& actor,
                             core::Timestamp now,
                             const Rules& rules) {
    REDRESS_TRY(Precheck(tx, command));
    core::ProcedureContext ctx{rules.policy, WhoOf(actor), now, {}};
    if constexpr (std::is_same_v<Command, core::CompensationCmd>) {
        ctx.spent = SpentThisMonth(tx, actor, now);  // only a new grant is checked against it
    }
    core::Events recorded;
    auto card = Execute(tx, number, expected_version, actor, now, [&](const core::Card& current) -> core::Result<core::Events> {
        auto events = core::Decide(current, command, ctx);
        if (events) {
            recorded = *events;
        }
        return events;
    });
    REDRESS_TRY(card);
    // Grants use the authority (and budget) of whoever granted or approved them.
    for (const core::EventData& e : recorded) {
        std::string ref;
        if (const auto* p = std::get_if<core::CompensationProposed>(&e); p && p->status == core::CompensationStatus::kGranted) {
            ref = p->id;
        } else if (const auto* d = std::get_if<core::CompensationDecided>(&e); d && d->approved) {
            ref = d->id;
        }
        if (const core::Compensation* c = ref.empty() ? nullptr : core::FindCompensation(*card, ref)) {
            tx.AddLedger(store::LedgerRow{card->number, c->id, actor.login, std::string(core::json::EnumName(actor.role)),
                                          actor.site, MonthOf(now), c->value.minor,
                                          c->cost.minor, Micros(now)});
        }
    }
    SyncDerived(tx, *card, rules);
    return card;
}

#define REDRESS_INSTANTIATE_RUN(Command)                                                                       \
    template core::Result<core::Card> Run<core::Command>(store::WriteTx&, std::string_view,                   \
                                                         std::optional<std::int64_t>, const core::Command&,   \
                                                         const Actor&, core::Timestamp, const Rules&);
REDRESS_INSTANTIATE_RUN(AssignCmd)
REDRESS_INSTANTIATE_RUN(StartInvestigationCmd)
REDRESS_INSTANTIATE_RUN(EmployeeViewCmd)
REDRESS_INSTANTIATE_RUN(OpinionCmd)
REDRESS_INSTANTIATE_RUN(ValidityCmd)
REDRESS_INSTANTIATE_RUN(PlanMeasureCmd)
REDRESS_INSTANTIATE_RUN(ApproveMeasuresCmd)
REDRESS_INSTANTIATE_RUN(ReportMeasureCmd)
REDRESS_INSTANTIATE_RUN(CompensationCmd)
REDRESS_INSTANTIATE_RUN(DecideCompensationCmd)
REDRESS_INSTANTIATE_RUN(AnswerCmd)
REDRESS_INSTANTIATE_RUN(SatisfactionCmd)
REDRESS_INSTANTIATE_RUN(CloseCmd)
REDRESS_INSTANTIATE_RUN(SignOffCmd)
REDRESS_INSTANTIATE_RUN(WithdrawCmd)
REDRESS_INSTANTIATE_RUN(MergeCmd)
REDRESS_INSTANTIATE_RUN(ReopenCmd)
REDRESS_INSTANTIATE_RUN(CallbackCmd)
REDRESS_INSTANTIATE_RUN(CallbackMadeCmd)
REDRESS_INSTANTIATE_RUN(LogTimeCmd)
#undef REDRESS_INSTANTIATE_RUN

int RecordDueAlerts(store::WriteTx& tx, core::Timestamp now, const Rules& rules, int limit) {
    const Actor scheduler{"system:scheduler", "Redress", "", "", core::Role::kAuditor, "en"};
    int recorded = 0;
    for (const store::DeadlineRow& row : tx.DueAlerts(Micros(now), limit)) {
        const core::Timestamp due = FromMicros(row.due_at);
        std::vector<std::string> levels;
        core::Events events;
        if (!row.approaching_done) {
            levels.emplace_back("approaching");
            events.emplace_back(core::DeadlineApproaching{row.key, due});
        }
        if (!row.missed_done && row.due_at <= Micros(now)) {
            levels.emplace_back("missed");
            events.emplace_back(core::DeadlineMissed{row.key, due});
        }
        // Both alerts of one deadline (a server down over its warning and its due time)
        // are recorded together, in one step on the complaint's chain.
        auto card = Execute(tx, row.number, std::nullopt, scheduler, now,
                            [&](const core::Card&) -> core::Result<core::Events> { return events; });
        if (!card) {
            continue;  // the complaint is gone from under its deadline: nothing to alert
        }
        const core::Deadline deadline{row.key, row.kind, due, row.owner, false};
        for (const std::string& level : levels) {
            tx.MarkDeadlineAlerted(row.number, row.key, level);
            std::string text = "deadline " + row.key + " of complaint " + row.number +
                               (level == "missed" ? " was missed: it was due " : " is approaching: due ") +
                               core::FormatRfc3339(due);
            for (const std::string& recipient : core::Recipients(rules.policy, *card, deadline, level)) {
                tx.AddNotification(store::NotificationRow{0, recipient, row.number, "deadline_" + level, text, Micros(now)});
            }
            ++recorded;
        }
    }
    return recorded;
}

}  // namespace redress::app
