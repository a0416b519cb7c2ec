#include "http/router.hpp"

#include <boost/url/pct_string_view.hpp>

namespace redress::http {

namespace {

std::vector<std::string_view> Split(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t pos = 0;
    while (pos < path.size()) {
        if (path[pos] == '/') {
            ++pos;
            continue;
        }
        std::size_t end = path.find('/', pos);
        if (end == std::string_view::npos) {
            end = path.size();
        }
        out.push_back(path.substr(pos, end - pos));
        pos = end;
    }
    return out;
}

// A percent-encoded path segment, decoded; nullopt when the encoding is malformed.
std::optional<std::string> Decode(std::string_view segment) {
    auto pct = boost::urls::make_pct_string_view(segment);
    if (!pct) {
        return std::nullopt;
    }
    return pct->decode();
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Access access, Handler handler) {
    Route route{std::move(method), std::move(pattern), {}, std::move(access), std::move(handler)};
    for (std::string_view s : Split(route.pattern)) {
        route.segments.emplace_back(s);
    }
    routes_.push_back(std::move(route));
}

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
    RouteMatch match;
    std::vector<std::string> segments;
    for (std::string_view raw : Split(path)) {
        auto decoded = Decode(raw);
        if (!decoded) {
            return match;
        }
        segments.push_back(std::move(*decoded));
    }
    for (const Route& route : routes_) {
        if (route.segments.size() != segments.size()) {
            continue;
        }
        Params params;
        bool ok = true;
        for (std::size_t seg_idx = 0; seg_idx < segments.size() && ok; ++seg_idx) {
            const std::string& want = route.segments[seg_idx];
            if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
                params.emplace_back(std::string_view(want).substr(1, want.size() - 2),
                                    std::string(segments[seg_idx]));
            } else {
                ok = want == segments[seg_idx];
            }
        }
        if (!ok) {
            continue;
        }
        if (route.method != method) {
            match.path_known = true;
            if (!match.allowed.empty()) {
                match.allowed += ", ";
            }
            match.allowed += route.method;
            continue;
        }
        match.handler = &route.handler;
        match.access = &route.access;
        match.pattern = route.pattern;
        match.params = std::move(params);
        return match;
    }
    return match;
}

}  // namespace redress::http
