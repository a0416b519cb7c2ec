// Static files (CSS, htmx, the favicon) from the binary, cacheable for a year: their URLs
// carry a content hash (StaticUrl), so a new build is a new URL.

#include "http/api_support.hpp"
#include "web/embedded.hpp"
#include "web/view.hpp"
#include "web/web.hpp"

namespace redress::web {

namespace {

std::string_view TypeOf(std::string_view name) {
    auto ends = [&](std::string_view suffix) {
        return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
    };
    if (ends(".css")) {
        return "text/css; charset=utf-8";
    }
    if (ends(".js")) {
        return "text/javascript; charset=utf-8";
    }
    if (ends(".svg")) {
        return "image/svg+xml";
    }
    if (ends(".ttf")) {
        return "font/ttf";
    }
    return "application/octet-stream";
}

}  // namespace

void AddAssetRoutes(http::Router& router) {
    router.Add("GET", "/static/{file}", http::Access::Public(),
               [](const http::Request& req, const http::Params& params, const http::Context&) -> http::Outcome {
        const std::string* file = http::Param(params, "file");
        auto bytes = file ? Embedded("static/" + *file) : std::nullopt;
        if (!bytes) {
            http::Response r;
            r.status = 404;
            r.content_type = "text/plain; charset=utf-8";
            r.body = "not found";
            return r;
        }
        http::Response r;
        r.content_type = std::string(TypeOf(*file));
        r.body = std::string(*bytes);
        // Versioned URLs never change; an unversioned request is revalidated hourly.
        r.With("Cache-Control", req.Query("v") ? "public, max-age=31536000, immutable" : "public, max-age=3600");
        r.With("X-Content-Type-Options", "nosniff");
        return r;
    });
    router.Add("GET", "/favicon.ico", http::Access::Public(),
               [](const http::Request&, const http::Params&, const http::Context&) -> http::Outcome {
        return Redirect(StaticUrl("favicon.svg"));
    });
}

void AddWebRoutes(http::Router& router, WebServices& web) {
    AddAssetRoutes(router);
    AddStaffRoutes(router, web);
    AddCardRoutes(router, web);
    AddPortalRoutes(router, web);
}

}  // namespace redress::web
