#pragma once

// The deadlines a complaint is under (DOMAIN §4), computed from its card on the business
// calendar: the answer (1 working day) or, when an investigation is needed, the decision
// (10 working days); immediate replacement of defective goods; each measure's and each
// promised callback's own due time.

#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.hpp"
#include "core/card.hpp"
#include "core/policy.hpp"

namespace redress::core {

struct Deadline {
    std::string key;   // unique on the card: "answer", "decision", "replacement", "measure:m1", "callback:cb1"
    std::string kind;  // "answer", "decision", "replacement", "measure", "callback"
    Timestamp due{};
    std::string owner;  // who must meet it (a login); empty while unassigned
    bool met = false;
};

std::vector<Deadline> DeadlinesOf(const Card& card, const Policy& policy, const BusinessCalendar& calendar);

// When the "approaching" warning is due.
Timestamp WarnAt(const Deadline& deadline, const Policy& policy);

// Who is told, per the escalation rules: "user:<login>" or "role:<role>", each once.
std::vector<std::string> Recipients(const Policy& policy, const Card& card, const Deadline& deadline,
                                    std::string_view level);

}  // namespace redress::core
