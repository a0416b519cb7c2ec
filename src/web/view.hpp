#pragma once

// Pages: mustache templates (web/templates) rendered inside the layout, with
// {{#t}}English text{{/t}} sections translated into the page's language.

#include <kainjow/mustache.hpp>
#include <string>
#include <string_view>

#include "http/message.hpp"
#include "web/i18n.hpp"

namespace redress::web {

using Data = kainjow::mustache::data;

inline Data List() {
    return Data{Data::type::list};
}

// The layout around a page.
struct Frame {
    std::string title;
    bool staff = false;          // the staff app's header and navigation
    std::string current;         // the navigation entry of this page
    std::string user_name;
    std::string user_role;
    std::string csrf;            // for the header's forms
    std::string path;            // this page, to come back to after changing language
    std::string flash;           // a success message
    std::string error;           // a failure message
};

// The four languages for a <select>: code, name, selected.
Data LanguageOptions(std::string_view selected);
// The four languages as links to `path` with ?lang= (then `more_query`, "&next=..."):
// href, name, code, current.
Data LanguageLinks(const Tr& tr, std::string_view path, std::string_view more_query = {});

// Renders templates/<name>.mustache inside templates/layout.mustache.
std::string RenderPage(std::string_view name, Data data, const Frame& frame, const Tr& tr);

// A page with the security headers every HTML answer carries.
http::Response Html(int status, std::string body, bool no_referrer = false);
// 303 See Other: the answer to a successful form post.
http::Response Redirect(std::string location);

// The URL of a static file, versioned by its content so it can be cached for a year.
std::string StaticUrl(std::string_view file);

}  // namespace redress::web
