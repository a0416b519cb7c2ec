#pragma once

// What the staff pages and the portal share: the signed-in page wrapper, messages,
// form-to-command conversion and local-time inputs.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/describe.hpp>
#include <boost/json.hpp>
#include <boost/mp11.hpp>

#include "core/json.hpp"
#include "core/policy.hpp"
#include "core/procedure.hpp"
#include "core/roles.hpp"
#include "core/time.hpp"
#include "http/router.hpp"
#include "web/forms.hpp"
#include "web/session.hpp"
#include "web/view.hpp"

namespace redress::web {

struct StaffPage {
    StaffSession session;
    Tr tr;
    Frame frame;
};

using StaffHandler =
    std::function<http::Outcome(const http::Request&, const http::Params&, const http::Context&, StaffPage&, const Form&)>;

// A signed-in page: without a session, GETs go to the login page and POSTs are refused;
// every POST must carry the session's CSRF token; the role must hold one of `needs`.
http::Handler Staff(WebServices& web, std::string current, std::vector<core::Permission> needs, StaffHandler handler);

// A page that only says something (errors, refusals), with a way back.
http::Response MessagePage(int status, const Tr& tr, Frame frame, std::string heading, std::string text,
                           std::string back_href = {});

// The error in the page's language where the rule is known; the detail stays as the
// procedure said it.
std::string ErrorText(const Tr& tr, const core::Error& error);

// A path to return to after a form, only if it stays on this site.
std::string SafeBack(std::string_view back, std::string_view fallback);

// The satisfaction survey from its form: "score_<criterion>" from 1 to 10 for each of the
// policy's criteria, "would_recommend", "comment", and — where the form offers it —
// "declined". A missing or bad score is kInvalidArgument naming its field.
core::Result<core::SatisfactionCmd> SatisfactionFromForm(const Form& form, const core::Policy& policy, bool may_decline);

// "2026-11-24T15:30" in `zone` (a datetime-local input) as an instant.
std::optional<core::Timestamp> ParseLocalDateTime(std::string_view text, const core::TimeZone& zone);
// An instant as a datetime-local value in `zone`.
std::string LocalInputValue(core::Timestamp t, const core::TimeZone& zone);

// The values of an enumeration for a <select>: value, label, selected.
template <class E>
Data EnumOptions(std::optional<std::string_view> selected, std::string (*label)(const Tr&, E), const Tr& tr) {
    Data options = List();
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto e) {
        Data option;
        std::string name(core::json::EnumName<E>(e.value));
        option.set("value", name);
        option.set("label", label(tr, e.value));
        option.set("selected", selected && *selected == name);
        options.push_back(option);
    });
    return options;
}

template <class T>
struct IsVector : std::false_type {};
template <class T, class A>
struct IsVector<std::vector<T, A>> : std::true_type {};

// Builds a command from form fields named like its members: text as is, checkboxes as
// booleans, "true"/"false" for yes-or-no choices, amounts as decimal strings, times as
// datetime-local in `zone`. The JSON reader then checks every field by name.
template <class Command>
core::Result<Command> CommandFromForm(const Form& form, const core::TimeZone& zone) {
    boost::json::object object;
    boost::mp11::mp_for_each<boost::describe::describe_members<Command, boost::describe::mod_public>>([&](auto member) {
        using T = std::remove_cvref_t<decltype(std::declval<Command>().*member.pointer)>;
        const std::string name = member.name;
        const std::string value = form.Get(name);
        if constexpr (std::is_same_v<T, bool>) {
            object[name] = form.Has(name) && value != "false";
        } else if constexpr (std::is_same_v<T, std::optional<bool>>) {
            if (value == "true" || value == "false") {
                object[name] = value == "true";
            }
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
            if (!value.empty()) {
                try {
                    std::size_t used = 0;
                    long long n = std::stoll(value, &used);
                    object[name] = used == value.size() ? boost::json::value(n) : boost::json::value(value);
                } catch (const std::exception&) {
                    object[name] = value;  // the reader names the field and says it wants a number
                }
            }
        } else if constexpr (std::is_same_v<T, std::optional<core::Timestamp>>) {
            if (!value.empty()) {
                auto t = ParseLocalDateTime(value, zone);
                object[name] = t ? core::FormatRfc3339(*t) : value;
            }
        } else if constexpr (std::is_same_v<T, std::string>) {
            object[name] = value;
        } else if constexpr (IsVector<T>::value) {
            // Lists (survey scores) are built by their own pages.
        } else {
            if (!value.empty()) {
                object[name] = value;
            }
        }
    });
    return core::json::FromValue<Command>(boost::json::value(std::move(object)), core::json::ReadOptions{false});
}

}  // namespace redress::web
