// Work lists: GET /api/v1/tasks (mine, team, overdue, due today, approvals),
// notifications, and a complaint's signals (A-status, repeated claims, supplier).

#include <boost/json.hpp>

#include "app/procedure.hpp"
#include "app/record.hpp"
#include "core/json.hpp"
#include "core/text.hpp"
#include "core/procedure.hpp"
#include "http/api.hpp"
#include "http/api_support.hpp"
#include "http/problem.hpp"

namespace redress::http {

namespace {

using core::Permission;

std::string Rfc3339(std::int64_t micros) {
    return core::FormatRfc3339(app::FromMicros(micros));
}


}  // namespace

void AddTaskRoutes(Router& router, Services& services) {
    router.Add("GET", "/api/v1/tasks", Access::Needs({Permission::kReadTasks}), [&services](const Request& req, const Params&, const Context& ctx) -> Outcome {
        std::string view(req.Query("view").value_or("mine"));
        auto tasks = app::ListTasks(*services.store.Read(), view, ctx.actor, ctx.now, services.rules);
        if (!tasks) {
            return Problem(tasks.error());
        }
        boost::json::object body{{"view", view}};
        boost::json::array& items = body["items"].emplace_array();
        for (const store::ApprovalRow& a : tasks->approvals) {
            items.push_back({{"number", a.number}, {"kind", a.kind}, {"ref", a.ref},
                             {"amount", a.kind == "compensation" ? boost::json::value(core::FormatMoney(core::Money{a.amount_minor}))
                                                                 : boost::json::value(nullptr)},
                             {"description", a.description}, {"requested_by", a.requested_by},
                             {"requested_at", Rfc3339(a.requested_at)}});
        }
        const std::int64_t now = app::Micros(ctx.now);
        for (const store::DeadlineRow& d : tasks->deadlines) {
            items.push_back({{"number", d.number}, {"deadline", d.key}, {"kind", d.kind}, {"due", Rfc3339(d.due_at)},
                             {"owner", d.owner}, {"site", d.site}, {"overdue", d.due_at <= now}});
        }
        return Json(200, boost::json::serialize(body));
    });

    router.Add("GET", "/api/v1/notifications", Access::Needs({Permission::kReadComplaints}), [&services](const Request& req, const Params&, const Context& ctx) -> Outcome {
        auto after = QueryInt(req, "after", 0, INT64_MAX);
        if (!after) {
            return Problem(after.error());
        }
        std::vector<std::string> recipients{"user:" + ctx.actor.login,
                                            "role:" + std::string(core::json::EnumName(ctx.actor.role))};
        boost::json::array items;
        for (const store::NotificationRow& n : services.store.Read()->Notifications(recipients, after->value_or(0), 200)) {
            items.push_back({{"id", n.id}, {"recipient", n.recipient}, {"number", n.number}, {"kind", n.kind},
                             {"text", n.text}, {"created_at", Rfc3339(n.created_at)}});
        }
        return Json(200, boost::json::serialize(boost::json::object{{"items", std::move(items)}}));
    });

    // Signals are shown, never blocking: honest customers are trusted (DOMAIN §5).
    router.Add("GET", "/api/v1/complaints/{number}/signals", Access::Needs({Permission::kReadComplaints}), [&services](const Request&, const Params& params, const Context& ctx) -> Outcome {
        auto number = NumberParam(params);
        if (!number) {
            return Problem(number.error());
        }
        auto read = services.store.Read();
        auto stored = read->FindCard(*number);
        if (!stored) {
            return Problem(core::NotFound("no complaint " + *number));
        }
        auto card = app::CardFromStored(*stored);
        if (!card) {
            return Problem(card.error());
        }
        const core::Policy& policy = services.rules.policy;
        boost::json::object body{{"number", *number}};
        std::optional<store::AStatusRow> a_status;
        if (!card->contact.email.empty()) {
            a_status = read->FindAStatus(core::AsciiLower(card->contact.email));
        }
        if (!a_status && !card->organisation.empty()) {
            a_status = read->FindAStatus(core::AsciiLower(card->organisation));
        }
        body["a_status"] = a_status ? boost::json::value({{"name", a_status->name}, {"privileges", a_status->privileges}})
                                    : boost::json::value(nullptr);
        std::string contact_key = app::ContactKey(card->contact);
        std::int64_t since = app::Micros(ctx.now - std::chrono::days{policy.repeat_window_days});
        std::int64_t claims = contact_key.empty() ? 0 : read->CountByContact(contact_key, since);
        body["repeat_claims"] = {{"count", claims}, {"window_days", policy.repeat_window_days},
                                 {"threshold", policy.repeat_threshold}, {"flagged", claims >= policy.repeat_threshold}};
        if (card->supplier.empty()) {
            body["supplier"] = nullptr;
        } else {
            std::int64_t supplier_since = app::Micros(ctx.now - std::chrono::days{policy.supplier_window_days});
            std::int64_t count = read->CountBySupplier(card->supplier, supplier_since);
            body["supplier"] = {{"name", card->supplier}, {"count", count}, {"window_days", policy.supplier_window_days},
                                {"threshold", policy.supplier_threshold}, {"flagged", count >= policy.supplier_threshold}};
        }
        return Json(200, boost::json::serialize(body));
    });
}

}  // namespace redress::http
