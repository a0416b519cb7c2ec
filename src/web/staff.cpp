// The staff app outside the card: signing in and out, the language, the register with
// its saved views, telephone intake, tasks and approvals.

#include <boost/describe.hpp>
#include <boost/mp11.hpp>

#include "app/complaints.hpp"
#include "app/portal.hpp"
#include "app/procedure.hpp"
#include "app/record.hpp"
#include "core/complaint.hpp"
#include "http/api_support.hpp"
#include "web/labels.hpp"
#include "web/pages.hpp"
#include "web/web.hpp"

namespace redress::web {

namespace {

using http::Context;
using http::Outcome;
using http::Params;
using http::Request;
using http::Response;
using core::Permission;

std::string Zone(WebServices& web, const app::Actor& actor) {
    return web.services.rules.CalendarFor(actor.site).zone.name();
}

// ---- signing in ----

Response LoginPage(int status, const Request& req, const Tr& tr, bool secure, std::string_view next, std::string error,
                   std::string login = {}) {
    FormToken token = AnonymousFormToken(req);
    Data data;
    data.set("csrf", token.value);
    data.set("next", std::string(next));
    data.set("login", std::move(login));
    data.set("language_links", LanguageLinks(tr, "/login", "&next=" + UrlEncode(next)));
    Frame frame;
    frame.title = tr.tr("Sign in");
    frame.error = std::move(error);
    Response r = Html(status, RenderPage("login", std::move(data), frame, tr));
    KeepVisitorCookies(r, req, token, secure);
    return r;
}

void AddSessionRoutes(http::Router& router, WebServices& web) {
    router.Add("GET", "/", http::Access::Public(), [&web](const Request& req, const Params&, const Context&) -> Outcome {
        return Redirect(CurrentSession(req, web) ? "/register" : "/login");
    });

    router.Add("GET", "/login", http::Access::Public(), [&web](const Request& req, const Params&, const Context&) -> Outcome {
        std::string next = SafeBack(req.Query("next").value_or(""), "/register");
        if (CurrentSession(req, web)) {
            return Redirect(next);
        }
        return LoginPage(200, req, Tr(VisitorLanguage(req)), SecureRequest(req, web.config), next, {});
    });

    router.Add("POST", "/login", http::Access::Public(), [&web](const Request& req, const Params&, const Context& ctx) -> Outcome {
        Tr tr(VisitorLanguage(req));
        bool secure = SecureRequest(req, web.config);
        auto form = ParseForm(req);
        if (!form || !AnonymousFormOk(req, *form)) {
            return LoginPage(403, req, tr, secure, "/register", tr.tr("This form has expired. Please sign in again."));
        }
        std::string next = SafeBack(form->Get("next"), "/register");
        std::string login = form->Get("login");
        std::string password = form->Get("password");
        // Checking the password is slow by design: off the I/O threads, then the session is written.
        return http::CpuWork{[&web, req, tr, next, login, password, secure, now = ctx.now]() -> Outcome {
            auto user = app::CheckPassword(*web.services.store.Read(), login, password);
            if (!user) {
                return LoginPage(401, req, tr, secure, next, tr.tr("The login or the password is wrong, or the account is disabled."),
                                 login);
            }
            return http::WriteWork{[&web, login, next, secure, now](store::WriteTx& tx) -> Response {
                auto token = app::IssueToken(tx, login, "web session", now, now + web.config.session_length);
                if (!token) {
                    return Html(503, "");
                }
                Response r = Redirect(next);
                r.With("Set-Cookie", SetCookieHeader(kSessionCookie, *token,
                                                     CookieOptions{secure, true, static_cast<long>(std::chrono::seconds(web.config.session_length).count())}));
                return r;
            }};
        }};
    });

    router.Add("POST", "/logout", http::Access::Public(),
               Staff(web, "", {}, [&web](const Request& req, const Params&, const Context&, StaffPage& page, const Form&) -> Outcome {
        std::string token = page.session.token;
        bool secure = SecureRequest(req, web.config);
        return http::WriteWork{[token, secure](store::WriteTx& tx) -> Response {
                                   tx.DeleteToken(app::TokenHash(token));
                                   Response r = Redirect("/login");
                                   r.With("Set-Cookie", SetCookieHeader(kSessionCookie, "", CookieOptions{secure, true, 0}));
                                   return r;
                               },
                               [&web, token] { web.authenticator.Forget(token); }};
    }));

    router.Add("POST", "/settings/language", http::Access::Public(),
               Staff(web, "", {}, [&web](const Request&, const Params&, const Context& ctx, StaffPage& page, const Form& form) -> Outcome {
        std::string_view language = SupportedLanguage(form.Get("lang"));
        std::string back = SafeBack(form.Get("back"), "/register");
        if (language.empty()) {
            return Redirect(back);
        }
        return http::WriteWork{[login = ctx.actor.login, language = std::string(language), back](store::WriteTx& tx) -> Response {
                                   auto user = tx.FindUser(login);
                                   if (user) {
                                       user->language = language;
                                       tx.UpsertUser(*user);
                                   }
                                   return Redirect(back);
                               },
                               [&web, token = page.session.token] { web.authenticator.Forget(token); }};
    }));
}

// ---- the register ----

std::string QueryString(const Request& req, std::string_view without) {
    std::string out;
    for (const auto& [k, v] : req.query) {
        if (k == without || v.empty()) {
            continue;
        }
        out += (out.empty() ? "" : "&") + UrlEncode(k) + "=" + UrlEncode(v);
    }
    return out;
}

Outcome RegisterPage(WebServices& web, const Request& req, const Context& ctx, StaffPage& page) {
    const Tr& tr = page.tr;
    page.frame.title = tr.tr("Register");
    // A filter form sends "Any" as an empty value; the register's query reads that as absent.
    Request filters = req;
    std::erase_if(filters.query, [](const auto& param) { return param.second.empty(); });
    auto query = http::ParseListQuery(filters);
    if (!query) {
        page.frame.error = ErrorText(tr, query.error());
        query = store::ListQuery{};
    }
    query->limit = 50;
    auto read = web.services.store.Read();
    store::ListPage result = read->List(*query);
    const std::string zone = Zone(web, ctx.actor);

    Data data;
    data.set("q", std::string(req.Query("q").value_or("")));
    data.set("statuses", EnumOptions<core::Stage>(req.Query("status"), &StageLabel, tr));
    data.set("channels", EnumOptions<core::Channel>(req.Query("channel"), &ChannelLabel, tr));
    data.set("kinds", EnumOptions<core::Kind>(req.Query("kind"), &KindLabel, tr));
    data.set("responsible", std::string(req.Query("responsible").value_or("")));
    data.set("me", ctx.actor.login);
    std::string_view sort = req.Query("sort").value_or("-received_at");
    Data sorts = List();
    for (auto [value, label] : {std::pair{"-received_at", tr.tr("Newest first")}, std::pair{"received_at", tr.tr("Oldest first")},
                                std::pair{"-updated_at", tr.tr("Recently changed")}, std::pair{"number", tr.tr("By number")}}) {
        Data option;
        option.set("value", value);
        option.set("label", label);
        option.set("selected", sort == value);
        sorts.push_back(option);
    }
    data.set("sorts", sorts);

    Data rows = List();
    for (const store::ComplaintRow& row : result.rows) {
        Data item;
        item.set("number", row.number);
        item.set("href", "/complaints/" + row.number);
        item.set("received", tr.Date(app::FromMicros(row.received_at), zone));
        auto stage = core::json::EnumFromName<core::Stage>(row.status);
        item.set("status", stage ? StageLabel(tr, *stage) : row.status);
        item.set("status_class", row.status);
        auto channel = core::json::EnumFromName<core::Channel>(row.channel);
        item.set("channel", channel ? ChannelLabel(tr, *channel) : row.channel);
        item.set("contact", row.contact_name);
        item.set("summary", row.summary);
        item.set("product", row.product);
        item.set("responsible", row.responsible);
        rows.push_back(item);
    }
    data.set("rows", rows);
    data.set("empty", result.rows.empty());
    data.set("shown", tr.tr_n("{1} complaint on this page", "{1} complaints on this page",
                              static_cast<std::int64_t>(result.rows.size())));
    std::string base = QueryString(req, "cursor");
    if (std::string cursor = http::NextCursor(*query, result); !cursor.empty()) {
        data.set("next_href", "/register?" + base + (base.empty() ? "" : "&") + "cursor=" + UrlEncode(cursor));
    }
    if (req.Query("cursor")) {
        data.set("first_href", "/register" + (base.empty() ? std::string() : "?" + base));
    }
    data.set("current_query", base);
    Data views = List();
    for (const store::SavedViewRow& view : read->SavedViews(ctx.actor.login)) {
        Data item;
        item.set("name", view.name);
        item.set("href", "/register" + (view.query.empty() ? std::string() : "?" + view.query));
        item.set("current", view.query == base);
        views.push_back(item);
    }
    data.set("views", views);
    data.set("csrf", page.session.csrf);
    page.frame.path = "/register" + (base.empty() ? std::string() : "?" + base);
    return Html(200, RenderPage("register", std::move(data), page.frame, tr));
}

void AddRegisterRoutes(http::Router& router, WebServices& web) {
    router.Add("GET", "/register", http::Access::Public(),
               Staff(web, "register", {Permission::kReadComplaints},
                     [&web](const Request& req, const Params&, const Context& ctx, StaffPage& page, const Form&) -> Outcome {
        return RegisterPage(web, req, ctx, page);
    }));

    router.Add("POST", "/register/views", http::Access::Public(),
               Staff(web, "register", {Permission::kReadComplaints},
                     [](const Request&, const Params&, const Context& ctx, StaffPage& page, const Form& form) -> Outcome {
        std::string name = form.Get("name");
        std::string query = form.Get("query");
        if (auto checked = core::CheckText("name", name, 80, true); !checked) {
            return MessagePage(422, page.tr, page.frame, page.tr.tr("The view was not saved"),
                               ErrorText(page.tr, checked.error()), "/register?" + query);
        }
        if (query.size() > 2000) {
            query.resize(0);
        }
        return http::WriteWork{[login = ctx.actor.login, name, query, now = ctx.now](store::WriteTx& tx) -> Response {
            tx.SaveView(store::SavedViewRow{login, name, query, app::Micros(now)});
            return Redirect("/register" + (query.empty() ? std::string() : "?" + query));
        }};
    }));

    router.Add("POST", "/register/views/delete", http::Access::Public(),
               Staff(web, "register", {Permission::kReadComplaints},
                     [](const Request&, const Params&, const Context& ctx, StaffPage&, const Form& form) -> Outcome {
        return http::WriteWork{[login = ctx.actor.login, name = form.Get("name")](store::WriteTx& tx) -> Response {
            tx.DeleteView(login, name);
            return Redirect("/register");
        }};
    }));
}

// ---- telephone intake ----

struct IntakeInput {
    core::RegistrationRequest request;
    std::optional<core::Timestamp> callback_due;
    std::string callback_note;
};

Data IntakeData(const Form& form, const StaffPage& page, const core::TimeZone& zone, core::Timestamp now) {
    Data data;
    for (const char* field : {"name", "phone", "email", "address", "statement", "wants", "product", "category",
                              "callback_due", "callback_note"}) {
        data.set(field, form.Get(field));
    }
    if (form.Get("callback_due").empty()) {
        data.set("callback_due", LocalInputValue(now + std::chrono::hours{2}, zone));
    }
    data.set("apologised", form.Has("apologised"));
    data.set("csrf", page.session.csrf);
    data.set("kinds", EnumOptions<core::Kind>(form.Has("kind") ? std::optional<std::string_view>(form.Get("kind"))
                                                                : std::optional<std::string_view>("complaint"),
                                              &KindLabel, page.tr));
    data.set("languages", LanguageOptions(form.Has("language") ? form.Get("language") : std::string(page.tr.language())));
    return data;
}

core::Result<IntakeInput> ParseIntake(const Form& form, const core::TimeZone& zone) {
    IntakeInput in;
    core::RegistrationRequest& r = in.request;
    r.channel = core::Channel::kPhone;
    auto kind = core::json::EnumFromName<core::Kind>(form.Get("kind"));
    r.kind = kind.value_or(core::Kind::kComplaint);
    r.contact.name = form.Get("name");
    r.contact.phone = form.Get("phone");
    r.contact.email = form.Get("email");
    r.contact.address = form.Get("address");
    r.statement = form.Get("statement");
    if (std::string wants = form.Get("wants"); !wants.empty()) {
        r.statement += "\n\n" + wants;
    }
    r.product = form.Get("product");
    r.category = form.Get("category");
    r.language = std::string(SupportedLanguage(form.Get("language")));
    if (!form.Has("apologised")) {
        return core::Fail(core::InvalidArgument("apologised", "required",
                                                "apologise to the customer before you register the complaint"));
    }
    in.callback_due = ParseLocalDateTime(form.Get("callback_due"), zone);
    if (!in.callback_due) {
        return core::Fail(core::InvalidArgument("callback_due", "required",
                                                "book the callback for a specific date and time"));
    }
    in.callback_note = form.Get("callback_note");
    return in;
}

void AddIntakeRoutes(http::Router& router, WebServices& web) {
    router.Add("GET", "/intake", http::Access::Public(),
               Staff(web, "intake", {Permission::kRegister},
                     [&web](const Request&, const Params&, const Context& ctx, StaffPage& page, const Form& form) -> Outcome {
        page.frame.title = page.tr.tr("Phone intake");
        const core::TimeZone& zone = web.services.rules.CalendarFor(ctx.actor.site).zone;
        return Html(200, RenderPage("intake", IntakeData(form, page, zone, ctx.now), page.frame, page.tr));
    }));

    router.Add("POST", "/intake", http::Access::Public(),
               Staff(web, "intake", {Permission::kRegister},
                     [&web](const Request& req, const Params&, const Context& ctx, StaffPage& page, const Form& form) -> Outcome {
        page.frame.title = page.tr.tr("Phone intake");
        const core::TimeZone& zone = web.services.rules.CalendarFor(ctx.actor.site).zone;
        auto input = ParseIntake(form, zone);
        if (!input) {
            page.frame.error = ErrorText(page.tr, input.error());
            return Html(422, RenderPage("intake", IntakeData(form, page, zone, ctx.now), page.frame, page.tr));
        }
        std::string host(req.Header("host").value_or("127.0.0.1"));
        std::string scheme = SecureRequest(req, web.config) ? "https" : "http";
        return http::WriteWork{[&web, input = std::move(*input), form, page, actor = ctx.actor, now = ctx.now, host,
                                scheme](store::WriteTx& tx) mutable -> Response {
            {
                const core::TimeZone& site_zone = web.services.rules.CalendarFor(actor.site).zone;
                auto fail = [&](const core::Error& error) {
                    page.frame.error = ErrorText(page.tr, error);
                    return Html(422, RenderPage("intake", IntakeData(form, page, site_zone, now), page.frame, page.tr));
                };
                app::RegisterOptions options;
                options.source = "phone_intake";
                options.rules = &web.services.rules;
                auto card = app::RegisterComplaint(tx, input.request, actor, now, options);
                if (!card) {
                    return fail(card.error());
                }
                auto booked = app::Run(tx, card->number, card->version, core::CallbackCmd{input.callback_due, input.callback_note},
                                       actor, now, web.services.rules);
                if (!booked) {
                    return fail(booked.error());
                }
                auto link = app::IssueStatusLink(tx, card->number, now);
                if (!link) {
                    return fail(link.error());
                }
                Data data;
                data.set("number", card->number);
                data.set("href", "/complaints/" + card->number);
                data.set("status_url", scheme + "://" + host + "/status/" + *link);
                data.set("callback", page.tr.tr("Callback booked for {1}.", page.tr.DateTime(*input.callback_due, site_zone.name())));
                data.set("name", card->contact.name);
                page.frame.title = page.tr.tr("Complaint registered");
                return Html(201, RenderPage("intake_done", std::move(data), page.frame, page.tr), true);
            }
        }};
    }));
}

// ---- tasks and approvals ----

void AddTaskRoutes(http::Router& router, WebServices& web) {
    router.Add("GET", "/tasks", http::Access::Public(),
               Staff(web, "tasks", {Permission::kReadTasks},
                     [&web](const Request& req, const Params&, const Context& ctx, StaffPage& page, const Form&) -> Outcome {
        const Tr& tr = page.tr;
        std::string view(req.Query("view").value_or("mine"));
        page.frame.title = tr.tr("My tasks");
        auto tasks = app::ListTasks(*web.services.store.Read(), view == "approvals" ? "mine" : view, ctx.actor, ctx.now,
                                    web.services.rules);
        if (!tasks) {
            return MessagePage(tasks.error().code == core::ErrorCode::kForbidden ? 403 : 400, tr, page.frame,
                               tr.tr("My tasks"), ErrorText(tr, tasks.error()), "/tasks");
        }
        const std::string zone = Zone(web, ctx.actor);
        Data tabs = List();
        std::vector<std::pair<std::string, std::string>> entries{
            {"mine", tr.tr("Mine")}, {"overdue", tr.tr("Overdue")}, {"due_today", tr.tr("Due today")}};
        if (app::SeesTeam(ctx.actor.role)) {
            entries.emplace_back("team", tr.tr("Team"));
        }
        for (const auto& [id, label] : entries) {
            Data tab;
            tab.set("href", "/tasks?view=" + id);
            tab.set("label", label);
            tab.set("current", id == view);
            tabs.push_back(tab);
        }
        Data rows = List();
        const std::int64_t now = app::Micros(ctx.now);
        for (const store::DeadlineRow& d : tasks->deadlines) {
            Data row;
            row.set("number", d.number);
            row.set("href", "/complaints/" + d.number);
            row.set("task", DeadlineLabel(tr, d.kind));
            row.set("due", tr.DateTime(app::FromMicros(d.due_at), zone));
            row.set("owner", d.owner);
            row.set("overdue", d.due_at <= now);
            rows.push_back(row);
        }
        Data data;
        data.set("tabs", tabs);
        data.set("rows", rows);
        data.set("empty", tasks->deadlines.empty());
        return Html(200, RenderPage("tasks", std::move(data), page.frame, tr));
    }));

    router.Add("GET", "/approvals", http::Access::Public(),
               Staff(web, "approvals", {Permission::kReadTasks},
                     [&web](const Request&, const Params&, const Context& ctx, StaffPage& page, const Form&) -> Outcome {
        const Tr& tr = page.tr;
        page.frame.title = tr.tr("Approvals");
        auto tasks = app::ListTasks(*web.services.store.Read(), "approvals", ctx.actor, ctx.now, web.services.rules);
        const std::string zone = Zone(web, ctx.actor);
        Data rows = List();
        for (const store::ApprovalRow& a : tasks ? tasks->approvals : std::vector<store::ApprovalRow>{}) {
            Data row;
            row.set("number", a.number);
            row.set("href", "/complaints/" + a.number);
            row.set("compensation", a.kind == "compensation");
            row.set("what", a.kind == "compensation" ? tr.tr("Compensation") : tr.tr("Measures"));
            row.set("ref", a.ref);
            row.set("amount", a.kind == "compensation" ? tr.Money(core::Money{a.amount_minor}, web.services.rules.policy.currency)
                                                       : std::string());
            row.set("description", tr.tr(a.description));  // a catalogue option is named by its msgid
            row.set("requested_by", a.requested_by);
            row.set("requested_at", tr.DateTime(app::FromMicros(a.requested_at), zone));
            rows.push_back(row);
        }
        Data data;
        data.set("rows", rows);
        data.set("empty", !tasks || tasks->approvals.empty());
        data.set("csrf", page.session.csrf);
        data.set("may_approve", core::Allows(ctx.actor.role, Permission::kApprove));
        return Html(200, RenderPage("approvals", std::move(data), page.frame, tr));
    }));
}

}  // namespace

void AddStaffRoutes(http::Router& router, WebServices& web) {
    AddSessionRoutes(router, web);
    AddRegisterRoutes(router, web);
    AddIntakeRoutes(router, web);
    AddTaskRoutes(router, web);
}

}  // namespace redress::web
