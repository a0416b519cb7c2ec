// The customer portal: submit a complaint with files, get its number and a printable
// acknowledgement at once, and follow it through an unguessable link — confirm an oral
// complaint in writing, answer the satisfaction survey. No account is needed.

#include "app/complaints.hpp"
#include "app/portal.hpp"
#include "app/procedure.hpp"
#include "app/record.hpp"
#include "core/deadlines.hpp"
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

// What a customer is told of the stage: fewer, plainer steps than staff see.
std::string CustomerStage(const Tr& tr, const core::Card& card) {
    using S = core::Stage;
    switch (card.status) {
        case S::kRegistered:
        case S::kAcknowledged: return tr.tr("Received");
        case S::kAssigned:
        case S::kInvestigating:
        case S::kJustified:
        case S::kUnjustified:
        case S::kReopened: return tr.tr("Being investigated");
        case S::kMeasuresPlanned:
        case S::kMeasuresApproved:
        case S::kInExecution: return tr.tr("Being put right");
        case S::kAnswered: return tr.tr("Answered");
        case S::kSatisfactionRecorded:
        case S::kClosed: return tr.tr("Closed");
        case S::kWithdrawn: return tr.tr("Withdrawn");
        case S::kMerged: return tr.tr("Joined with another complaint");
    }
    return {};
}

Frame PortalFrame(const Request& req, std::string title) {
    Frame frame;
    frame.title = std::move(title);
    frame.path = req.raw_path;
    return frame;
}

// The page's language: an explicit choice, else the complaint's language, else the browser's.
Tr PortalLanguage(const Request& req, std::string_view complaint_language = {}) {
    if (req.Query("lang") || CookieValue(req, kLanguageCookie)) {
        return Tr(VisitorLanguage(req));
    }
    if (!SupportedLanguage(complaint_language).empty()) {
        return Tr(complaint_language);
    }
    return Tr(VisitorLanguage(req));
}

Response Anonymous(const Request& req, const FormToken& token, const WebConfig& config, Response r) {
    KeepVisitorCookies(r, req, token, SecureRequest(req, config));
    return r;
}

Data SubmitData(const Form& form, const std::string& csrf, const Tr& tr, const WebConfig& config) {
    Data data;
    for (const char* field : {"name", "email", "phone", "address", "statement", "product", "external_ref"}) {
        data.set(field, form.Get(field));
    }
    data.set("csrf", csrf);
    data.set("language_links", LanguageLinks(tr, "/portal"));
    data.set("files_hint", tr.tr("PDF, PNG, JPEG or text; up to {1} files of {2} MB each.",
                                 tr.Number(static_cast<std::int64_t>(config.attachments.max_files)),
                                 tr.Number(static_cast<std::int64_t>(config.attachments.max_bytes / (1024 * 1024)))));
    return data;
}

Response SubmitPage(int status, const Request& req, const Form& form, const Tr& tr, const WebConfig& config,
                    std::string error) {
    FormToken token = AnonymousFormToken(req);
    Frame frame = PortalFrame(req, tr.tr("Submit a complaint"));
    frame.error = std::move(error);
    return Anonymous(req, token, config,
                     Html(status, RenderPage("portal", SubmitData(form, token.value, tr, config), frame, tr)));
}

// The acknowledgement's facts, for the page after submitting and the printable copy.
Data Acknowledgement(const core::Card& card, const Tr& tr, const app::Rules& rules, const std::string& status_path) {
    const core::BusinessCalendar& calendar = rules.CalendarFor(card.site);
    const std::string zone = calendar.zone.name();
    Data data;
    data.set("number", card.number);
    std::string received = tr.DateTime(card.received_at, zone);
    data.set("received_sentence", tr.tr("Received: {1}.", received));
    data.set("registered_sentence",
             tr.tr("We have received your complaint and registered it under number {1} ({2}).", card.number, received));
    data.set("dear", tr.tr("Dear {1},", card.contact.name));
    data.set("statement", card.statement);
    data.set("status_path", status_path);
    for (const core::Deadline& d : core::DeadlinesOf(card, rules.policy, calendar)) {
        if (d.kind == "answer" || d.kind == "decision") {
            data.set("answer_by_sentence", tr.tr("We will answer you by {1}.", tr.Date(d.due, zone)));
        }
    }
    return data;
}

struct Linked {
    std::string link;
    core::Card card;
};

// The complaint behind a status link; nullopt for an unknown link.
std::optional<Linked> FindLinked(store::ReadTx& read, const Params& params) {
    const std::string* link = http::Param(params, "link");
    if (!link) {
        return std::nullopt;
    }
    auto number = app::FindByStatusLink(read, *link);
    auto stored = number ? read.FindCard(*number) : std::nullopt;
    if (!stored) {
        return std::nullopt;
    }
    auto card = app::CardFromStored(*stored);
    if (!card) {
        return std::nullopt;
    }
    return Linked{*link, std::move(*card)};
}

Response UnknownLink(const Request& req) {
    Tr tr = PortalLanguage(req);
    return MessagePage(404, tr, PortalFrame(req, tr.tr("Not found")), tr.tr("Not found"),
                       tr.tr("This status link is not known. Check that it was copied in full."), "/portal");
}

Response StatusPage(int status, const Request& req, const Linked& linked, const WebServices& web, std::string error,
                    std::string flash) {
    const core::Card& card = linked.card;
    Tr tr = PortalLanguage(req, card.language);
    const app::Rules& rules = web.services.rules;
    const std::string path = "/status/" + linked.link;
    FormToken token = AnonymousFormToken(req);
    Data data = Acknowledgement(card, tr, rules, path);
    data.set("stage", CustomerStage(tr, card));
    data.set("csrf", token.value);
    data.set("language_links", LanguageLinks(tr, path));
    const std::string zone = rules.CalendarFor(card.site).zone.name();
    if (card.answer) {
        Data answer;
        answer.set("text", card.answer->text);
        answer.set("at", tr.DateTime(card.answer->sent_at, zone));
        data.set("answer", answer);
    }
    data.set("confirm", card.oral && !card.withdrawn && card.merged_into.empty());
    if (card.written_confirmation) {
        data.set("confirmed", tr.tr("You confirmed the complaint in writing on {1}.",
                                    tr.DateTime(card.written_confirmation->received_at, zone)));
    }
    bool survey = card.answer && !card.satisfaction && !card.withdrawn && card.merged_into.empty();
    data.set("survey", survey);
    if (card.satisfaction) {
        data.set("thanked", true);
    }
    Data criteria = List();
    for (const core::SurveyCriterion& c : rules.policy.survey) {
        Data item;
        item.set("id", c.id);
        item.set("name", tr.tr(c.name));
        Data scores = List();
        for (int s = 1; s <= 10; ++s) {
            Data score;
            score.set("value", std::to_string(s));
            score.set("label", tr.Number(s));
            scores.push_back(score);
        }
        item.set("scores", scores);
        criteria.push_back(item);
    }
    data.set("criteria", criteria);
    Frame frame = PortalFrame(req, tr.tr("Complaint {1}", card.number));
    frame.error = std::move(error);
    frame.flash = std::move(flash);
    Response r = Html(status, RenderPage("status", std::move(data), frame, tr), true);
    return Anonymous(req, token, web.config, std::move(r));
}

}  // namespace

void AddPortalRoutes(http::Router& router, WebServices& web) {
    router.Add("GET", "/portal", http::Access::Public(), [&web](const Request& req, const Params&, const Context&) -> Outcome {
        return SubmitPage(200, req, Form{}, Tr(VisitorLanguage(req)), web.config, {});
    });

    router.Add("POST", "/portal", http::Access::Public(), [&web](const Request& req, const Params&, const Context& ctx) -> Outcome {
        Tr tr(VisitorLanguage(req));
        auto form = ParseForm(req);
        if (!form) {
            return SubmitPage(400, req, Form{}, tr, web.config, ErrorText(tr, form.error()));
        }
        if (!AnonymousFormOk(req, *form)) {
            return SubmitPage(403, req, *form, tr, web.config, tr.tr("This form has expired. Please send it again."));
        }
        core::RegistrationRequest request;
        request.kind = core::Kind::kComplaint;
        request.contact.name = form->Get("name");
        request.contact.email = form->Get("email");
        request.contact.phone = form->Get("phone");
        request.contact.address = form->Get("address");
        request.statement = form->Get("statement");
        request.product = form->Get("product");
        request.external_ref = form->Get("external_ref");
        request.language = std::string(tr.language());
        std::vector<app::Upload> uploads;
        for (const FormFile& f : form->files) {
            uploads.push_back(app::Upload{f.file_name, f.content_type, f.data});
        }
        return http::WriteWork{[&web, req, form = *form, tr, request = std::move(request), uploads = std::move(uploads),
                                now = ctx.now](store::WriteTx& tx) -> Response {
            auto receipt = app::SubmitFromPortal(tx, request, uploads, web.config.attachments, now, web.services.rules);
            if (!receipt) {
                return SubmitPage(422, req, form, tr, web.config, ErrorText(tr, receipt.error()));
            }
            Data data = Acknowledgement(receipt->card, tr, web.services.rules, "/status/" + receipt->status_link);
            Frame frame = PortalFrame(req, tr.tr("Your complaint is registered"));
            return Html(201, RenderPage("portal_done", std::move(data), frame, tr), true);
        }};
    });

    router.Add("GET", "/status/{link}", http::Access::Public(), [&web](const Request& req, const Params& params, const Context&) -> Outcome {
        auto linked = FindLinked(*web.services.store.Read(), params);
        if (!linked) {
            return UnknownLink(req);
        }
        std::string flash = req.Query("done") ? PortalLanguage(req, linked->card.language).tr("Thank you.") : "";
        return StatusPage(200, req, *linked, web, {}, std::move(flash));
    });

    router.Add("GET", "/status/{link}/acknowledgement", http::Access::Public(),
               [&web](const Request& req, const Params& params, const Context&) -> Outcome {
        auto linked = FindLinked(*web.services.store.Read(), params);
        if (!linked) {
            return UnknownLink(req);
        }
        Tr tr = PortalLanguage(req, linked->card.language);
        Data data = Acknowledgement(linked->card, tr, web.services.rules, "/status/" + linked->link);
        return Html(200, RenderPage("acknowledgement", std::move(data), PortalFrame(req, tr.tr("Acknowledgement")), tr), true);
    });

    // The customer's own steps: confirming an oral complaint in writing, and the survey.
    auto customer_step = [&web](std::string step) {
        return [&web, step](const Request& req, const Params& params, const Context& ctx) -> Outcome {
            auto linked = FindLinked(*web.services.store.Read(), params);
            if (!linked) {
                return UnknownLink(req);
            }
            Tr tr = PortalLanguage(req, linked->card.language);
            auto form = ParseForm(req);
            if (!form || !AnonymousFormOk(req, *form)) {
                return StatusPage(403, req, *linked, web, tr.tr("This form has expired. Please send it again."), {});
            }
            return http::WriteWork{[&web, req, step, linked = *linked, form = *form, tr,
                                    now = ctx.now](store::WriteTx& tx) -> Response {
                app::Actor customer = app::CustomerActor(linked.card.contact.name, linked.card.language);
                core::Result<core::Card> done = core::Fail(core::NotFound(""));
                if (step == "confirm") {
                    if (!form.Has("confirm")) {
                        return StatusPage(422, req, linked, web, tr.tr("Tick the box to confirm your complaint."), {});
                    }
                    app::WrittenConfirmationInput input;
                    input.channel = core::Channel::kWeb;
                    input.reference = "portal";
                    input.note = form.Get("note");
                    done = app::ConfirmInWriting(tx, linked.card.number, std::nullopt, input, customer, now);
                } else {
                    // Customers answer the survey or leave it; declining is recorded by staff.
                    auto command = SatisfactionFromForm(form, web.services.rules.policy, false);
                    if (!command) {
                        return StatusPage(422, req, linked, web, tr.tr("Please score every question from 1 to 10."), {});
                    }
                    done = app::Run(tx, linked.card.number, std::nullopt, *command, customer, now, web.services.rules);
                }
                if (!done) {
                    return StatusPage(409, req, linked, web, ErrorText(tr, done.error()), {});
                }
                return Redirect("/status/" + linked.link + "?done=" + step);
            }};
        };
    };
    router.Add("POST", "/status/{link}/confirm", http::Access::Public(), customer_step("confirm"));
    router.Add("POST", "/status/{link}/survey", http::Access::Public(), customer_step("survey"));
}

}  // namespace redress::web
