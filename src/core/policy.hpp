#pragma once

// The company's rules as configuration (a TOML file, see docs/policy.md): deadlines, the
// business calendar, escalation, authority limits, the compensation catalogue, budgets,
// signals and the satisfaction survey. DefaultPolicy() holds DOMAIN.md's values.

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/money.hpp"
#include "core/result.hpp"
#include "core/roles.hpp"
#include "core/time.hpp"

namespace redress::core {

struct CalendarSpec {
    std::string time_zone = "UTC";  // an IANA name: Europe/Moscow, Europe/Sofia, Asia/Yerevan
    std::array<bool, 7> working_days{false, true, true, true, true, true, false};  // Sunday = 0
    int opens_minute = 9 * 60;
    int closes_minute = 18 * 60;
    std::vector<Date> holidays;
};

struct DeadlineRules {
    int answer_working_days = 1;     // no inspection needed
    int decision_working_days = 10;  // with investigation
    // Defective goods are replaced at once: within this much working time.
    int replacement_working_hours = 2;
    std::vector<std::string> replacement_categories{"defective goods"};
    int approaching_hours = 2;  // warn this long before a deadline
};

struct EscalationRule {
    std::string deadline = "*";    // "answer", "decision", "replacement", "measure", "callback" or "*"
    std::string on = "missed";     // "approaching" or "missed"
    std::vector<std::string> notify;  // "owner", "responsible", or a role name
};

// What one person of a role may grant without approval. An absent limit is unlimited;
// a role without an entry may grant nothing.
struct AuthorityLimit {
    std::optional<Money> per_grant;
    std::optional<Money> per_month;
};

struct CatalogueOption {
    std::string id;
    std::string name;
    Money value;  // to the customer
    Money cost;   // to the company
    std::string tier;  // the size of problem it suits: small, medium, large
};

struct Budget {
    Role role = Role::kFrontLine;
    std::string site;  // empty: every site
    Money monthly;
};

struct SurveyCriterion {
    std::string id;
    std::string name;
    int weight = 0;  // the weights sum to 100
};

struct Policy {
    std::string currency = "RUB";
    CalendarSpec calendar;
    std::map<std::string, CalendarSpec> sites;  // a site's own calendar, if it differs
    DeadlineRules deadlines;
    std::vector<EscalationRule> escalation;
    std::map<Role, AuthorityLimit> authority;
    std::vector<CatalogueOption> catalogue;
    std::vector<Budget> budgets;
    int supplier_threshold = 3;   // complaints naming one supplier within the window
    int supplier_window_days = 90;
    int repeat_threshold = 3;     // complaints from one customer within the window
    int repeat_window_days = 365;
    std::vector<SurveyCriterion> survey;
    int low_satisfaction_x100 = 800;  // below 8: organisational measures (DOMAIN §7)

    const CalendarSpec& CalendarFor(std::string_view site) const;
    const CatalogueOption* FindOption(std::string_view id) const;
    std::optional<AuthorityLimit> AuthorityOf(Role role) const;
    const Budget* BudgetFor(Role role, std::string_view site) const;
};

Policy DefaultPolicy();

// Parses a policy file. Sections left out keep their defaults. Errors say where:
// "policy.toml:12:14: authority.front_line.per_grant must be an amount, e.g. \"500.00\"".
Result<Policy> ParsePolicy(std::string_view toml_text, std::string_view source_name);

}  // namespace redress::core
