#pragma once

// The procedure's use cases: run a command of core/procedure.hpp against a stored
// complaint, and keep what follows from the card in step within the same transaction —
// its deadlines, the approvals queue, the compensation ledger.

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "app/actor.hpp"
#include "core/calendar.hpp"
#include "core/card.hpp"
#include "core/policy.hpp"
#include "core/procedure.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace redress::app {

// The policy with its calendars resolved (time zones read from zoneinfo).
struct Rules {
    core::Policy policy;
    core::BusinessCalendar calendar;
    std::map<std::string, core::BusinessCalendar, std::less<>> site_calendars;

    const core::BusinessCalendar& CalendarFor(std::string_view site) const;
};

// Builds rules from a policy, reading each time zone from `zoneinfo_dir`
// (default /usr/share/zoneinfo, or REDRESS_ZONEINFO).
core::Result<Rules> MakeRules(core::Policy policy, std::string zoneinfo_dir = {});

// Reads and checks a policy file, then resolves it; an empty path gives the defaults.
core::Result<Rules> LoadRules(const std::string& policy_path);

// Rewrites the complaint's deadlines and approvals from its card.
void SyncDerived(store::WriteTx& tx, const core::Card& card, const Rules& rules);
// The same for a complaint just registered, which has neither yet: only inserts.
void DeriveForNew(store::WriteTx& tx, const core::Card& card, const Rules& rules);

core::Who WhoOf(const Actor& actor);

// What `actor` has granted this month, and what the budget of their role and site has spent.
core::Spent SpentThisMonth(store::ReadTx& tx, const Actor& actor, core::Timestamp now);

// Runs one procedure command: loads the card, checks the version, decides, records the
// events, and syncs deadlines, approvals and the ledger. One transaction: the caller's.
template <class Command>
core::Result<core::Card> Run(store::WriteTx& tx,
                             std::string_view number,
                             std::optional<std::int64_t> expected_version,
                             const Command& command,
                             const Actor& actor,
                             core::Timestamp now,
                             const Rules& rules);

// Records the alerts whose time has come (DeadlineApproaching, DeadlineMissed), each
// exactly once, and notifies the escalation chain. Returns how many were recorded.
int RecordDueAlerts(store::WriteTx& tx, core::Timestamp now, const Rules& rules, int limit = 500);

// A work list: "mine", "team", "overdue", "due_today" (open deadlines) or "approvals"
// (what this actor may approve). Overseers see everyone's overdue and due-today work.
struct TaskList {
    std::vector<store::DeadlineRow> deadlines;
    std::vector<store::ApprovalRow> approvals;
};
core::Result<TaskList> ListTasks(store::ReadTx& tx, std::string_view view, const Actor& actor, core::Timestamp now,
                                 const Rules& rules);
// Whether the role oversees others' work (the "team" view).
bool SeesTeam(core::Role role);

// "YYYY-MM" of an instant, for the monthly ledger.
std::string MonthOf(core::Timestamp t);

}  // namespace redress::app
