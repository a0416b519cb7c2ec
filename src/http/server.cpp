#include "http/server.hpp"

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/as_tuple.hpp>
#include <boost/beast.hpp>
#include <boost/url.hpp>
#include <fstream>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "core/json.hpp"
#include "core/roles.hpp"
#include "core/text.hpp"
#include "http/problem.hpp"
#include "log/log.hpp"

namespace redress::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

namespace {

// A connection as the shutdown sees it: idle ones are closed, busy ones finish.
struct SessionHandle {
    beast::tcp_stream* stream = nullptr;
    std::atomic<bool> idle{true};
};

// Runs WriteWork on the writer and resumes the coroutine with the response once the
// batch commit is durable (or has failed).
template <class Token>
auto AsyncWrite(store::Writer& writer, WriteWork work, Token&& token) {
    return asio::async_initiate<Token, void(Response)>(
        [&writer](auto handler, WriteWork w) {
            using Handler = decltype(handler);
            struct State {
                Handler handler;
                asio::executor_work_guard<asio::associated_executor_t<Handler>> guard;
                Response response;
            };
            auto executor = asio::get_associated_executor(handler);
            auto state = std::make_shared<State>(State{std::move(handler), asio::make_work_guard(executor), {}});
            writer.Submit(
                [state, run = std::move(w.run)](store::WriteTx& tx) {
                    state->response = run(tx);
                    return state->response.status < 400;
                },
                [state, after_commit = std::move(w.after_commit)](store::Writer::Outcome outcome, const std::string& error) {
                    if ((outcome == store::Writer::Outcome::kCommitted || outcome == store::Writer::Outcome::kInDoubt) && after_commit) {
                        after_commit();
                    }
                    if (outcome == store::Writer::Outcome::kInDoubt) {
                        log::Error("write not durable", {{"error", error}});
                        state->response = Problem(503, "not_durable",
                                                  "the change was made but could not be flushed to disk, so a crash "
                                                  "could still undo it; check whether it is there before repeating it");
                    } else if (outcome == store::Writer::Outcome::kFailed) {
                        log::Error("write failed", {{"error", error}});
                        state->response = error == "shutting down"
                                              ? Problem(503, "shutting_down", "the server is shutting down; retry")
                                              : Problem(503, "store_unavailable",
                                                        "the complaint could not be stored; nothing was changed, retry");
                    }
                    auto ex = state->guard.get_executor();
                    asio::post(ex, [state]() mutable {
                        auto h = std::move(state->handler);
                        h(std::move(state->response));
                    });
                });
        },
        token, std::move(work));
}

template <class Token>
auto AsyncCpu(asio::thread_pool& pool, CpuWork work, Token&& token) {
    return asio::async_initiate<Token, void(Outcome)>(
        [&pool](auto handler, CpuWork w) {
            auto executor = asio::get_associated_executor(handler);
            auto guard = asio::make_work_guard(executor);
            asio::post(pool, [handler = std::move(handler), guard = std::move(guard), run = std::move(w.run)]() mutable {
                Outcome out = run();
                auto ex = guard.get_executor();
                asio::post(ex, [handler = std::move(handler), out = std::move(out)]() mutable {
                    handler(std::move(out));
                });
            });
        },
        token, std::move(work));
}

Request ToRequest(const bhttp::request<bhttp::string_body>& req, bool& ok) {
    Request out;
    out.method = std::string(req.method_string());
    auto target = boost::urls::parse_origin_form(req.target());
    ok = target.has_value();
    if (!ok) {
        return out;
    }
    out.path = target->path();
    out.raw_path = target->encoded_path();
    for (auto param : target->params()) {
        out.query.emplace_back(param.key, param.value);
    }
    out.headers.reserve(8);
    for (const auto& field : req) {
        std::string name(field.name_string());
        for (char& c : name) {
            if (c >= 'A' && c <= 'Z') {
                c = static_cast<char>(c - 'A' + 'a');
            }
        }
        out.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    out.body = req.body();
    return out;
}

}  // namespace

struct Server::Impl {
    ServerConfig config;
    const Router& router;
    store::Writer& writer;
    Metrics& metrics;
    const app::Clock& clock;
    asio::io_context ioc;
    asio::thread_pool cpu_pool;
    tcp::acceptor acceptor{ioc};
    asio::signal_set signals{ioc, SIGINT, SIGTERM};
    std::atomic<bool> stopping{false};
    std::mutex sessions_mutex;
    std::unordered_set<SessionHandle*> sessions;  // guarded by sessions_mutex

    Impl(ServerConfig c, const Router& r, store::Writer& w, Metrics& m, const app::Clock& clk)
        : config(std::move(c)), router(r), writer(w), metrics(m), clock(clk),
          cpu_pool(static_cast<std::size_t>(std::max(1, config.cpu_threads))) {}

    core::Result<app::Actor> Authenticate(const Request& req) const {
        auto header = req.Header("authorization");
        constexpr std::string_view kScheme = "Bearer ";
        // The scheme name is case-insensitive (RFC 9110 §11.1).
        if (!header || header->size() <= kScheme.size() ||
            core::AsciiLower(header->substr(0, kScheme.size())) != "bearer ") {
            return core::Fail(core::Error{core::ErrorCode::kUnauthenticated, "Authorization", "bearer",
                                          "this resource needs an Authorization: Bearer <token> header"});
        }
        if (!router.authenticator()) {
            return core::Fail(core::Error{core::ErrorCode::kUnauthenticated, "Authorization", "bearer",
                                          "authentication is not configured"});
        }
        return router.authenticator()(header->substr(kScheme.size()));
    }

    awaitable<Response> Dispatch(Request& req, std::string& route) {
        RouteMatch match = router.Match(req.method, req.raw_path.empty() ? req.path : req.raw_path);
        if (!match.handler) {
            route = "unmatched";
            if (match.path_known) {
                Response r = Problem(405, "method", "method " + req.method + " is not allowed on " + req.path);
                r.With("Allow", match.allowed);
                co_return r;
            }
            co_return Problem(404, "route", "no such resource: " + req.path);
        }
        route = match.pattern;
        Context ctx{{}, clock.Now(), route};
        if (!match.access->is_public) {
            auto actor = Authenticate(req);
            if (!actor) {
                Response r = Problem(actor.error());
                r.With("WWW-Authenticate", "Bearer realm=\"redress\"");
                co_return r;
            }
            bool allowed = std::any_of(match.access->any_of.begin(), match.access->any_of.end(),
                                       [&](core::Permission p) { return core::Allows(actor->role, p); });
            if (!allowed) {
                co_return Problem(core::Forbidden("the role " + std::string(core::json::EnumName(actor->role)) +
                                                  " may not " + req.method + " " + std::string(match.pattern)));
            }
            ctx.actor = std::move(*actor);
        }
        try {
            Outcome out = (*match.handler)(req, match.params, ctx);
            for (;;) {
                if (auto* response = std::get_if<Response>(&out)) {
                    co_return std::move(*response);
                }
                if (auto* write = std::get_if<WriteWork>(&out)) {
                    co_return co_await AsyncWrite(writer, std::move(*write), use_awaitable);
                }
                out = co_await AsyncCpu(cpu_pool, std::move(std::get<CpuWork>(out)), use_awaitable);
            }
        } catch (const std::exception& e) {
            log::Error("handler failed", {{"route", route}, {"error", e.what()}});
            co_return Problem(500, "internal", "the request could not be completed; nothing was changed");
        }
    }

    // After answering a request early (body too large, malformed), read and discard what
    // the client is still sending for a moment, so that it finishes its write and reads
    // the answer instead of meeting a reset connection.
    static awaitable<void> Linger(beast::tcp_stream& stream) {
        boost::system::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream.expires_after(std::chrono::seconds(2));
        std::array<char, 65536> sink;
        std::size_t drained = 0;
        while (drained < 64 * 1024 * 1024) {
            auto [ec, n] = co_await stream.async_read_some(asio::buffer(sink), kTuple);
            if (ec) {
                break;
            }
            drained += n;
        }
    }

    awaitable<void> Session(tcp::socket socket) {
        beast::tcp_stream stream(std::move(socket));
        SessionHandle handle;
        handle.stream = &stream;
        {
            std::lock_guard lock(sessions_mutex);
            sessions.insert(&handle);
        }
        metrics.ConnectionOpened();
        beast::flat_buffer buffer;
        std::string remote;
        {
            boost::system::error_code ec;
            auto ep = stream.socket().remote_endpoint(ec);
            if (!ec) {
                remote = ep.address().to_string();
            }
        }
        for (;;) {
            bhttp::request_parser<bhttp::string_body> parser;
            std::size_t body_limit = config.body_limit;
            parser.body_limit(body_limit);
            parser.header_limit(16 * 1024);
            stream.expires_after(config.idle_timeout);
            handle.idle = true;
            if (stopping) {
                break;
            }
            auto [ec, bytes] = co_await bhttp::async_read_header(stream, buffer, parser, kTuple);
            handle.idle = false;
            (void)bytes;
            if (!ec && !parser.is_done()) {
                // File uploads (multipart forms) may be larger than any other body.
                auto type = parser.get()[bhttp::field::content_type];
                if (core::AsciiLower(type.substr(0, 19)) == "multipart/form-data") {
                    body_limit = config.upload_limit;
                    parser.body_limit(body_limit);
                }
                auto [body_ec, body_bytes] = co_await bhttp::async_read(stream, buffer, parser, kTuple);
                (void)body_bytes;
                ec = body_ec;
            }
            auto started = std::chrono::steady_clock::now();
            bool keep_alive = false;
            bool unread_body = false;  // the answer comes before the client finished sending
            Response res;
            std::string route = "unmatched";
            std::string method;
            if (ec == bhttp::error::end_of_stream || ec == asio::error::operation_aborted ||
                ec == beast::error::timeout || ec == asio::error::connection_reset || ec == asio::error::eof) {
                break;
            }
            if (ec == bhttp::error::body_limit) {
                unread_body = true;
                res = Problem(413, "body_limit",
                              "the body exceeds the limit of " + std::to_string(body_limit) + " bytes");
            } else if (ec) {
                unread_body = true;
                res = Problem(400, "http", "malformed HTTP request: " + ec.message());
            } else {
                auto& breq = parser.get();
                keep_alive = breq.keep_alive();
                bool target_ok = false;
                Request req = ToRequest(breq, target_ok);
                req.remote = remote;
                method = req.method;
                if (!target_ok) {
                    res = Problem(400, "target", "the request target is not a valid path");
                } else {
                    res = co_await Dispatch(req, route);
                }
            }
            if (stopping) {
                keep_alive = false;
            }
            bhttp::response<bhttp::string_body> out{static_cast<bhttp::status>(res.status), 11};
            out.set(bhttp::field::server, "redress");
            out.set(bhttp::field::content_type, res.content_type);
            bool has_cache_control = false;
            for (auto& [name, value] : res.headers) {
                has_cache_control = has_cache_control || beast::iequals(name, "cache-control");
                out.insert(name, value);
            }
            if (!has_cache_control) {
                out.set(bhttp::field::cache_control, "no-store");
            }
            out.keep_alive(keep_alive);
            out.body() = std::move(res.body);
            out.prepare_payload();
            stream.expires_after(std::chrono::seconds(30));
            auto [wec, wbytes] = co_await bhttp::async_write(stream, out, kTuple);
            (void)wbytes;
            double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            metrics.ObserveRequest(route, method, res.status, seconds);
            if (config.access_log) {
                log::Info("request", {{"method", method}, {"route", route}, {"status", res.status},
                                      {"seconds", seconds}, {"remote", remote}});
            }
            if (!wec && unread_body) {
                co_await Linger(stream);
            }
            if (wec || !keep_alive) {
                break;
            }
        }
        boost::system::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        {
            std::lock_guard lock(sessions_mutex);
            sessions.erase(&handle);
        }
        metrics.ConnectionClosed();
    }

    awaitable<void> Listen() {
        for (;;) {
            auto [ec, socket] = co_await acceptor.async_accept(asio::make_strand(ioc), kTuple);
            if (ec) {
                if (stopping || ec == asio::error::operation_aborted) {
                    co_return;
                }
                log::Warn("accept failed", {{"error", ec.message()}});
                continue;
            }
            socket.set_option(tcp::no_delay(true));
            auto executor = socket.get_executor();
            asio::co_spawn(executor, Session(std::move(socket)), [](std::exception_ptr e) {
                if (e) {
                    try {
                        std::rethrow_exception(e);
                    } catch (const std::exception& ex) {
                        log::Error("connection failed", {{"error", ex.what()}});
                    }
                }
            });
        }
    }

    void BeginStop() {
        if (stopping.exchange(true)) {
            return;
        }
        log::Info("stopping: finishing in-flight requests");
        asio::post(ioc, [this] {
            boost::system::error_code ignored;
            acceptor.close(ignored);
            signals.cancel(ignored);
            std::lock_guard lock(sessions_mutex);
            for (SessionHandle* s : sessions) {
                if (s->idle) {
                    // Runs on the session's strand, so it never races the session's own I/O.
                    asio::post(s->stream->get_executor(), [this, s] {
                        std::lock_guard inner(sessions_mutex);
                        if (sessions.count(s) && s->idle) {
                            s->stream->cancel();
                        }
                    });
                }
            }
        });
    }
};

Server::Server(ServerConfig config, const Router& router, store::Writer& writer, Metrics& metrics,
               const app::Clock& clock)
    : impl_(std::make_unique<Impl>(std::move(config), router, writer, metrics, clock)) {}

Server::~Server() = default;

bool Server::accepting() const {
    return !impl_->stopping;
}

void Server::Stop() {
    impl_->BeginStop();
}

void Server::Run() {
    Impl& s = *impl_;
    auto address = asio::ip::make_address(s.config.host);
    tcp::endpoint endpoint{address, s.config.port};
    s.acceptor.open(endpoint.protocol());
    s.acceptor.set_option(asio::socket_base::reuse_address(true));
    s.acceptor.bind(endpoint);
    s.acceptor.listen(asio::socket_base::max_listen_connections);
    auto bound = s.acceptor.local_endpoint();
    std::string where = bound.address().to_string() + ":" + std::to_string(bound.port());
    log::Info("listening", {{"address", where}, {"io_threads", s.config.io_threads}});
    if (!s.config.ready_file.empty()) {
        std::string tmp = s.config.ready_file + ".tmp";
        {
            std::ofstream f(tmp);
            f << where << "\n";
        }
        std::rename(tmp.c_str(), s.config.ready_file.c_str());  // readers never see half a line
    }
    s.signals.async_wait([&s](const boost::system::error_code& ec, int signal) {
        if (!ec) {
            log::Info("signal received", {{"signal", signal}});
            s.BeginStop();
        }
    });
    asio::co_spawn(s.ioc, s.Listen(), asio::detached);
    std::vector<std::thread> threads;
    for (int thread_idx = 1; thread_idx < s.config.io_threads; ++thread_idx) {
        threads.emplace_back([&s] { s.ioc.run(); });
    }
    s.ioc.run();
    for (auto& t : threads) {
        t.join();
    }
    s.cpu_pool.join();
    log::Info("stopped");
}

}  // namespace redress::http
