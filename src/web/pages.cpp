#include "web/pages.hpp"

#include <cstdio>

#include "web/labels.hpp"

namespace redress::web {

http::Handler Staff(WebServices& web, std::string current, std::vector<core::Permission> needs, StaffHandler handler) {
    return [&web, current = std::move(current), needs = std::move(needs), handler = std::move(handler)](
               const http::Request& req, const http::Params& params, const http::Context& ctx) -> http::Outcome {
        auto session = CurrentSession(req, web);
        if (!session) {
            std::string here = req.raw_path;
            if (!req.query.empty() && req.method == "GET") {
                here += "?";
                for (std::size_t i = 0; i < req.query.size(); ++i) {
                    here += (i ? "&" : "") + UrlEncode(req.query[i].first) + "=" + UrlEncode(req.query[i].second);
                }
            }
            return Redirect("/login?next=" + UrlEncode(req.method == "GET" ? here : "/register"));
        }
        StaffPage page{*session, Tr(session->actor.language), Frame{}};
        page.frame.staff = true;
        page.frame.current = current;
        page.frame.user_name = session->actor.name.empty() ? session->actor.login : session->actor.name;
        page.frame.user_role = RoleLabel(page.tr, session->actor.role);
        page.frame.csrf = session->csrf;
        page.frame.path = req.raw_path;
        Form form;
        if (req.method == "POST") {
            auto parsed = ParseForm(req);
            if (!parsed) {
                return MessagePage(400, page.tr, page.frame, page.tr.tr("The form could not be read"),
                                   ErrorText(page.tr, parsed.error()));
            }
            std::string sent = parsed->Get(kCsrfField);
            if (sent.empty()) {
                sent = std::string(req.Header("x-csrf-token").value_or(""));
            }
            if (!TokenMatches(sent, session->csrf)) {
                return MessagePage(403, page.tr, page.frame, page.tr.tr("This form has expired"),
                                   page.tr.tr("The form did not carry this session's security token. Reload the page "
                                              "and send it again."));
            }
            form = std::move(*parsed);
        }
        if (!needs.empty() && !core::AllowsAny(session->actor.role, needs)) {
            return MessagePage(403, page.tr, page.frame, page.tr.tr("Not allowed"),
                               page.tr.tr("Your role does not allow this page."), "/register");
        }
        http::Context staff_ctx = ctx;
        staff_ctx.actor = session->actor;
        return handler(req, params, staff_ctx, page, form);
    };
}

http::Response MessagePage(int status, const Tr& tr, Frame frame, std::string heading, std::string text,
                           std::string back_href) {
    Data data;
    data.set("heading", heading);
    data.set("text", std::move(text));
    if (!back_href.empty()) {
        data.set("back", std::move(back_href));
    }
    frame.title = std::move(heading);
    return Html(status, RenderPage("message", std::move(data), frame, tr));
}

namespace {

// The procedure's refusals in the page's language, by their rule; the rules are those of
// core/procedure.cpp. An unknown rule falls back to the procedure's own words.
std::string RefusalText(const Tr& tr, std::string_view rule) {
    static constexpr Phrase kEntries[] = {
        {"withdrawn", [](const Tr& t) { return t.tr("The customer withdrew this complaint."); }},
        {"merged", [](const Tr& t) { return t.tr("This complaint was merged into another one."); }},
        {"closed", [](const Tr& t) { return t.tr("The complaint is closed; reopen it first."); }},
        {"unassigned", [](const Tr& t) { return t.tr("Assign a responsible person first."); }},
        {"not_investigating", [](const Tr& t) { return t.tr("Start the investigation first."); }},
        {"already_assigned", [](const Tr& t) { return t.tr("This person is already responsible for the complaint."); }},
        {"already_investigating", [](const Tr& t) { return t.tr("The investigation has already started."); }},
        {"decided", [](const Tr& t) { return t.tr("This has already been decided."); }},
        {"incomplete_investigation", [](const Tr& t) { return t.tr("Record the employee's view and your opinion first."); }},
        {"undecided", [](const Tr& t) { return t.tr("Decide first whether the complaint is justified."); }},
        {"unjustified", [](const Tr& t) {
             return t.tr("The complaint was found unjustified: offer goodwill compensation instead of measures.");
         }},
        {"answered", [](const Tr& t) { return t.tr("The answer has already been sent; reopen the complaint to do more."); }},
        {"nothing_to_approve", [](const Tr& t) { return t.tr("No measures are waiting for approval."); }},
        {"not_approved", [](const Tr& t) { return t.tr("The measure is not approved yet."); }},
        {"done", [](const Tr& t) { return t.tr("This is already done."); }},
        {"pending_approval", [](const Tr& t) { return t.tr("A compensation is still waiting for approval."); }},
        {"measures_unapproved", [](const Tr& t) { return t.tr("A measure is not approved yet."); }},
        {"no_answer", [](const Tr& t) { return t.tr("The customer has not had the answer yet."); }},
        {"recorded", [](const Tr& t) { return t.tr("Satisfaction is already recorded."); }},
        {"measures_open", [](const Tr& t) { return t.tr("A measure is not done yet."); }},
        {"not_closed", [](const Tr& t) { return t.tr("The complaint is not closed yet."); }},
        {"signed", [](const Tr& t) { return t.tr("It is already signed off."); }},
    };
    return LookUp(tr, kEntries, rule);
}

// A form field by the label its form shows it under; empty for a field without one.
std::string FieldLabel(const Tr& tr, std::string_view field) {
    static constexpr Phrase kEntries[] = {
        {"reason", [](const Tr& t) { return t.tr("Reason"); }},
        {"opinion", [](const Tr& t) { return t.tr("Opinion"); }},
        {"cause", [](const Tr& t) { return t.tr("Cause"); }},
        {"supplier", [](const Tr& t) { return t.tr("Supplier"); }},
        {"view", [](const Tr& t) { return t.tr("Their view"); }},
        {"employee", [](const Tr& t) { return t.tr("Employee"); }},
        {"description", [](const Tr& t) { return t.tr("Description"); }},
        {"report", [](const Tr& t) { return t.tr("Report"); }},
        {"responsible", [](const Tr& t) { return t.tr("Responsible person"); }},
        {"into", [](const Tr& t) { return t.tr("Number of the original complaint"); }},
        {"minutes", [](const Tr& t) { return t.tr("Minutes"); }},
        {"due", [](const Tr& t) { return t.tr("Due"); }},
        {"justified", [](const Tr& t) { return t.tr("The complaint is"); }},
        {"value", [](const Tr& t) { return t.tr("Value to the customer"); }},
        {"cost", [](const Tr& t) { return t.tr("Cost to the company"); }},
        {"note", [](const Tr& t) { return t.tr("Note"); }},
        {"contact.name", [](const Tr& t) { return t.tr("Customer's name"); }},
        {"contact.phone", [](const Tr& t) { return t.tr("Phone"); }},
        {"contact.email", [](const Tr& t) { return t.tr("E-mail"); }},
        {"statement", [](const Tr& t) { return t.tr("The complaint"); }},
        {"callback_due", [](const Tr& t) { return t.tr("Call back at"); }},
        {"apologised", [](const Tr& t) { return t.tr("I have apologised to the customer"); }},
    };
    return LookUp(tr, kEntries, field);
}

}  // namespace

std::string ErrorText(const Tr& tr, const core::Error& error) {
    using C = core::ErrorCode;
    if (error.code == C::kPreconditionFailed) {
        if (std::string text = RefusalText(tr, error.rule); !text.empty()) {
            return text;
        }
    }
    if (error.code == C::kInvalidArgument) {
        if (std::string label = FieldLabel(tr, error.field); !label.empty()) {
            // A missing value needs no more words; any other rule keeps the validator's detail.
            return error.rule == "required" ? tr.tr("Please fill in: {1}.", label)
                                            : tr.tr("Please check: {1}.", label) + " (" + error.message + ")";
        }
    }
    std::string lead;
    switch (error.code) {
        case C::kInvalidArgument: lead = tr.tr("Please check the form."); break;
        case C::kNotFound: lead = tr.tr("Not found."); break;
        case C::kConflict: lead = tr.tr("Someone else changed this complaint meanwhile; reload it and try again."); break;
        case C::kPreconditionFailed: lead = tr.tr("This step is not possible now."); break;
        case C::kUnauthenticated: lead = tr.tr("Please sign in."); break;
        case C::kForbidden: lead = tr.tr("Your role does not allow this."); break;
        case C::kUnavailable: lead = tr.tr("The service is busy; nothing was changed. Try again."); break;
        case C::kInternal: lead = tr.tr("Something went wrong; nothing was changed."); break;
    }
    std::string out = lead + " " + error.message;
    if (!error.field.empty() && error.code == C::kInvalidArgument) {
        out += " (" + tr.tr("field") + ": " + error.field + ")";
    }
    return out;
}

std::string SafeBack(std::string_view back, std::string_view fallback) {
    bool local = back.size() > 1 && back[0] == '/' && back[1] != '/' && back[1] != '\\' &&
                 back.find_first_of("\r\n") == std::string_view::npos;
    return std::string(local ? back : fallback);
}

core::Result<core::SatisfactionCmd> SatisfactionFromForm(const Form& form, const core::Policy& policy, bool may_decline) {
    core::SatisfactionCmd command;
    command.declined = may_decline && form.Has("declined");
    command.comment = form.Get("comment");
    if (std::string r = form.Get("would_recommend"); r == "true" || r == "false") {
        command.would_recommend = r == "true";
    }
    if (command.declined) {
        return command;
    }
    for (const core::SurveyCriterion& c : policy.survey) {
        std::string score = form.Get("score_" + c.id);
        std::int64_t value = 0;
        if (score.size() == 1 && score[0] >= '1' && score[0] <= '9') {
            value = score[0] - '0';
        } else if (score == "10") {
            value = 10;
        } else {
            return core::Fail(core::InvalidArgument("score_" + c.id, "range", "give \"" + c.name + "\" a score from 1 to 10"));
        }
        command.scores.push_back(core::ScoreInput{c.id, value});
    }
    return command;
}

std::optional<core::Timestamp> ParseLocalDateTime(std::string_view text, const core::TimeZone& zone) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0;
    char tail = 0;
    std::string copy(text.substr(0, 40));
    if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d%c", &y, &mo, &d, &h, &mi, &tail) != 5 || mo < 1 || mo > 12 ||
        d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59) {
        return std::nullopt;
    }
    std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(mo)},
                                     std::chrono::day{static_cast<unsigned>(d)}};
    if (!date.ok()) {
        return std::nullopt;
    }
    core::Timestamp local = std::chrono::sys_days{date} + std::chrono::hours{h} + std::chrono::minutes{mi};
    return zone.FromLocal(local);
}

std::string LocalInputValue(core::Timestamp t, const core::TimeZone& zone) {
    auto local = std::chrono::floor<std::chrono::minutes>(zone.ToLocal(t));
    auto day = std::chrono::floor<std::chrono::days>(local);
    std::chrono::year_month_day ymd{day};
    std::chrono::hh_mm_ss hms{local - day};
    char out[32];
    std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02ld:%02ld", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()));
    return out;
}

}  // namespace redress::web
