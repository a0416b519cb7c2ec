#include "web/view.hpp"

#include <map>
#include <memory>
#include <stdexcept>

#include "core/chain.hpp"
#include "web/embedded.hpp"

namespace redress::web {

namespace {

namespace mustache = kainjow::mustache;

// Parsed once per thread: a mustache object keeps render state, so threads do not share one.
mustache::mustache& Template(std::string_view name) {
    thread_local std::map<std::string, std::unique_ptr<mustache::mustache>, std::less<>> cache;
    auto it = cache.find(name);
    if (it == cache.end()) {
        std::string path = "templates/" + std::string(name) + ".mustache";
        auto text = Embedded(path);
        if (!text) {
            throw std::logic_error("no template " + path);
        }
        auto parsed = std::make_unique<mustache::mustache>(std::string(*text));
        if (!parsed->is_valid()) {
            throw std::logic_error(path + ": " + parsed->error_message());
        }
        it = cache.emplace(std::string(name), std::move(parsed)).first;
    }
    return *it->second;
}

std::string Render(std::string_view name, Data& data, const Tr& tr) {
    data.set("t", mustache::lambda{[&tr](const std::string& text) { return tr.tr(text); }});
    data.set("lang", std::string(tr.language()));
    mustache::mustache& page = Template(name);
    std::string out = page.render(data);
    if (!page.is_valid()) {
        throw std::logic_error("template " + std::string(name) + ": " + page.error_message());
    }
    return out;
}

}  // namespace

std::string StaticUrl(std::string_view file) {
    static const std::map<std::string, std::string, std::less<>> kVersions = [] {
        std::map<std::string, std::string, std::less<>> out;
        for (const auto& [name, bytes] : EmbeddedFiles()) {
            if (name.substr(0, 7) == "static/") {
                out.emplace(std::string(name.substr(7)), core::ToHex(core::Sha256(bytes)).substr(0, 12));
            }
        }
        return out;
    }();
    auto it = kVersions.find(file);
    return "/static/" + std::string(file) + (it == kVersions.end() ? "" : "?v=" + it->second);
}

Data LanguageOptions(std::string_view selected) {
    Data options = List();
    for (std::string_view code : kLanguages) {
        Data item;
        item.set("code", std::string(code));
        item.set("name", std::string(Endonym(code)));
        item.set("selected", code == selected);
        options.push_back(item);
    }
    return options;
}

Data LanguageLinks(const Tr& tr, std::string_view path, std::string_view more_query) {
    Data links = List();
    for (std::string_view code : kLanguages) {
        Data item;
        item.set("href", std::string(path) + "?lang=" + std::string(code) + std::string(more_query));
        item.set("name", std::string(Endonym(code)));
        item.set("code", std::string(code));
        item.set("current", code == tr.language());
        links.push_back(item);
    }
    return links;
}

std::string RenderPage(std::string_view name, Data data, const Frame& frame, const Tr& tr) {
    Data layout;
    layout.set("content", Render(name, data, tr));
    layout.set("title", frame.title);
    layout.set("css", StaticUrl("app.css"));
    layout.set("htmx", StaticUrl("htmx.min.js"));
    layout.set("js", StaticUrl("app.js"));
    layout.set("staff", frame.staff);
    layout.set("csrf", frame.csrf);
    layout.set("path", frame.path);
    if (!frame.flash.empty()) {
        layout.set("flash", frame.flash);
    }
    if (!frame.error.empty()) {
        layout.set("error", frame.error);
    }
    layout.set("languages", LanguageOptions(tr.language()));
    if (frame.staff) {
        Data user;
        user.set("name", frame.user_name);
        user.set("role", frame.user_role);
        Data nav = List();
        auto entry = [&](std::string_view id, std::string href, std::string label) {
            Data item;
            item.set("href", std::move(href));
            item.set("label", std::move(label));
            item.set("current", id == frame.current);
            nav.push_back(item);
        };
        entry("register", "/register", tr.tr("Register"));
        entry("intake", "/intake", tr.tr("Phone intake"));
        entry("tasks", "/tasks", tr.tr("My tasks"));
        entry("approvals", "/approvals", tr.tr("Approvals"));
        user.set("nav", nav);
        layout.set("user", user);
    }
    return Render("layout", layout, tr);
}

http::Response Html(int status, std::string body, bool no_referrer) {
    http::Response r;
    r.status = status;
    r.content_type = "text/html; charset=utf-8";
    r.body = std::move(body);
    r.With("Content-Security-Policy",
           "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
           "frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
    r.With("X-Content-Type-Options", "nosniff");
    r.With("Referrer-Policy", no_referrer ? "no-referrer" : "same-origin");
    r.With("Vary", "Cookie, Accept-Language");
    return r;
}

http::Response Redirect(std::string location) {
    http::Response r;
    r.status = 303;
    r.content_type = "text/plain; charset=utf-8";
    r.With("Location", std::move(location));
    return r;
}

}  // namespace redress::web
