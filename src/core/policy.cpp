#include "core/policy.hpp"

#include <algorithm>
#include <initializer_list>
#include <toml++/toml.h>

#include "core/json.hpp"

namespace redress::core {

namespace {

Money Units(std::int64_t units) {
    return Money{units * 100};
}

// Where a node came from, for messages: "policy.toml:12:5: ".
struct Reader {
    std::string source;

    Error At(const toml::node& node, const std::string& path, std::string rule, const std::string& what) const {
        const auto& begin = node.source().begin;
        return InvalidArgument(path, std::move(rule),
                               source + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column) +
                                   ": " + path + " " + what);
    }

    Status KnownKeys(const toml::table& table, const std::string& path, std::initializer_list<std::string_view> keys) const {
        for (auto&& [key, node] : table) {
            if (std::find(keys.begin(), keys.end(), key.str()) == keys.end()) {
                std::string name = path.empty() ? std::string(key.str()) : path + "." + std::string(key.str());
                std::string known;
                for (auto k : keys) {
                    known += known.empty() ? "" : ", ";
                    known += k;
                }
                return Fail(At(node, name, "unknown", "is not a known setting (known here: " + known + ")"));
            }
        }
        return {};
    }

    Status Int(const toml::table& t, std::string_view key, const std::string& path, int& out, int min, int max) const {
        const toml::node* node = t.get(key);
        if (!node) {
            return {};
        }
        auto v = node->value<std::int64_t>();
        if (!v || *v < min || *v > max) {
            return Fail(At(*node, path, "range",
                           "must be a whole number from " + std::to_string(min) + " to " + std::to_string(max)));
        }
        out = static_cast<int>(*v);
        return {};
    }

    Status Text(const toml::table& t, std::string_view key, const std::string& path, std::string& out) const {
        const toml::node* node = t.get(key);
        if (!node) {
            return {};
        }
        auto v = node->value<std::string>();
        if (!v) {
            return Fail(At(*node, path, "type", "must be a string"));
        }
        out = *v;
        return {};
    }

    Result<Money> MoneyOf(const toml::node& node, const std::string& path) const {
        auto text = node.value<std::string>();
        auto money = text ? ParseMoney(*text) : std::nullopt;
        if (!money || money->minor < 0) {
            return Fail(At(node, path, "money", "must be an amount as a string, e.g. \"500.00\""));
        }
        return *money;
    }

    Status Texts(const toml::table& t, std::string_view key, const std::string& path, std::vector<std::string>& out) const {
        const toml::node* node = t.get(key);
        if (!node) {
            return {};
        }
        const toml::array* array = node->as_array();
        if (!array) {
            return Fail(At(*node, path, "type", "must be a list of strings"));
        }
        out.clear();
        for (const toml::node& item : *array) {
            auto v = item.value<std::string>();
            if (!v) {
                return Fail(At(item, path, "type", "must be a list of strings"));
            }
            out.push_back(*v);
        }
        return {};
    }

    static std::optional<int> ClockMinute(std::string_view hhmm) {
        if (hhmm.size() != 5 || hhmm[2] != ':') {
            return std::nullopt;
        }
        for (std::size_t i : {0u, 1u, 3u, 4u}) {
            if (hhmm[i] < '0' || hhmm[i] > '9') {
                return std::nullopt;
            }
        }
        int h = (hhmm[0] - '0') * 10 + (hhmm[1] - '0');
        int m = (hhmm[3] - '0') * 10 + (hhmm[4] - '0');
        if (h > 24 || m > 59 || (h == 24 && m != 0)) {
            return std::nullopt;
        }
        return h * 60 + m;
    }

    Status Calendar(const toml::table& t, const std::string& path, CalendarSpec& out) const {
        REDRESS_TRY(KnownKeys(t, path, {"time_zone", "working_days", "hours", "holidays"}));
        REDRESS_TRY(Text(t, "time_zone", path + ".time_zone", out.time_zone));
        if (const toml::node* node = t.get("working_days")) {
            std::vector<std::string> days;
            REDRESS_TRY(Texts(t, "working_days", path + ".working_days", days));
            static constexpr std::array<std::string_view, 7> kNames{"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
            out.working_days.fill(false);
            for (const std::string& day : days) {
                auto it = std::find(kNames.begin(), kNames.end(), day);
                if (it == kNames.end()) {
                    return Fail(At(*node, path + ".working_days", "enum", "must name days as mon, tue, wed, thu, fri, sat, sun"));
                }
                out.working_days[static_cast<std::size_t>(it - kNames.begin())] = true;
            }
        }
        if (const toml::node* node = t.get("hours")) {
            auto text = node->value<std::string>();
            std::optional<int> opens;
            std::optional<int> closes;
            if (text && text->size() == 11 && (*text)[5] == '-') {
                opens = ClockMinute(std::string_view(*text).substr(0, 5));
                closes = ClockMinute(std::string_view(*text).substr(6, 5));
            }
            if (!opens || !closes || *opens >= *closes) {
                return Fail(At(*node, path + ".hours", "hours", "must be opening and closing time, e.g. \"09:00-18:00\""));
            }
            out.opens_minute = *opens;
            out.closes_minute = *closes;
        }
        if (const toml::node* node = t.get("holidays")) {
            std::vector<std::string> days;
            REDRESS_TRY(Texts(t, "holidays", path + ".holidays", days));
            out.holidays.clear();
            for (const std::string& day : days) {
                auto date = ParseDate(day);
                if (!date) {
                    return Fail(At(*node, path + ".holidays", "date", "must list dates as YYYY-MM-DD, not " + day));
                }
                out.holidays.push_back(*date);
            }
        }
        return {};
    }

    Result<Role> RoleOf(const toml::node& node, std::string_view name, const std::string& path) const {
        auto role = json::EnumFromName<Role>(name);
        if (!role) {
            return Fail(At(node, path, "enum", "names an unknown role " + std::string(name) +
                                                   " (roles: " + json::EnumNames<Role>() + ")"));
        }
        return *role;
    }

    // [[name]] arrays of tables.
    template <class Fn>
    Status EachTable(const toml::table& t, std::string_view key, Fn&& fn) const {
        const toml::node* node = t.get(key);
        if (!node) {
            return {};
        }
        const toml::array* array = node->as_array();
        if (!array) {
            return Fail(At(*node, std::string(key), "type", "must be an array of tables, written [[" + std::string(key) + "]]"));
        }
        std::size_t i = 0;
        for (const toml::node& item : *array) {
            const toml::table* table = item.as_table();
            std::string path = std::string(key) + "[" + std::to_string(i++) + "]";
            if (!table) {
                return Fail(At(item, path, "type", "must be a table"));
            }
            REDRESS_TRY(fn(*table, path));
        }
        return {};
    }
};

}  // namespace

const CalendarSpec& Policy::CalendarFor(std::string_view site) const {
    auto it = sites.find(std::string(site));
    return it == sites.end() ? calendar : it->second;
}

const CatalogueOption* Policy::FindOption(std::string_view id) const {
    for (const CatalogueOption& option : catalogue) {
        if (option.id == id) {
            return &option;
        }
    }
    return nullptr;
}

std::optional<AuthorityLimit> Policy::AuthorityOf(Role role) const {
    auto it = authority.find(role);
    if (it == authority.end()) {
        return std::nullopt;
    }
    return it->second;
}

const Budget* Policy::BudgetFor(Role role, std::string_view site) const {
    const Budget* any_site = nullptr;
    for (const Budget& budget : budgets) {
        if (budget.role != role) {
            continue;
        }
        if (budget.site == site) {
            return &budget;
        }
        if (budget.site.empty()) {
            any_site = &budget;
        }
    }
    return any_site;
}

Policy DefaultPolicy() {
    Policy p;
    p.escalation = {
        {"*", "approaching", {"owner"}},
        {"*", "missed", {"owner", "head_of_quality"}},
        {"decision", "missed", {"manager"}},
    };
    p.authority = {
        {Role::kFrontLine, {Units(500), Units(5000)}},
        {Role::kResponsible, {Units(5000), Units(50000)}},
        {Role::kHeadOfQuality, {Units(50000), Units(500000)}},
        {Role::kManager, {std::nullopt, std::nullopt}},
    };
    p.catalogue = {
        {"replacement", "Replacement of the item", Units(100), Units(60), "small"},
        {"apology_letter", "An official apology on letterhead", Units(0), Units(0), "small"},
        {"dessert", "A dessert on the house", Units(300), Units(90), "small"},
        {"voucher", "A voucher for the next purchase", Units(1000), Units(400), "medium"},
        {"discount", "A discount on the order", Units(2000), Units(2000), "medium"},
        {"decorative_film", "A free decorative film", Units(3000), Units(600), "medium"},
        {"night_work", "Work at night or at the weekend", Units(5000), Units(2500), "medium"},
        {"service_year", "A free one-year service contract", Units(24000), Units(6000), "large"},
        {"upgrade", "An upgrade to a better model at the same price", Units(40000), Units(12000), "large"},
        {"director_visit", "A visit by the quality director", Units(0), Units(3000), "large"},
    };
    p.budgets = {
        {Role::kFrontLine, "", Units(50000)},
        {Role::kResponsible, "", Units(300000)},
    };
    p.survey = {
        {"reliability", "Reliability of the product or service", 30},
        {"speed", "Speed of our response", 25},
        {"courtesy", "Courtesy of our staff", 20},
        {"solution", "How well the problem was solved", 25},
    };
    return p;
}

Result<Policy> ParsePolicy(std::string_view toml_text, std::string_view source_name) {
    Reader r{std::string(source_name)};
    toml::table root;
    try {
        root = toml::parse(toml_text, source_name);
    } catch (const toml::parse_error& e) {
        return Fail(InvalidArgument("", "toml",
                                    r.source + ":" + std::to_string(e.source().begin.line) + ":" +
                                        std::to_string(e.source().begin.column) + ": " + std::string(e.description())));
    }
    Policy p = DefaultPolicy();
    REDRESS_TRY(r.KnownKeys(root, "", {"currency", "calendar", "sites", "deadlines", "escalation", "authority",
                                       "compensation", "budget", "signals", "survey"}));
    REDRESS_TRY(r.Text(root, "currency", "currency", p.currency));
    if (const toml::table* t = root["calendar"].as_table()) {
        REDRESS_TRY(r.Calendar(*t, "calendar", p.calendar));
    }
    if (const toml::table* sites = root["sites"].as_table()) {
        for (auto&& [key, node] : *sites) {
            std::string path = "sites." + std::string(key.str());
            const toml::table* t = node.as_table();
            if (!t) {
                return Fail(r.At(node, path, "type", "must be a table"));
            }
            CalendarSpec spec = p.calendar;
            REDRESS_TRY(r.Calendar(*t, path, spec));
            p.sites[std::string(key.str())] = std::move(spec);
        }
    }
    if (const toml::table* t = root["deadlines"].as_table()) {
        REDRESS_TRY(r.KnownKeys(*t, "deadlines", {"answer_working_days", "decision_working_days",
                                                   "replacement_working_hours", "replacement_categories",
                                                   "approaching_hours"}));
        auto& d = p.deadlines;
        REDRESS_TRY(r.Int(*t, "answer_working_days", "deadlines.answer_working_days", d.answer_working_days, 0, 60));
        REDRESS_TRY(r.Int(*t, "decision_working_days", "deadlines.decision_working_days", d.decision_working_days, 1, 120));
        REDRESS_TRY(r.Int(*t, "replacement_working_hours", "deadlines.replacement_working_hours", d.replacement_working_hours, 0, 240));
        REDRESS_TRY(r.Texts(*t, "replacement_categories", "deadlines.replacement_categories", d.replacement_categories));
        REDRESS_TRY(r.Int(*t, "approaching_hours", "deadlines.approaching_hours", d.approaching_hours, 0, 240));
    }
    if (root.get("escalation")) {
        p.escalation.clear();
    }
    REDRESS_TRY(r.EachTable(root, "escalation", [&](const toml::table& t, const std::string& path) -> Status {
        REDRESS_TRY(r.KnownKeys(t, path, {"deadline", "on", "notify"}));
        EscalationRule rule;
        REDRESS_TRY(r.Text(t, "deadline", path + ".deadline", rule.deadline));
        REDRESS_TRY(r.Text(t, "on", path + ".on", rule.on));
        REDRESS_TRY(r.Texts(t, "notify", path + ".notify", rule.notify));
        static constexpr std::array<std::string_view, 6> kDeadlines{"*", "answer", "decision", "replacement", "measure", "callback"};
        if (std::find(kDeadlines.begin(), kDeadlines.end(), rule.deadline) == kDeadlines.end()) {
            return Fail(r.At(*t.get("deadline"), path + ".deadline", "enum",
                             "must be answer, decision, replacement, measure, callback or *"));
        }
        if (rule.on != "approaching" && rule.on != "missed") {
            return Fail(r.At(t.get("on") ? *t.get("on") : static_cast<const toml::node&>(t), path + ".on", "enum",
                             "must be approaching or missed"));
        }
        for (const std::string& who : rule.notify) {
            if (who != "owner" && who != "responsible") {
                REDRESS_TRY(r.RoleOf(*t.get("notify"), who, path + ".notify"));
            }
        }
        p.escalation.push_back(std::move(rule));
        return {};
    }));
    if (const toml::table* t = root["authority"].as_table()) {
        p.authority.clear();
        for (auto&& [key, node] : *t) {
            std::string path = "authority." + std::string(key.str());
            auto role = r.RoleOf(node, key.str(), path);
            REDRESS_TRY(role);
            const toml::table* limits = node.as_table();
            if (!limits) {
                return Fail(r.At(node, path, "type", "must be a table with per_grant and per_month"));
            }
            REDRESS_TRY(r.KnownKeys(*limits, path, {"per_grant", "per_month"}));
            AuthorityLimit limit;
            for (auto [name, field] : {std::pair{"per_grant", &limit.per_grant}, std::pair{"per_month", &limit.per_month}}) {
                const toml::node* v = limits->get(name);
                if (!v || v->value<std::string>() == "unlimited") {
                    continue;
                }
                auto money = r.MoneyOf(*v, path + "." + name);
                REDRESS_TRY(money);
                *field = *money;
            }
            p.authority[*role] = limit;
        }
    }
    if (root.get("compensation")) {
        p.catalogue.clear();
    }
    REDRESS_TRY(r.EachTable(root, "compensation", [&](const toml::table& t, const std::string& path) -> Status {
        REDRESS_TRY(r.KnownKeys(t, path, {"id", "name", "value", "cost", "tier"}));
        CatalogueOption option;
        REDRESS_TRY(r.Text(t, "id", path + ".id", option.id));
        REDRESS_TRY(r.Text(t, "name", path + ".name", option.name));
        REDRESS_TRY(r.Text(t, "tier", path + ".tier", option.tier));
        for (auto [name, field] : {std::pair{"value", &option.value}, std::pair{"cost", &option.cost}}) {
            const toml::node* v = t.get(name);
            if (!v) {
                return Fail(r.At(t, path + "." + name, "required", "is required"));
            }
            auto money = r.MoneyOf(*v, path + "." + name);
            REDRESS_TRY(money);
            *field = *money;
        }
        if (option.id.empty() || p.FindOption(option.id)) {
            return Fail(r.At(t, path + ".id", "unique", "must be a non-empty id used once"));
        }
        p.catalogue.push_back(std::move(option));
        return {};
    }));
    if (root.get("budget")) {
        p.budgets.clear();
    }
    REDRESS_TRY(r.EachTable(root, "budget", [&](const toml::table& t, const std::string& path) -> Status {
        REDRESS_TRY(r.KnownKeys(t, path, {"role", "site", "monthly"}));
        Budget budget;
        std::string role;
        REDRESS_TRY(r.Text(t, "role", path + ".role", role));
        auto parsed = r.RoleOf(t, role, path + ".role");
        REDRESS_TRY(parsed);
        budget.role = *parsed;
        REDRESS_TRY(r.Text(t, "site", path + ".site", budget.site));
        const toml::node* monthly = t.get("monthly");
        if (!monthly) {
            return Fail(r.At(t, path + ".monthly", "required", "is required"));
        }
        auto money = r.MoneyOf(*monthly, path + ".monthly");
        REDRESS_TRY(money);
        budget.monthly = *money;
        p.budgets.push_back(std::move(budget));
        return {};
    }));
    if (const toml::table* t = root["signals"].as_table()) {
        REDRESS_TRY(r.KnownKeys(*t, "signals", {"supplier_threshold", "supplier_window_days", "repeat_threshold",
                                                 "repeat_window_days"}));
        REDRESS_TRY(r.Int(*t, "supplier_threshold", "signals.supplier_threshold", p.supplier_threshold, 1, 100000));
        REDRESS_TRY(r.Int(*t, "supplier_window_days", "signals.supplier_window_days", p.supplier_window_days, 1, 3660));
        REDRESS_TRY(r.Int(*t, "repeat_threshold", "signals.repeat_threshold", p.repeat_threshold, 1, 100000));
        REDRESS_TRY(r.Int(*t, "repeat_window_days", "signals.repeat_window_days", p.repeat_window_days, 1, 3660));
    }
    if (const toml::table* t = root["survey"].as_table()) {
        REDRESS_TRY(r.KnownKeys(*t, "survey", {"low_index", "criteria"}));
        if (const toml::node* low = t->get("low_index")) {
            auto v = low->value<double>();
            if (!v || *v < 0 || *v > 10) {
                return Fail(r.At(*low, "survey.low_index", "range", "must be a number from 0 to 10"));
            }
            p.low_satisfaction_x100 = static_cast<int>(*v * 100 + 0.5);
        }
        if (t->get("criteria")) {
            p.survey.clear();
            int total = 0;
            REDRESS_TRY(r.EachTable(*t, "criteria", [&](const toml::table& c, const std::string& path) -> Status {
                std::string full = "survey." + path;
                REDRESS_TRY(r.KnownKeys(c, full, {"id", "name", "weight"}));
                SurveyCriterion criterion;
                REDRESS_TRY(r.Text(c, "id", full + ".id", criterion.id));
                REDRESS_TRY(r.Text(c, "name", full + ".name", criterion.name));
                REDRESS_TRY(r.Int(c, "weight", full + ".weight", criterion.weight, 1, 100));
                total += criterion.weight;
                p.survey.push_back(std::move(criterion));
                return {};
            }));
            if (total != 100) {
                return Fail(r.At(*t->get("criteria"), "survey.criteria", "weights",
                                 "weights must sum to 100, not " + std::to_string(total)));
            }
        }
    }
    return p;
}

}  // namespace redress::core
