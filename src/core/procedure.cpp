#include "core/procedure.hpp"

#include <algorithm>

#include "core/json.hpp"

namespace redress::core {

namespace {

constexpr std::size_t kMaxLong = kMaxComment;

auto Refuse(std::string rule, std::string message) {
    return Fail(PreconditionFailed(std::move(rule), std::move(message)));
}

// A withdrawn or merged complaint is over for good; a closed one may still be surveyed,
// have time logged, be signed off or be reopened.
Status RequireNotWithdrawnOrMerged(const Card& card) {
    if (card.withdrawn) {
        return Refuse("withdrawn", "complaint " + card.number + " was withdrawn by the customer");
    }
    if (!card.merged_into.empty()) {
        return Refuse("merged", "complaint " + card.number + " was merged into " + card.merged_into);
    }
    return {};
}

// Nothing but comments, sign-off, satisfaction and reopening happens to a finished complaint.
Status RequireOpen(const Card& card) {
    REDRESS_TRY(RequireNotWithdrawnOrMerged(card));
    if (IsTerminal(card)) {
        return Refuse("closed", "complaint " + card.number + " is closed; reopen it first");
    }
    return {};
}

bool IsResponsible(const Card& card, const Who& who) {
    return !card.responsible.empty() && card.responsible == who.login;
}

// Handling a complaint is for its responsible person, or for someone who may handle any.
Status RequireHandler(const Card& card, const Who& who, std::string_view action) {
    if (IsResponsible(card, who) || Allows(who.role, Permission::kHandleAny)) {
        return {};
    }
    if (card.responsible.empty()) {
        return Refuse("unassigned", "complaint " + card.number + " has no responsible person yet; assign one before you " +
                                        std::string(action));
    }
    return Fail(Forbidden("only the responsible person (" + card.responsible + ") or the head of quality may " +
                          std::string(action)));
}

Status RequireInvestigation(const Card& card) {
    if (!card.investigation_started) {
        return Refuse("not_investigating", "the investigation of " + card.number + " has not started yet");
    }
    return {};
}

bool PendingCompensation(const Card& card) {
    return std::any_of(card.compensations.begin(), card.compensations.end(), [](const Compensation& c) {
        return c.status == CompensationStatus::kPending;
    });
}

template <class T>
std::string NextId(std::string_view prefix, const std::vector<T>& items) {
    return std::string(prefix) + std::to_string(items.size() + 1);
}

bool IsWrittenChannel(Channel c) {
    return c == Channel::kLetter || c == Channel::kFax || c == Channel::kEmail || c == Channel::kWeb;
}

std::string Limit(const std::optional<Money>& m) {
    return m ? FormatMoney(*m) : std::string("unlimited");
}

}  // namespace

bool AllowsAny(Role role, const std::vector<Permission>& permissions) {
    return std::any_of(permissions.begin(), permissions.end(), [role](Permission p) { return Allows(role, p); });
}

AuthorityVerdict CheckAuthority(const Policy& policy, const Who& who, Money value, Money cost, const Spent& spent) {
    std::string role(json::EnumName(who.role));
    auto limit = policy.AuthorityOf(who.role);
    if (!limit) {
        return {false, "the role " + role + " may not grant compensation"};
    }
    if (limit->per_grant && value > *limit->per_grant) {
        return {false, "value " + FormatMoney(value) + " is above the " + role + " limit of " +
                           FormatMoney(*limit->per_grant) + " per grant"};
    }
    if (limit->per_month && spent.user_month + value > *limit->per_month) {
        return {false, "it would bring this month's grants to " + FormatMoney(spent.user_month + value) +
                           ", above the " + role + " limit of " + FormatMoney(*limit->per_month) + " a month"};
    }
    if (const Budget* budget = policy.BudgetFor(who.role, who.site); budget && spent.budget_month + cost > budget->monthly) {
        return {false, "its cost would bring the " + role + " budget" + (who.site.empty() ? "" : " of " + who.site) +
                           " to " + FormatMoney(spent.budget_month + cost) + ", above " +
                           FormatMoney(budget->monthly) + " a month"};
    }
    return {true, {}};
}

bool CanApprove(const Policy& policy, const Who& who, Money value) {
    if (!Allows(who.role, Permission::kApprove)) {
        return false;
    }
    auto limit = policy.AuthorityOf(who.role);
    return limit && (!limit->per_grant || value <= *limit->per_grant);
}

std::int64_t SatisfactionIndexX100(const std::vector<CriterionScore>& scores) {
    std::int64_t sum = 0;
    for (const CriterionScore& s : scores) {
        sum += s.score * s.weight;
    }
    return sum;
}

Result<Events> Decide(const Card& card, const AssignCmd& cmd, const ProcedureContext& ctx) {
    REDRESS_TRY(RequireOpen(card));
    REDRESS_TRY(CheckText("responsible", cmd.responsible, kMaxShortText, true));
    REDRESS_TRY(CheckText("note", cmd.note, kMaxLong, false, true));
    bool self_take = cmd.responsible == ctx.actor.login && card.responsible.empty() &&
                     Allows(ctx.actor.role, Permission::kTakeOwnership);
    if (!self_take && !Allows(ctx.actor.role, Permission::kAssign)) {
        return Fail(Forbidden(card.responsible.empty()
                                  ? "you may take this complaint yourself, but only the head of quality or a manager may assign it to someone else"
                                  : "complaint " + card.number + " is already " + card.responsible +
                                        "'s; only the head of quality or a manager may reassign it"));
    }
    if (cmd.responsible == card.responsible) {
        return Refuse("already_assigned", cmd.responsible + " is already responsible for " + card.number);
    }
    return Events{Assigned{cmd.responsible, cmd.note}};
}

Result<Events> Decide(const Card& card, const StartInvestigationCmd& cmd, const ProcedureContext& ctx) {
    REDRESS_TRY(RequireOpen(card));
    REDRESS_TRY(RequireHandler(card, ctx.actor, "investigate it"));
    REDRESS_TRY(CheckText("note", cmd.note, kMaxLong, false, true));
    if (card.investigation_started) {
        return Refuse("already_investigating", "the investigation of " + card.number + " has already started");
    }
    return Events{InvestigationStarted{cmd.inspection_needed, cmd.note}};
}

Result<Events> Decide(const Card& card, const EmployeeViewCmd& cmd, const ProcedureContext& ctx) {
    REDRESS_TRY(RequireOpen(card));
    REDRESS_TRY(RequireHandler(card, ctx.actor, "record the employee's view"));
    REDRESS_TRY(RequireInvestigation(card));
    std::string employee = cmd.employee.empty() ? card.employee_concerned : cmd.employee;
    REDRESS_TRY(CheckText("employee", employee, kMaxShortText, true));
    REDRESS_TRY(CheckText("view", cmd.view, kMaxLong, true, true));
    if (card.validity) {
        return Refuse("decided", "validity is already decided; the employee's view can no longer change");
    }
    return Events{EmployeeViewRecorded{employee, cmd.view}};
}

Result<Events> Decide(const Card& card, const OpinionCmd& cmd, const ProcedureContext& ctx) {
    REDRESS_TRY(RequireOpen(card));
    REDRESS_TRY(RequireHandler(card, ctx.actor, "record an opinion"));
    REDRESS_TRY(RequireInvestigation(card));
    REDRESS_TRY(CheckText("opinion", cmd.opinion, kMaxLong, true, true));
    REDRESS_TRY(CheckText("cause", cmd.cause, kMaxLong, false, true));
    REDRESS_TRY(CheckText("supplier", cmd.supplier, kMaxShortText, cmd.cause_kind == CauseKind::kSupplier));
    if (card.validity) {
        return Refuse("decided", "validity is already decided; the opinion can no longer change");
    }
    return Events{OpinionRecorded{cmd.opinion, cmd.cause, cmd.cause_kind, cmd.supplier}};
}

Result<Events> Decide(const Card& card, const ValidityCmd& cmd, const ProcedureContext& ctx) {
    REDRESS_TRY(RequireOpen(card));
    REDRESS_TRY(RequireHandler(card, ctx.actor, "decide its validity"));
    REDRESS_TRY(RequireInvestigation(card));
    if (!cmd.justified) {
        return Fail(InvalidArgument("justified", "required", "justified is required: true or false"));
    }
    REDRESS_TRY(CheckText("reason", cmd.reason, kMaxLong, true, true));
    REDRESS_TRY(CheckText("goodwill_offer", cmd.goodwill_offer, kMaxLong, false, true));
    REDRESS_TRY(CheckText("no_goodwill_reason", cmd.no_goodwill_reason, kMaxLong, false, true));
    if (card.validity) {
        return Refuse("decided", "the validity of " + card.number + " is already decided");
    }
    if (!card.opinion || !card.employee_view) {
        return Refuse("incomplete_investigation",
                      std::string("validity is decided on the responsible person's opinion and the employee's view; ") +
                          (card.opinion ? "the employee's view" : "the opinion") + " is not on the card yet");
    }
    if (!*cmd.justified && cmd.goodwill_offer.empty() && cmd.no_goodwill_reason.empty()) {
        return Fail(InvalidArgument("goodwill_offer", "goodwill",
                                    "an unjustified complaint still gets a goodwill offer, or the reason why none is made "
                                    "(no_goodwill_reason)"));
    }
    return Events{ValidityDecided{*cmd.justified, cmd.reason, cmd.goodwill_offer, cmd.no_goodwill_reason}};
}

Result<Events> Decide(const Card& card, const PlanMeasureCmd& cmd, const ProcedureContext& ctx) {
    REDRESS_TRY(RequireOpen(card));
    REDRESS_TRY(RequireHandler(card, ctx.actor, "plan measures"));
    REDRESS_TRY(CheckText("description", cmd.description, kMaxLong, true, true));
    REDRESS_TRY(CheckText("executor", cmd.executor, kMaxShortText, true));
    if (!card.validity) {
        return Refuse("undecided", "measures are planned once the complaint is found justified");
    }
    if (!card.validity->justified) {
        return Refuse("unjustified", "complaint " + card.number +
                                         " was found unjustified: offer goodwill compensation instead of measures");
    }
    if (card.answer) {
        return Refuse("answered", "the answer has been sent; reopen the complaint to plan further measures");
    }
    if (!cmd.due) {
        return Fail(InvalidArgument("due", "required", "due is required: when the measure must be done"));
    }
    if (*cmd.due <= ctx.now) {
        return Fail(InvalidArgument("due", "future", "due must be in the future"));
    }
    return Events{MeasurePlanned{NextId("m", card.measures), cmd.description, cmd.executor, *cmd.due,
                                 cmd.agreed_with_customer}};
}

Result<Events> Decide(const Card& card, const ApproveMeasuresCmd& cmd, const ProcedureContext& ctx) {
    REDRESS_TRY(RequireOpen(card));
    REDRESS_TRY(CheckText("note", cmd.note, kMaxLong, false, true));
    if (!Allows(ctx.actor.role, Permission::kApprove)) {
        return Fail(Forbidden("measures are approved by the head of quality or management"));
    }
    MeasuresApproved approved{{}, cmd.note};
    for (const Measure& m : card.measures) {
        if (m.round == card.round && !m.approved) {
            approved.ids.push_back(m.id);
        }
    }
    if (approved.ids.empty()) {
        return Refuse("nothing_to_approve", "complaint " + card.number + " has no measures waiting for approval");
    }
    return Events{std::move(approved)};
}

Result<Events> Decide(const Card& card, const ReportMeasureCmd& cmd, const ProcedureContext& ctx) {
    REDRESS_TRY(RequireOpen(card));
    REDRESS_TRY(CheckText("report", cmd.report, kMaxLong, true, true));
    const Measure* m = FindMeasure(card, cmd.id);
    if (!m) {
        return Fail(InvalidArgument("id", "exists", "complaint " + card.number + " has no measure " + cmd.id));
    }
    if (m->executor != ctx.actor.login && !IsResponsible(card, ctx.actor) &&
        !Allows(ctx.actor.role, Permission::kHandleAny)) {
        return Fail(Forbidden("measure " + m->id + " is reported by its executor (" + m->executor +
                              ") or the responsible person"));
    }
    if (!m->approved) {
        return Refuse("not_approved", "measure " + m->id + " is not approved yet");
    }
    if (m->done) {
        return Refuse("done", "measure " + m->id + " is already done");
    }
    return Events{MeasureDone{m->id, cmd.report}};
}

Result<Events> Decide(const Card& card, const CompensationCmd& cmd, const ProcedureContext& ctx) {
    REDRESS_TRY(RequireOpen(card));
    REDRESS_TRY(CheckText("description", cmd.description, kMaxLong, false, true));
    REDRESS_TRY(RequireHandler(card, ctx.actor, "offer compensation"));
    if (!card.validity) {
        return Refuse("undecided", "compensation follows the decision on validity (a remedy, or goodwill when unjustified)");
    }
    if (card.answer) {
        return Refuse("answered", "the answer has been sent; reopen the complaint to offer more");
    }
    CompensationProposed proposed;
    proposed.id = NextId("c", card.compensations);
    proposed.option = cmd.option;
    if (!cmd.option.empty()) {
        const CatalogueOption* option = ctx.policy.FindOption(cmd.option);
        if (!option) {
            return Fail(InvalidArgument("option", "catalogue", "option " + cmd.option + " is not in the compensation catalogue"));
        }
        proposed.description = cmd.description.empty() ? option->name : cmd.description;
        proposed.value = cmd.value.value_or(option->value);
        proposed.cost = cmd.cost.value_or(option->cost);
    } else {
        if (cmd.description.empty()) {
            return Fail(InvalidArgument("description", "required", "a custom compensation needs a description"));
        }
        if (!cmd.value) {
            return Fail(InvalidArgument("value", "required", "a custom compensation needs its value to the customer"));
        }
        proposed.description = cmd.description;
        proposed.value = *cmd.value;
        proposed.cost = cmd.cost.value_or(*cmd.value);
    }
    if (proposed.value.minor < 0 || proposed.cost.minor < 0) {
        return Fail(InvalidArgument(proposed.value.minor < 0 ? "value" : "cost", "range", "amounts must not be negative"));
    }
    AuthorityVerdict verdict = CheckAuthority(ctx.policy, ctx.actor, proposed.value, proposed.cost, ctx.spent);
    proposed.status = verdict.within ? CompensationStatus::kGranted : CompensationStatus::kPending;
    proposed.authority_note = verdict.reason;
    return Events{std::move(proposed)};
}

Result<Events> Decide(const Card& card, const DecideCompensationCmd& cmd, const ProcedureContext& ctx) {
    REDRESS_TRY(RequireOpen(card));
    REDRESS_TRY(CheckText("note", cmd.note, kMaxLong, false, true));
    if (!cmd.approve) {
        return Fail(InvalidArgument("approve", "required", "approve is required: true or false"));
    }
    const Compensation* c = FindCompensation(card, cmd.id);
    if (!c) {
        return Fail(InvalidArgument("id", "exists", "complaint " + card.number + " has no compensation " + cmd.id));
    }
    if (c->status != CompensationStatus::kPending) {
        return Refuse("decided", "compensation " + c->id + " is already " + std::string(json::EnumName(c->status)));
    }
    if (*cmd.approve && !CanApprove(ctx.policy, ctx.actor, c->value)) {
        auto limit = ctx.policy.AuthorityOf(ctx.actor.role);
        return Fail(Forbidden("approving " + FormatMoney(c->value) + " needs more authority than " +
                              std::string(json::EnumName(ctx.actor.role)) + " has (" +
                              Limit(limit ? limit->per_grant : std::optional<Money>{Money{}}) + " per grant)"));
    }
    if (!*cmd.approve && !Allows(ctx.actor.role, Permission::kApprove)) {
        return Fail(Forbidden("compensation is rejected by the head of quality or management"));
    }
    if (!*cmd.approve && cmd.note.empty()) {
        return Fail(InvalidArgument("note", "required", "say why the compensation is rejected"));
    }
    return Events{CompensationDecided{c->id, *cmd.approve, cmd.note}};
}

Result<Events> Decide(const Card& card, const AnswerCmd& cmd, const ProcedureContext& ctx) {
    REDRESS_TRY(RequireOpen(card));
    REDRESS_TRY(RequireHandler(card, ctx.actor, "answer the customer"));
    REDRESS_TRY(CheckText("text", cmd.text, kMaxStatement, true, true));
    if (!card.validity) {
        return Refuse("undecided", "the answer reports the decision; decide the validity of " + card.number + " first");
    }
    if (card.answer) {
        return Refuse("answered", "the answer to " + card.number + " has already been sent");
    }
    if (PendingCompensation(card)) {
        return Refuse("pending_approval", "a compensation is waiting for approval; the answer states what is granted");
    }
    for (const Measure& m : card.measures) {
        if (m.round == card.round && !m.approved) {
            return Refuse("measures_unapproved", "measure " + m.id + " is not approved yet; the answer reports agreed measures");
        }
    }
    Channel method = cmd.method.value_or(card.contact.email.empty() ? Channel::kLetter : Channel::kEmail);
    bool written_complaint = !card.oral && card.channel != Channel::kInPerson;
    if (written_complaint && !IsWrittenChannel(method)) {
        return Fail(InvalidArgument("method", "written_answer",
                                    "a written complaint gets a written answer: letter, email, fax or web"));
    }
    return Events{AnswerSent{cmd.text, method}};
}

Result<Events> Decide(const Card& card, const SatisfactionCmd& cmd, const ProcedureContext& ctx) {
    REDRESS_TRY(RequireNotWithdrawnOrMerged(card));
    if (!ctx.actor.customer) {
        REDRESS_TRY(RequireHandler(card, ctx.actor, "record the customer's satisfaction"));
    }
    REDRESS_TRY(CheckText("comment", cmd.comment, kMaxLong, false, true));
    if (!card.answer) {
        return Refuse("no_answer", "satisfaction is measured after the customer has the answer");
    }
    if (card.satisfaction) {
        return Refuse("recorded", "satisfaction with " + card.number + " is already recorded");
    }
    SatisfactionRecorded recorded;
    recorded.declined = cmd.declined;
    recorded.would_recommend = cmd.would_recommend;
    recorded.comment = cmd.comment;
    if (!cmd.declined) {
        for (std::size_t i = 0; i < cmd.scores.size(); ++i) {
            const ScoreInput& s = cmd.scores[i];
            std::string field = "scores[" + std::to_string(i) + "]";
            auto it = std::find_if(ctx.policy.survey.begin(), ctx.policy.survey.end(),
                                   [&](const SurveyCriterion& c) { return c.id == s.criterion; });
            if (it == ctx.policy.survey.end()) {
                return Fail(InvalidArgument(field + ".criterion", "criterion", s.criterion + " is not a survey criterion"));
            }
            if (s.score < 1 || s.score > 10) {
                return Fail(InvalidArgument(field + ".score", "range", "scores are from 1 to 10"));
            }
            bool repeated = std::any_of(recorded.scores.begin(), recorded.scores.end(),
                                        [&](const CriterionScore& c) { return c.criterion == s.criterion; });
            if (repeated) {
                return Fail(InvalidArgument(field + ".criterion", "unique", s.criterion + " is scored twice"));
            }
            recorded.scores.push_back(CriterionScore{s.criterion, s.score, it->weight});
        }
        if (recorded.scores.size() != ctx.policy.survey.size()) {
            return Fail(InvalidArgument("scores", "complete", "score every survey criterion, or record that the customer declined"));
        }
        recorded.index_x100 = SatisfactionIndexX100(recorded.scores);
    }
    return Events{std::move(recorded)};
}

Result<Events> Decide(const Card& card, const CloseCmd& cmd, const ProcedureContext& ctx) {
    REDRESS_TRY(RequireOpen(card));
    REDRESS_TRY(RequireHandler(card, ctx.actor, "close it"));
    REDRESS_TRY(CheckText("note", cmd.note, kMaxLong, false, true));
    if (!card.answer) {
        return Refuse("no_answer", "a complaint is closed once the answer is sent");
    }
    for (const Measure& m : card.measures) {
        if (m.round == card.round && !m.done) {
            return Refuse("measures_open", "measure " + m.id + " (" + m.executor + ") is not done yet");
        }
    }
    if (PendingCompensation(card)) {
        return Refuse("pending_approval", "a compensation is still waiting for approval");
    }
    return Events{Closed{cmd.note}};
}

Result<Events> Decide(const Card& card, const SignOffCmd& cmd, const ProcedureContext& ctx) {
    REDRESS_TRY(CheckText("note", cmd.note, kMaxLong, false, true));
    if (!card.closed) {
        return Refuse("not_closed", "sign-off follows closing");
    }
    if (IsResponsible(card, ctx.actor) && !card.responsible_sign_off) {
        return Events{SignedOff{"responsible", cmd.note}};
    }
    if (Allows(ctx.actor.role, Permission::kSignOff)) {
        if (card.quality_sign_off) {
            return Refuse("signed", "the head of quality has already signed " + card.number + " off");
        }
        return Events{SignedOff{"quality", cmd.note}};
    }
    if (IsResponsible(card, ctx.actor)) {
        return Refuse("signed", "you have already signed " + card.number + " off");
    }
    return Fail(Forbidden("sign-off is by the responsible person and by the head of quality"));
}

Result<Events> Decide(const Card& card, const WithdrawCmd& cmd, const ProcedureContext&) {
    REDRESS_TRY(RequireOpen(card));
    REDRESS_TRY(CheckText("reason", cmd.reason, kMaxLong, true, true));
    return Events{Withdrawn{cmd.reason}};
}

Result<Events> Decide(const Card& card, const MergeCmd& cmd, const ProcedureContext&) {
    REDRESS_TRY(RequireOpen(card));
    REDRESS_TRY(CheckText("note", cmd.note, kMaxLong, false, true));
    if (cmd.into == card.number) {
        return Fail(InvalidArgument("into", "self", "a complaint cannot be merged into itself"));
    }
    return Events{MergedInto{cmd.into, cmd.note}};
}

Result<Events> Decide(const Card& card, const ReopenCmd& cmd, const ProcedureContext&) {
    REDRESS_TRY(CheckText("reason", cmd.reason, kMaxLong, true, true));
    REDRESS_TRY(RequireNotWithdrawnOrMerged(card));
    if (!IsTerminal(card)) {
        return Refuse("not_closed", "complaint " + card.number + " is still open");
    }
    return Events{Reopened{cmd.reason}};
}

Result<Events> Decide(const Card& card, const CallbackCmd& cmd, const ProcedureContext& ctx) {
    REDRESS_TRY(RequireOpen(card));
    REDRESS_TRY(CheckText("note", cmd.note, kMaxLong, false, true));
    if (!cmd.due) {
        return Fail(InvalidArgument("due", "required", "a callback promise names when: \"by 17:00\", never \"later\""));
    }
    if (*cmd.due <= ctx.now) {
        return Fail(InvalidArgument("due", "future", "due must be in the future"));
    }
    return Events{CallbackBooked{NextId("cb", card.callbacks), *cmd.due, cmd.note}};
}

Result<Events> Decide(const Card& card, const CallbackMadeCmd& cmd, const ProcedureContext&) {
    REDRESS_TRY(CheckText("note", cmd.note, kMaxLong, false, true));
    const Callback* c = FindCallback(card, cmd.id);
    if (!c) {
        return Fail(InvalidArgument("id", "exists", "complaint " + card.number + " has no callback " + cmd.id));
    }
    if (c->made) {
        return Refuse("done", "callback " + c->id + " was already made");
    }
    return Events{CallbackMade{c->id, cmd.note}};
}

Result<Events> Decide(const Card& card, const LogTimeCmd& cmd, const ProcedureContext&) {
    REDRESS_TRY(CheckText("note", cmd.note, kMaxLong, false, true));
    if (cmd.minutes < 1 || cmd.minutes > 24 * 60) {
        return Fail(InvalidArgument("minutes", "range", "minutes must be from 1 to 1440"));
    }
    REDRESS_TRY(RequireNotWithdrawnOrMerged(card));
    return Events{TimeLogged{cmd.minutes, cmd.note}};
}

}  // namespace redress::core
