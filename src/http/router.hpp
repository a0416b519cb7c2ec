#pragma once

// Maps a method and a path pattern ("/api/v1/complaints/{number}") to a handler.

#include <string>
#include <string_view>
#include <vector>

#include "http/message.hpp"

namespace redress::http {

struct RouteMatch {
    const Handler* handler = nullptr;
    std::string_view pattern;
    Params params;
    bool path_known = false;  // the path matched some route, but not with this method (405)
    std::string allowed;      // methods allowed on the path, for the Allow header
};

class Router {
public:
    void Add(std::string method, std::string pattern, Handler handler);
    RouteMatch Match(std::string_view method, std::string_view path) const;

    struct Route {
        std::string method;
        std::string pattern;
        std::vector<std::string> segments;
        Handler handler;
    };

    const std::vector<Route>& routes() const { return routes_; }

private:
    std::vector<Route> routes_;
};

}  // namespace redress::http
