#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <thread>

#include "app/clock.hpp"
#include "cli/commands.hpp"
#include "http/api.hpp"
#include "http/server.hpp"
#include "log/log.hpp"
#include "store/store.hpp"
#include "store/writer.hpp"

namespace redress::cli {

namespace {

// "HOST:PORT" (IPv6 as "[::1]:8080").
void ParseListen(const std::string& listen, http::ServerConfig& config) {
    auto colon = listen.rfind(':');
    if (colon == std::string::npos) {
        throw std::runtime_error("--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
    }
    std::string host = listen.substr(0, colon);
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    int port = std::atoi(listen.c_str() + colon + 1);
    if (port < 0 || port > 65535) {
        throw std::runtime_error("--listen port must be 0 to 65535");
    }
    config.host = host;
    config.port = static_cast<unsigned short>(port);
}

std::unique_ptr<app::Clock> MakeClock() {
    // REDRESS_NOW runs the server as if it were that instant (tests and demos); time still passes.
    if (const char* now = std::getenv("REDRESS_NOW")) {
        auto start = core::ParseRfc3339(now);
        if (!start) {
            throw std::runtime_error("REDRESS_NOW must be an RFC 3339 date-time");
        }
        log::Info("clock shifted", {{"now", now}});
        return std::make_unique<app::ShiftedClock>(*start);
    }
    return std::make_unique<app::SystemClock>();
}

}  // namespace

void AddServe(CLI::App& app) {
    auto* cmd = app.add_subcommand("serve", "Serve the JSON API");
    static std::string db;
    static std::string listen = "127.0.0.1:8080";
    static http::ServerConfig config;
    static int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency() - 1));
    AddDbOption(*cmd, db);
    cmd->add_option("--listen", listen, "Address to listen on, HOST:PORT")->envname("REDRESS_LISTEN")->capture_default_str();
    cmd->add_option("--threads", threads, "I/O threads (default: cores - 1; the writer has its own)")
        ->envname("REDRESS_THREADS")->check(CLI::Range(1, 256));
    cmd->add_option("--ready-file", config.ready_file, "Write HOST:PORT here once listening");
    cmd->add_flag("--access-log", config.access_log, "Log every request");
    cmd->add_option("--body-limit", config.body_limit, "Largest request body in bytes")->capture_default_str();
    cmd->callback([] {
        ParseListen(listen, config);
        config.io_threads = threads;
        auto clock = MakeClock();
        auto store = store::Open({db, threads + 2, true});
        store::Writer writer(*store);
        http::Metrics metrics;
        http::Router router;
        http::Server* server_ptr = nullptr;
        http::Services services{*store, writer, metrics, *clock, [&server_ptr] {
                                    return server_ptr != nullptr && server_ptr->accepting();
                                }};
        http::AddSystemRoutes(router, services);
        http::AddComplaintRoutes(router, services);
        http::Server server(config, router, writer, metrics, *clock);
        server_ptr = &server;
        server.Run();
        writer.Stop();  // every queued command is committed before the store closes
    });
}

}  // namespace redress::cli
