#include "core/deadlines.hpp"

#include <algorithm>

#include "core/text.hpp"

namespace redress::core {

namespace {

bool NeedsReplacement(const Card& card, const Policy& policy) {
    std::string category = core::AsciiLower(card.category);
    return std::any_of(policy.deadlines.replacement_categories.begin(), policy.deadlines.replacement_categories.end(),
                       [&](const std::string& c) { return core::AsciiLower(c) == category; });
}

bool ReplacementGiven(const Card& card) {
    bool granted = std::any_of(card.compensations.begin(), card.compensations.end(), [](const Compensation& c) {
        return c.status == CompensationStatus::kGranted;
    });
    bool done = std::any_of(card.measures.begin(), card.measures.end(), [](const Measure& m) { return m.done.has_value(); });
    return granted || done || card.answer.has_value();
}

}  // namespace

std::vector<Deadline> DeadlinesOf(const Card& card, const Policy& policy, const BusinessCalendar& calendar) {
    std::vector<Deadline> out;
    if (card.imported && !card.reopened) {
        return out;  // history from another system: its deadlines were that system's
    }
    const bool finished = card.withdrawn || !card.merged_into.empty();
    const bool done = finished || card.closed.has_value();
    const auto day = calendar.DayLength();
    if (card.inspection_needed.value_or(false)) {
        out.push_back({"decision", "decision",
                       AddWorkingTime(calendar, card.round_started_at, day * policy.deadlines.decision_working_days),
                       card.responsible, done || card.answer.has_value()});
    } else {
        out.push_back({"answer", "answer",
                       AddWorkingTime(calendar, card.round_started_at, day * policy.deadlines.answer_working_days),
                       card.responsible, done || card.answer.has_value()});
    }
    if (card.round == 1 && NeedsReplacement(card, policy)) {
        out.push_back({"replacement", "replacement",
                       AddWorkingTime(calendar, card.received_at,
                                      std::chrono::hours{policy.deadlines.replacement_working_hours}),
                       card.responsible, done || ReplacementGiven(card)});
    }
    for (const Measure& m : card.measures) {
        if (m.round == card.round) {
            out.push_back({"measure:" + m.id, "measure", m.due, m.executor, finished || m.done.has_value()});
        }
    }
    for (const Callback& c : card.callbacks) {
        out.push_back({"callback:" + c.id, "callback", c.due, c.booked_by, done || c.made.has_value()});
    }
    return out;
}

Timestamp WarnAt(const Deadline& deadline, const Policy& policy) {
    return deadline.due - std::chrono::hours{policy.deadlines.approaching_hours};
}

std::vector<std::string> Recipients(const Policy& policy, const Card& card, const Deadline& deadline,
                                    std::string_view level) {
    std::vector<std::string> out;
    auto add = [&](std::string who) {
        if (std::find(out.begin(), out.end(), who) == out.end()) {
            out.push_back(std::move(who));
        }
    };
    for (const EscalationRule& rule : policy.escalation) {
        if (rule.on != level || (rule.deadline != "*" && rule.deadline != deadline.kind)) {
            continue;
        }
        for (const std::string& who : rule.notify) {
            if (who == "owner") {
                // An unassigned complaint's deadline falls to whoever assigns.
                add(deadline.owner.empty() ? "role:head_of_quality" : "user:" + deadline.owner);
            } else if (who == "responsible") {
                add(card.responsible.empty() ? "role:head_of_quality" : "user:" + card.responsible);
            } else {
                add("role:" + who);
            }
        }
    }
    return out;
}

}  // namespace redress::core
