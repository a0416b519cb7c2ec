#pragma once

// The procedure (DOMAIN §3–5) as pure decisions: each command, given the card as it
// stands and who asks, either yields the events to record or says in words why not.
// Permissions by role are checked by the API before this; what depends on the complaint
// (only its responsible person decides it, nothing happens to a closed complaint) is here.

#include <boost/describe.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/card.hpp"
#include "core/money.hpp"
#include "core/policy.hpp"
#include "core/result.hpp"
#include "core/roles.hpp"

namespace redress::core {

struct Who {
    std::string login;
    Role role = Role::kFrontLine;
    std::string site;
    bool customer = false;  // the complaint's own customer, through the portal: may only answer the survey
};

// Compensation already granted this month: by the actor, and from the budget of the
// actor's role and site. The app layer reads these from the ledger.
struct Spent {
    Money user_month;
    Money budget_month;
};

struct ProcedureContext {
    const Policy& policy;
    Who actor;
    Timestamp now{};
    Spent spent;
};

// ---- commands (the API's request bodies) ----

struct AssignCmd {
    std::string responsible;
    std::string note;
};
BOOST_DESCRIBE_STRUCT(AssignCmd, (), (responsible, note))

struct StartInvestigationCmd {
    bool inspection_needed = false;
    std::string note;
};
BOOST_DESCRIBE_STRUCT(StartInvestigationCmd, (), (inspection_needed, note))

struct EmployeeViewCmd {
    std::string employee;  // default: the card's employee concerned
    std::string view;
};
BOOST_DESCRIBE_STRUCT(EmployeeViewCmd, (), (employee, view))

struct OpinionCmd {
    std::string opinion;
    std::string cause;
    CauseKind cause_kind = CauseKind::kOther;
    std::string supplier;
};
BOOST_DESCRIBE_STRUCT(OpinionCmd, (), (opinion, cause, cause_kind, supplier))

struct ValidityCmd {
    std::optional<bool> justified;
    std::string reason;
    std::string goodwill_offer;
    std::string no_goodwill_reason;
};
BOOST_DESCRIBE_STRUCT(ValidityCmd, (), (justified, reason, goodwill_offer, no_goodwill_reason))

struct PlanMeasureCmd {
    std::string description;
    std::string executor;
    std::optional<Timestamp> due;
    bool agreed_with_customer = false;
};
BOOST_DESCRIBE_STRUCT(PlanMeasureCmd, (), (description, executor, due, agreed_with_customer))

struct ApproveMeasuresCmd {
    std::string note;
};
BOOST_DESCRIBE_STRUCT(ApproveMeasuresCmd, (), (note))

struct ReportMeasureCmd {
    std::string id;
    std::string report;
};
BOOST_DESCRIBE_STRUCT(ReportMeasureCmd, (), (id, report))

struct CompensationCmd {
    std::string option;  // a catalogue id; empty for a custom compensation
    std::string description;
    std::optional<Money> value;  // default: the catalogue's
    std::optional<Money> cost;
};
BOOST_DESCRIBE_STRUCT(CompensationCmd, (), (option, description, value, cost))

struct DecideCompensationCmd {
    std::string id;
    std::optional<bool> approve;
    std::string note;
};
BOOST_DESCRIBE_STRUCT(DecideCompensationCmd, (), (id, approve, note))

struct AnswerCmd {
    std::string text;
    std::optional<Channel> method;  // default: e-mail when there is an address, else a letter
};
BOOST_DESCRIBE_STRUCT(AnswerCmd, (), (text, method))

struct ScoreInput {
    std::string criterion;
    std::int64_t score = 0;
};
BOOST_DESCRIBE_STRUCT(ScoreInput, (), (criterion, score))

struct SatisfactionCmd {
    std::vector<ScoreInput> scores;
    bool declined = false;
    std::optional<bool> would_recommend;
    std::string comment;
};
BOOST_DESCRIBE_STRUCT(SatisfactionCmd, (), (scores, declined, would_recommend, comment))

struct CloseCmd {
    std::string note;
};
BOOST_DESCRIBE_STRUCT(CloseCmd, (), (note))

struct SignOffCmd {
    std::string note;
};
BOOST_DESCRIBE_STRUCT(SignOffCmd, (), (note))

struct WithdrawCmd {
    std::string reason;
};
BOOST_DESCRIBE_STRUCT(WithdrawCmd, (), (reason))

struct MergeCmd {
    std::string into;  // the register number of the complaint this one duplicates
    std::string note;
};
BOOST_DESCRIBE_STRUCT(MergeCmd, (), (into, note))

struct ReopenCmd {
    std::string reason;
};
BOOST_DESCRIBE_STRUCT(ReopenCmd, (), (reason))

struct CallbackCmd {
    std::optional<Timestamp> due;
    std::string note;
};
BOOST_DESCRIBE_STRUCT(CallbackCmd, (), (due, note))

struct CallbackMadeCmd {
    std::string id;
    std::string note;
};
BOOST_DESCRIBE_STRUCT(CallbackMadeCmd, (), (id, note))

struct LogTimeCmd {
    std::int64_t minutes = 0;
    std::string note;
};
BOOST_DESCRIBE_STRUCT(LogTimeCmd, (), (minutes, note))

using Events = std::vector<EventData>;

// Which permissions let a role ask for each command at all (any one suffices); whether
// it may happen to this complaint now is Decide's answer.
template <class Command>
inline const std::vector<Permission> kMayAsk;
template <> inline const std::vector<Permission> kMayAsk<AssignCmd>{Permission::kAssign, Permission::kTakeOwnership};
template <> inline const std::vector<Permission> kMayAsk<StartInvestigationCmd>{Permission::kHandle};
template <> inline const std::vector<Permission> kMayAsk<EmployeeViewCmd>{Permission::kHandle};
template <> inline const std::vector<Permission> kMayAsk<OpinionCmd>{Permission::kHandle};
template <> inline const std::vector<Permission> kMayAsk<ValidityCmd>{Permission::kHandle};
template <> inline const std::vector<Permission> kMayAsk<PlanMeasureCmd>{Permission::kHandle};
template <> inline const std::vector<Permission> kMayAsk<ApproveMeasuresCmd>{Permission::kApprove};
template <> inline const std::vector<Permission> kMayAsk<ReportMeasureCmd>{Permission::kExecute};
template <> inline const std::vector<Permission> kMayAsk<CompensationCmd>{Permission::kHandle};
template <> inline const std::vector<Permission> kMayAsk<DecideCompensationCmd>{Permission::kApprove};
template <> inline const std::vector<Permission> kMayAsk<AnswerCmd>{Permission::kHandle};
template <> inline const std::vector<Permission> kMayAsk<SatisfactionCmd>{Permission::kHandle};
template <> inline const std::vector<Permission> kMayAsk<CloseCmd>{Permission::kHandle};
template <> inline const std::vector<Permission> kMayAsk<SignOffCmd>{Permission::kHandle, Permission::kSignOff};
template <> inline const std::vector<Permission> kMayAsk<WithdrawCmd>{Permission::kWithdraw};
template <> inline const std::vector<Permission> kMayAsk<MergeCmd>{Permission::kAssign};
template <> inline const std::vector<Permission> kMayAsk<ReopenCmd>{Permission::kReopen};
template <> inline const std::vector<Permission> kMayAsk<CallbackCmd>{Permission::kHandle};
template <> inline const std::vector<Permission> kMayAsk<CallbackMadeCmd>{Permission::kHandle};
template <> inline const std::vector<Permission> kMayAsk<LogTimeCmd>{Permission::kHandle, Permission::kExecute};

bool AllowsAny(Role role, const std::vector<Permission>& permissions);

Result<Events> Decide(const Card& card, const AssignCmd& cmd, const ProcedureContext& ctx);
Result<Events> Decide(const Card& card, const StartInvestigationCmd& cmd, const ProcedureContext& ctx);
Result<Events> Decide(const Card& card, const EmployeeViewCmd& cmd, const ProcedureContext& ctx);
Result<Events> Decide(const Card& card, const OpinionCmd& cmd, const ProcedureContext& ctx);
Result<Events> Decide(const Card& card, const ValidityCmd& cmd, const ProcedureContext& ctx);
Result<Events> Decide(const Card& card, const PlanMeasureCmd& cmd, const ProcedureContext& ctx);
Result<Events> Decide(const Card& card, const ApproveMeasuresCmd& cmd, const ProcedureContext& ctx);
Result<Events> Decide(const Card& card, const ReportMeasureCmd& cmd, const ProcedureContext& ctx);
Result<Events> Decide(const Card& card, const CompensationCmd& cmd, const ProcedureContext& ctx);
Result<Events> Decide(const Card& card, const DecideCompensationCmd& cmd, const ProcedureContext& ctx);
Result<Events> Decide(const Card& card, const AnswerCmd& cmd, const ProcedureContext& ctx);
Result<Events> Decide(const Card& card, const SatisfactionCmd& cmd, const ProcedureContext& ctx);
Result<Events> Decide(const Card& card, const CloseCmd& cmd, const ProcedureContext& ctx);
Result<Events> Decide(const Card& card, const SignOffCmd& cmd, const ProcedureContext& ctx);
Result<Events> Decide(const Card& card, const WithdrawCmd& cmd, const ProcedureContext& ctx);
Result<Events> Decide(const Card& card, const MergeCmd& cmd, const ProcedureContext& ctx);
Result<Events> Decide(const Card& card, const ReopenCmd& cmd, const ProcedureContext& ctx);
Result<Events> Decide(const Card& card, const CallbackCmd& cmd, const ProcedureContext& ctx);
Result<Events> Decide(const Card& card, const CallbackMadeCmd& cmd, const ProcedureContext& ctx);
Result<Events> Decide(const Card& card, const LogTimeCmd& cmd, const ProcedureContext& ctx);

// Whether `who` may grant `value` (costing the company `cost`) at once; if not, the
// reason in words. Approvers are checked with the same limits, ignoring spend.
struct AuthorityVerdict {
    bool within = false;
    std::string reason;
};
AuthorityVerdict CheckAuthority(const Policy& policy, const Who& who, Money value, Money cost, const Spent& spent);

// Whether `who` can approve a compensation of `value`: kApprove and a per-grant limit
// that covers it.
bool CanApprove(const Policy& policy, const Who& who, Money value);

// The satisfaction index in hundredths (DOMAIN §7): sum of score × weight, weights summing to 100.
std::int64_t SatisfactionIndexX100(const std::vector<CriterionScore>& scores);

}  // namespace redress::core
