// The complaint card: every field, the timeline, and the actions that this complaint's
// state and this user's role allow — each a form posting to /complaints/{number}/do/{action}.

#include <boost/json.hpp>

#include "app/complaints.hpp"
#include "app/procedure.hpp"
#include "app/record.hpp"
#include "core/deadlines.hpp"
#include "core/procedure.hpp"
#include "core/text.hpp"
#include "http/api_support.hpp"
#include "web/labels.hpp"
#include "web/pages.hpp"
#include "web/web.hpp"

namespace redress::web {

namespace {

using core::Permission;
using http::Context;
using http::Outcome;
using http::Params;
using http::Request;
using http::Response;

// Whether the procedure would take `command` now: the role may ask, and Decide does not
// refuse it for the complaint's state (a probe's made-up field values may still be wrong).
template <class Command>
bool Offered(const core::Card& card, const Command& command, const core::ProcedureContext& ctx) {
    if (!core::AllowsAny(ctx.actor.role, core::kMayAsk<Command>)) {
        return false;
    }
    auto events = core::Decide(card, command, ctx);
    return events || events.error().code == core::ErrorCode::kInvalidArgument;
}

std::string Text(const boost::json::object& o, std::string_view key) {
    const boost::json::value* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// The one line of an event's payload worth showing in the timeline.
std::string EventDetail(std::string_view payload) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(payload, ec);
    if (ec || !v.is_object()) {
        return {};
    }
    const auto& o = v.as_object();
    for (std::string_view key : {"text", "note", "reason", "opinion", "view", "description", "responsible", "into",
                                 "report", "comment", "deadline"}) {
        if (std::string value = Text(o, key); !value.empty()) {
            return core::Excerpt(value, 240);
        }
    }
    return {};
}

Data Users(const std::vector<store::UserRow>& users, Permission permission, std::string_view selected) {
    Data out = List();
    for (const store::UserRow& u : users) {
        auto role = core::json::EnumFromName<core::Role>(u.role);
        if (u.disabled || !role || !core::Allows(*role, permission)) {
            continue;
        }
        Data item;
        item.set("login", u.login);
        item.set("name", u.name.empty() ? u.login : u.name);
        item.set("selected", u.login == selected);
        out.push_back(item);
    }
    return out;
}

void SetIf(Data& data, const std::string& key, const std::string& value) {
    if (!value.empty()) {
        data.set(key, value);
    }
}

}  // namespace

// The card page, read through `read` (the write transaction when re-shown after a refusal).
Response CardPage(int status, store::ReadTx& read, std::string_view number, StaffPage& page, WebServices& web,
                  const app::Actor& actor, core::Timestamp now) {
    const Tr& tr = page.tr;
    auto stored = read.FindCard(number);
    if (!stored) {
        return MessagePage(404, tr, page.frame, tr.tr("Not found"), tr.tr("There is no complaint with this number."),
                           "/register");
    }
    auto loaded = app::CardFromStored(*stored);
    if (!loaded) {
        return MessagePage(500, tr, page.frame, tr.tr("Not found"), loaded.error().message, "/register");
    }
    const core::Card& card = *loaded;
    const app::Rules& rules = web.services.rules;
    const core::Policy& policy = rules.policy;
    const core::BusinessCalendar& calendar = rules.CalendarFor(card.site);
    const std::string zone = rules.CalendarFor(actor.site).zone.name();
    auto when = [&](core::Timestamp t) { return tr.DateTime(t, zone); };
    auto money = [&](core::Money m) { return tr.Money(m, policy.currency); };

    Data d;
    d.set("number", card.number);
    d.set("version", std::to_string(card.version));
    d.set("stage", StageLabel(tr, card.status));
    d.set("stage_class", std::string(core::json::EnumName(card.status)));
    d.set("kind", KindLabel(tr, card.kind));
    d.set("channel", ChannelLabel(tr, card.channel));
    d.set("received", when(card.received_at));
    d.set("received_by", card.received_by.name);
    d.set("registered", when(card.registered_at));
    d.set("oral", card.oral);
    if (card.written_confirmation) {
        Data w;
        w.set("at", when(card.written_confirmation->received_at));
        w.set("channel", ChannelLabel(tr, card.written_confirmation->channel));
        w.set("reference", card.written_confirmation->reference);
        d.set("written", w);
    }
    if (card.acknowledgement) {
        d.set("acknowledged", when(card.acknowledgement->acknowledged_at));
    }
    Data contact;
    contact.set("name", card.contact.name);
    SetIf(contact, "phone", card.contact.phone);
    SetIf(contact, "email", card.contact.email);
    SetIf(contact, "address", card.contact.address);
    SetIf(contact, "fax", card.contact.fax);
    d.set("contact", contact);
    d.set("statement", card.statement);
    Data facts = List();
    auto fact = [&](std::string label, const std::string& value) {
        if (!value.empty()) {
            Data f;
            f.set("label", std::move(label));
            f.set("value", value);
            facts.push_back(f);
        }
    };
    fact(tr.tr("Product"), card.product);
    fact(tr.tr("Category"), card.category);
    fact(tr.tr("Type"), card.complaint_type);
    fact(tr.tr("Organisation"), card.organisation);
    fact(tr.tr("Project"), card.project);
    fact(tr.tr("Site"), card.site);
    fact(tr.tr("Employee concerned"), card.employee_concerned);
    fact(tr.tr("Customer's reference"), card.external_ref);
    fact(tr.tr("Customer's language"), card.language.empty() ? std::string() : std::string(Endonym(card.language)));
    fact(tr.tr("Responsible"), card.responsible);
    fact(tr.tr("Time spent"), card.minutes_spent ? tr.tr_n("{1} minute", "{1} minutes", card.minutes_spent) : std::string());
    if (card.imported) {
        const core::ImportedHistory& h = *card.imported;
        fact(tr.tr("Source"), h.source + " " + h.source_id);
        fact(tr.tr("Sub-product"), h.sub_product);
        fact(tr.tr("Issue"), h.issue);
        fact(tr.tr("Sub-issue"), h.sub_issue);
        fact(tr.tr("Company response"), h.company_response);
        fact(tr.tr("Timely response"), h.timely);
        fact(tr.tr("State"), h.state);
    }
    d.set("facts", facts);

    Data deadlines = List();
    for (const core::Deadline& dl : core::DeadlinesOf(card, policy, calendar)) {
        Data item;
        item.set("label", DeadlineLabel(tr, dl.kind));
        item.set("due", when(dl.due));
        item.set("met", dl.met);
        item.set("overdue", !dl.met && dl.due <= now);
        deadlines.push_back(item);
    }
    d.set("deadlines", deadlines);
    d.set("has_deadlines", !card.imported || card.reopened);

    if (card.investigation_started) {
        Data inv;
        inv.set("at", when(card.investigation_started->at));
        inv.set("inspection", card.inspection_needed.value_or(false));
        d.set("investigation", inv);
    }
    if (card.employee_view) {
        Data v;
        v.set("employee", card.employee_view->employee);
        v.set("view", card.employee_view->view);
        d.set("employee_view", v);
    }
    if (card.opinion) {
        Data o;
        o.set("text", card.opinion->text);
        o.set("cause", card.cause);
        o.set("cause_kind", CauseLabel(tr, card.cause_kind));
        SetIf(o, "supplier", card.supplier);
        d.set("opinion", o);
    }
    if (card.validity) {
        Data v;
        v.set("verdict", card.validity->justified ? tr.tr("Justified") : tr.tr("Unjustified"));
        v.set("justified", card.validity->justified);
        v.set("reason", card.validity->reason);
        SetIf(v, "goodwill", card.validity->goodwill_offer);
        SetIf(v, "no_goodwill", card.validity->no_goodwill_reason);
        d.set("validity", v);
    }

    const core::Who who = app::WhoOf(actor);
    core::ProcedureContext ctx{policy, who, now, {}};
    Data measures = List();
    for (const core::Measure& m : card.measures) {
        Data item;
        item.set("id", m.id);
        item.set("description", m.description);
        item.set("executor", m.executor);
        item.set("due", when(m.due));
        item.set("approved", m.approved.has_value());
        item.set("done", m.done.has_value());
        item.set("report", m.done ? m.done->note : std::string());
        item.set("can_report", !m.done && Offered(card, core::ReportMeasureCmd{m.id, "probe"}, ctx));
        measures.push_back(item);
    }
    d.set("measures", measures);
    d.set("has_measures", !card.measures.empty());
    Data compensations = List();
    for (const core::Compensation& c : card.compensations) {
        Data item;
        item.set("id", c.id);
        // A catalogue option's description is its (translatable) name.
        item.set("description", c.option.empty() ? c.description : tr.tr(c.description));
        item.set("value", money(c.value));
        item.set("cost", money(c.cost));
        item.set("status", CompensationStatusLabel(tr, c.status));
        item.set("status_class", std::string(core::json::EnumName(c.status)));
        item.set("note", c.authority_note);
        item.set("can_decide", c.status == core::CompensationStatus::kPending &&
                                   core::CanApprove(policy, who, c.value) &&
                                   Offered(card, core::DecideCompensationCmd{c.id, true, ""}, ctx));
        compensations.push_back(item);
    }
    d.set("compensations", compensations);
    d.set("has_compensations", !card.compensations.empty());
    if (card.answer) {
        Data a;
        a.set("text", card.answer->text);
        a.set("method", ChannelLabel(tr, card.answer->method));
        a.set("at", when(card.answer->sent_at));
        d.set("answer", a);
    }
    if (card.satisfaction) {
        Data s;
        s.set("declined", card.satisfaction->declined);
        s.set("index", tr.Number(card.satisfaction->index_x100 / 100) + (card.satisfaction->index_x100 % 100
                                                                             ? "," + std::to_string(card.satisfaction->index_x100 % 100 / 10)
                                                                             : std::string()));
        s.set("comment", card.satisfaction->comment);
        d.set("satisfaction", s);
    }
    Data callbacks = List();
    for (const core::Callback& c : card.callbacks) {
        Data item;
        item.set("id", c.id);
        item.set("due", when(c.due));
        item.set("note", c.note);
        item.set("made", c.made.has_value());
        item.set("overdue", !c.made && c.due <= now);
        item.set("can_mark", !c.made && Offered(card, core::CallbackMadeCmd{c.id, ""}, ctx));
        callbacks.push_back(item);
    }
    d.set("callbacks", callbacks);
    d.set("has_callbacks", !card.callbacks.empty());
    if (card.closed) {
        d.set("closed", when(card.closed->at));
    }
    Data attachments = List();
    for (const store::AttachmentRow& a : read.ListAttachments(stored->id)) {
        Data item;
        item.set("name", a.file_name);
        item.set("href", "/complaints/" + card.number + "/attachments/" + std::to_string(a.id));
        item.set("size", tr.Number((a.size + 1023) / 1024) + " KB");
        attachments.push_back(item);
    }
    d.set("has_attachments", !attachments.is_empty_list());
    d.set("attachments", attachments);

    Data events = List();
    std::vector<store::EventRow> rows = read.Events(card.number);
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) {
        Data item;
        auto at = core::ParseRfc3339(it->at);
        item.set("at", at ? when(*at) : it->at);
        item.set("actor", it->actor);
        item.set("label", EventLabel(tr, it->kind));
        item.set("detail", EventDetail(it->payload));
        events.push_back(item);
    }
    d.set("events", events);

    // The actions: each offered only when the procedure would accept it now.
    const core::Timestamp soon = now + std::chrono::hours{24};
    Data can;
    can.set("take", card.responsible != actor.login && Offered(card, core::AssignCmd{actor.login, ""}, ctx));
    can.set("assign", core::Allows(actor.role, Permission::kAssign) && Offered(card, core::AssignCmd{"~probe", ""}, ctx));
    can.set("investigate", Offered(card, core::StartInvestigationCmd{}, ctx));
    can.set("employee_view", Offered(card, core::EmployeeViewCmd{"", "probe"}, ctx));
    can.set("opinion", Offered(card, core::OpinionCmd{"probe", "probe", core::CauseKind::kOther, ""}, ctx));
    can.set("validity", Offered(card, core::ValidityCmd{true, "probe", "", ""}, ctx));
    can.set("plan_measure", Offered(card, core::PlanMeasureCmd{"probe", actor.login, soon, false}, ctx));
    can.set("approve_measures", Offered(card, core::ApproveMeasuresCmd{}, ctx));
    const bool compensate = Offered(card, core::CompensationCmd{"", "probe", core::Money{100}, core::Money{100}}, ctx);
    can.set("compensate", compensate);
    can.set("answer", Offered(card, core::AnswerCmd{"probe", std::nullopt}, ctx));
    can.set("satisfaction", Offered(card, core::SatisfactionCmd{{}, true, std::nullopt, ""}, ctx));
    can.set("close", Offered(card, core::CloseCmd{}, ctx));
    can.set("sign_off", Offered(card, core::SignOffCmd{}, ctx));
    can.set("withdraw", Offered(card, core::WithdrawCmd{"probe"}, ctx));
    can.set("merge", Offered(card, core::MergeCmd{"probe", ""}, ctx));
    can.set("reopen", Offered(card, core::ReopenCmd{"probe"}, ctx));
    can.set("callback", Offered(card, core::CallbackCmd{soon, ""}, ctx));
    can.set("log_time", Offered(card, core::LogTimeCmd{15, ""}, ctx));
    can.set("comment", core::Allows(actor.role, Permission::kComment) && !card.withdrawn && card.merged_into.empty());
    can.set("confirm", card.oral && core::Allows(actor.role, Permission::kConfirmInWriting));
    d.set("can", can);
    d.set("csrf", page.session.csrf);
    d.set("me", actor.login);
    d.set("employee_concerned", card.employee_concerned);
    d.set("action", "/complaints/" + card.number + "/do/");
    const std::vector<store::UserRow> users = read.ListUsers();
    d.set("responsibles", Users(users, Permission::kTakeOwnership, card.responsible));
    d.set("executors", Users(users, Permission::kExecute, actor.login));
    d.set("soon", LocalInputValue(soon, rules.CalendarFor(actor.site).zone));
    d.set("causes", EnumOptions<core::CauseKind>(std::nullopt, &CauseLabel, tr));

    // The compensation picker: what this user may grant at once, and what needs approval.
    // This month's spend is read only when the picker is shown.
    if (compensate) {
        core::Spent spent = app::SpentThisMonth(read, actor, now);
        Data options = List();
        for (const core::CatalogueOption& o : policy.catalogue) {
            core::AuthorityVerdict verdict = core::CheckAuthority(policy, who, o.value, o.cost, spent);
            Data item;
            item.set("id", o.id);
            item.set("name", tr.tr(o.name));
            item.set("value", money(o.value));
            item.set("cost", money(o.cost));
            item.set("within", verdict.within);
            item.set("reason", verdict.reason);
            options.push_back(item);
        }
        d.set("catalogue", options);
        if (auto limit = policy.AuthorityOf(actor.role)) {
            d.set("authority", limit->per_grant
                                   ? tr.tr("You may grant up to {1} per compensation at once.", money(*limit->per_grant))
                                   : tr.tr("You may grant any amount at once."));
        } else {
            d.set("authority", tr.tr("Your role may propose compensation; approval is needed for every grant."));
        }
    }
    Data criteria = List();
    for (const core::SurveyCriterion& c : policy.survey) {
        Data item;
        item.set("id", c.id);
        item.set("name", tr.tr(c.name));
        criteria.push_back(item);
    }
    d.set("criteria", criteria);

    page.frame.title = card.number;
    page.frame.path = "/complaints/" + card.number;
    return Html(status, RenderPage("card", std::move(d), page.frame, tr));
}

namespace {

// ---- the actions ----

// An action: the form's fields make the command, which runs like the API's.
using Action = std::function<core::Result<core::Card>(store::WriteTx&, const std::string& number, std::optional<std::int64_t> version,
                                                      const Form& form, const app::Actor& actor, core::Timestamp now,
                                                      const app::Rules& rules)>;

template <class Command>
Action CommandAction() {
    return [](store::WriteTx& tx, const std::string& number, std::optional<std::int64_t> version, const Form& form,
              const app::Actor& actor, core::Timestamp now, const app::Rules& rules) -> core::Result<core::Card> {
        auto command = CommandFromForm<Command>(form, rules.CalendarFor(actor.site).zone);
        REDRESS_TRY(command);
        return app::Run(tx, number, version, *command, actor, now, rules);
    };
}

core::Result<core::Card> Satisfaction(store::WriteTx& tx, const std::string& number, std::optional<std::int64_t> version,
                                      const Form& form, const app::Actor& actor, core::Timestamp now, const app::Rules& rules) {
    auto command = SatisfactionFromForm(form, rules.policy, true);
    REDRESS_TRY(command);
    return app::Run(tx, number, version, *command, actor, now, rules);
}

const std::map<std::string, std::pair<std::vector<Permission>, Action>, std::less<>>& Actions() {
    static const std::map<std::string, std::pair<std::vector<Permission>, Action>, std::less<>> kActions = {
        {"assign", {core::kMayAsk<core::AssignCmd>, CommandAction<core::AssignCmd>()}},
        {"investigation", {core::kMayAsk<core::StartInvestigationCmd>, CommandAction<core::StartInvestigationCmd>()}},
        {"employee-view", {core::kMayAsk<core::EmployeeViewCmd>, CommandAction<core::EmployeeViewCmd>()}},
        {"opinion", {core::kMayAsk<core::OpinionCmd>, CommandAction<core::OpinionCmd>()}},
        {"validity", {core::kMayAsk<core::ValidityCmd>, CommandAction<core::ValidityCmd>()}},
        {"measures", {core::kMayAsk<core::PlanMeasureCmd>, CommandAction<core::PlanMeasureCmd>()}},
        {"measures-approval", {core::kMayAsk<core::ApproveMeasuresCmd>, CommandAction<core::ApproveMeasuresCmd>()}},
        {"measure-report", {core::kMayAsk<core::ReportMeasureCmd>, CommandAction<core::ReportMeasureCmd>()}},
        {"compensation", {core::kMayAsk<core::CompensationCmd>, CommandAction<core::CompensationCmd>()}},
        {"compensation-decision", {core::kMayAsk<core::DecideCompensationCmd>, CommandAction<core::DecideCompensationCmd>()}},
        {"answer", {core::kMayAsk<core::AnswerCmd>, CommandAction<core::AnswerCmd>()}},
        {"satisfaction", {core::kMayAsk<core::SatisfactionCmd>, &Satisfaction}},
        {"close", {core::kMayAsk<core::CloseCmd>, CommandAction<core::CloseCmd>()}},
        {"sign-off", {core::kMayAsk<core::SignOffCmd>, CommandAction<core::SignOffCmd>()}},
        {"withdrawal", {core::kMayAsk<core::WithdrawCmd>, CommandAction<core::WithdrawCmd>()}},
        {"merge", {core::kMayAsk<core::MergeCmd>, CommandAction<core::MergeCmd>()}},
        {"reopen", {core::kMayAsk<core::ReopenCmd>, CommandAction<core::ReopenCmd>()}},
        {"callback", {core::kMayAsk<core::CallbackCmd>, CommandAction<core::CallbackCmd>()}},
        {"callback-made", {core::kMayAsk<core::CallbackMadeCmd>, CommandAction<core::CallbackMadeCmd>()}},
        {"time", {core::kMayAsk<core::LogTimeCmd>, CommandAction<core::LogTimeCmd>()}},
        {"comment", {{Permission::kComment},
                     [](store::WriteTx& tx, const std::string& number, std::optional<std::int64_t> version, const Form& form,
                        const app::Actor& actor, core::Timestamp now, const app::Rules&) {
                         return app::AddComment(tx, number, version, form.Get("text"), actor, now);
                     }}},
        {"written-confirmation", {{Permission::kConfirmInWriting},
                                  [](store::WriteTx& tx, const std::string& number, std::optional<std::int64_t> version,
                                     const Form& form, const app::Actor& actor, core::Timestamp now, const app::Rules&) {
                                      app::WrittenConfirmationInput input;
                                      auto channel = core::json::EnumFromName<core::Channel>(form.Get("channel"));
                                      input.channel = channel.value_or(core::Channel::kLetter);
                                      input.reference = form.Get("reference");
                                      input.note = form.Get("note");
                                      return app::ConfirmInWriting(tx, number, version, input, actor, now);
                                  }}},
    };
    return kActions;
}

}  // namespace

void AddCardRoutes(http::Router& router, WebServices& web) {
    router.Add("GET", "/complaints/{number}", http::Access::Public(),
               Staff(web, "register", {Permission::kReadComplaints},
                     [&web](const Request& req, const Params& params, const Context& ctx, StaffPage& page, const Form&) -> Outcome {
        auto number = http::NumberParam(params);
        if (!number) {
            return MessagePage(404, page.tr, page.frame, page.tr.tr("Not found"),
                               page.tr.tr("There is no complaint with this number."), "/register");
        }
        if (auto done = req.Query("done")) {
            page.frame.flash = page.tr.tr("Saved.");
        }
        return CardPage(200, *web.services.store.Read(), *number, page, web, ctx.actor, ctx.now);
    }));

    router.Add("GET", "/complaints/{number}/attachments/{id}", http::Access::Public(),
               Staff(web, "register", {Permission::kReadComplaints},
                     [&web](const Request&, const Params& params, const Context&, StaffPage& page, const Form&) -> Outcome {
        auto number = http::NumberParam(params);
        const std::string* id = http::Param(params, "id");
        auto read = web.services.store.Read();
        auto stored = number ? read->FindCard(*number) : std::nullopt;
        std::optional<store::AttachmentRow> file;
        if (stored && id && !id->empty() && id->find_first_not_of("0123456789") == std::string::npos && id->size() < 18) {
            file = read->FindAttachment(stored->id, std::stoll(*id));
        }
        if (!file) {
            return MessagePage(404, page.tr, page.frame, page.tr.tr("Not found"), page.tr.tr("There is no such file."));
        }
        Response r;
        r.content_type = file->content_type;
        r.body = std::move(file->data);
        // Always a download: a customer's file is never rendered in the staff app's origin.
        r.With("Content-Disposition", "attachment; filename*=UTF-8''" + UrlEncode(file->file_name));
        r.With("X-Content-Type-Options", "nosniff");
        r.With("Content-Security-Policy", "default-src 'none'; sandbox");
        return r;
    }));

    router.Add("POST", "/complaints/{number}/do/{action}", http::Access::Public(),
               Staff(web, "register", {Permission::kReadComplaints},
                     [&web](const Request&, const Params& params, const Context& ctx, StaffPage& page, const Form& form) -> Outcome {
        auto number = http::NumberParam(params);
        const std::string* name = http::Param(params, "action");
        auto action = name ? Actions().find(*name) : Actions().end();
        if (!number || action == Actions().end()) {
            return MessagePage(404, page.tr, page.frame, page.tr.tr("Not found"), page.tr.tr("There is no such action."));
        }
        if (!core::AllowsAny(ctx.actor.role, action->second.first)) {
            return MessagePage(403, page.tr, page.frame, page.tr.tr("Not allowed"),
                               page.tr.tr("Your role does not allow this."), "/complaints/" + *number);
        }
        std::optional<std::int64_t> version;
        if (std::string v = form.Get("version"); !v.empty() && v.size() < 18 &&
                                                  v.find_first_not_of("0123456789") == std::string::npos) {
            version = std::stoll(v);
        }
        std::string back = SafeBack(form.Get("back"), "/complaints/" + *number + "?done=" + *name);
        return http::WriteWork{[&web, number = *number, run = action->second.second, version, form, page, actor = ctx.actor,
                                now = ctx.now, back](store::WriteTx& tx) mutable -> Response {
            auto card = run(tx, number, version, form, actor, now, web.services.rules);
            if (!card) {
                // Shown on the card as it stands; the failed command is rolled back (status >= 400).
                page.frame.error = ErrorText(page.tr, card.error());
                int status = card.error().code == core::ErrorCode::kInvalidArgument ? 422
                             : card.error().code == core::ErrorCode::kForbidden     ? 403
                                                                                    : 409;
                return CardPage(status, tx, number, page, web, actor, now);
            }
            return Redirect(back);
        }};
    }));
}

}  // namespace redress::web
