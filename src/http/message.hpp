#pragma once

// The HTTP adapter's own request and response: what handlers see. They carry no Beast or
// Asio types, so handler code compiles quickly and is tested without sockets.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "app/actor.hpp"
#include "core/time.hpp"
#include "store/store.hpp"

namespace redress::http {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct Request {
    std::string method;  // "GET", "POST", ...
    std::string path;    // percent-decoded
    std::string raw_path;  // as sent: routing splits it at "/" before decoding, so "%2F" stays in its segment
    std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
    HeaderList headers;  // names lower-cased
    std::string body;
    std::string remote;  // peer address

    std::optional<std::string_view> Header(std::string_view lower_name) const;
    std::optional<std::string_view> Query(std::string_view name) const;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json";
    std::string body;
    HeaderList headers;

    Response& With(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
};

Response Json(int status, std::string body);

// A handler either answers at once, or hands work to the writer: `run` executes inside
// the writer's batch transaction, and its response is sent only after the commit is
// durable. A response with status >= 400 rolls the command back instead.
struct WriteWork {
    std::function<Response(store::WriteTx&)> run;
    // Runs once the change is durable (never when it was refused or failed), before the
    // answer is sent: for caches that must not drop an entry a reader could re-fill
    // with what the transaction was about to change.
    std::function<void()> after_commit = {};
};

struct Outcome;

// CPU-heavy work (password hashing) that must stay off the I/O threads.
struct CpuWork {
    std::function<Outcome()> run;
};

struct Outcome : std::variant<Response, WriteWork, CpuWork> {
    using variant::variant;
};

// Per-request facts handlers need besides the request.
struct Context {
    app::Actor actor;
    core::Timestamp now{};
    std::string route;  // the matched route's pattern, for metrics
};

using Params = std::vector<std::pair<std::string_view, std::string>>;

using Handler = std::function<Outcome(const Request&, const Params&, const Context&)>;

}  // namespace redress::http
