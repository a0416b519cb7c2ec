#pragma once

// Maps a method and a path pattern ("/api/v1/complaints/{number}") to a handler.

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/roles.hpp"
#include "http/message.hpp"

namespace redress::http {

// Who may call a route. Deny by default: a route is public only when it says so, and
// otherwise needs an authenticated user whose role grants one of `any_of`.
struct Access {
    bool is_public = false;
    std::vector<core::Permission> any_of;

    static Access Public() { return Access{true, {}}; }
    static Access Needs(std::initializer_list<core::Permission> permissions) { return Access{false, permissions}; }
};

struct RouteMatch {
    const Handler* handler = nullptr;
    const Access* access = nullptr;
    std::string_view pattern;
    Params params;
    bool path_known = false;  // the path matched some route, but not with this method (405)
    std::string allowed;      // methods allowed on the path, for the Allow header
};

class Router {
public:
    void Add(std::string method, std::string pattern, Access access, Handler handler);
    RouteMatch Match(std::string_view method, std::string_view path) const;

    struct Route {
        std::string method;
        std::string pattern;
        std::vector<std::string> segments;
        Access access;
        Handler handler;
    };

    const std::vector<Route>& routes() const { return routes_; }

    // Turns a bearer token into the acting user (set by `serve`).
    using Authenticate = std::function<core::Result<app::Actor>(std::string_view token)>;
    void SetAuthenticator(Authenticate authenticate) { authenticate_ = std::move(authenticate); }
    const Authenticate& authenticator() const { return authenticate_; }

private:
    std::vector<Route> routes_;
    Authenticate authenticate_;
};

}  // namespace redress::http
