#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <memory>
#include <stdexcept>
#include <thread>

#include "app/clock.hpp"
#include "app/procedure.hpp"
#include "app/users.hpp"
#include "cli/commands.hpp"
#include "http/api.hpp"
#include "http/server.hpp"
#include "log/log.hpp"
#include "store/store.hpp"
#include "store/writer.hpp"
#include "web/web.hpp"

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

// Checks deadlines every tick through the writer, so alerts are recorded in the same
// serialised, durable way as every other change, and exactly once across restarts.
class DeadlineScheduler {
public:
    DeadlineScheduler(store::Writer& writer, const app::Rules& rules, const app::Clock& clock,
                      std::chrono::milliseconds tick)
        : writer_(writer), rules_(rules), clock_(clock), tick_(tick), thread_([this] { Loop(); }) {}

    ~DeadlineScheduler() { Stop(); }

    void Stop() {
        {
            std::lock_guard lock(mutex_);
            stopping_ = true;
        }
        wake_.notify_all();
        if (thread_.joinable()) {
            thread_.join();
        }
    }

private:
    void Loop() {
        std::unique_lock lock(mutex_);
        while (!stopping_) {
            bool done = false;
            lock.unlock();
            writer_.Submit(
                [this](store::WriteTx& tx) {
                    int n = app::RecordDueAlerts(tx, clock_.Now(), rules_);
                    if (n > 0) {
                        log::Info("deadline alerts recorded", {{"count", std::to_string(n)}});
                    }
                    return true;
                },
                [this, &done](store::Writer::Outcome, const std::string&) {
                    std::lock_guard inner(mutex_);
                    done = true;
                    wake_.notify_all();
                });
            lock.lock();
            wake_.wait(lock, [&] { return done; });
            wake_.wait_for(lock, tick_, [this] { return stopping_; });
        }
    }

    store::Writer& writer_;
    const app::Rules& rules_;
    const app::Clock& clock_;
    std::chrono::milliseconds tick_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;  // guarded by mutex_
    std::thread thread_;
};

}  // namespace

void AddServe(CLI::App& app) {
    auto* cmd = app.add_subcommand("serve", "Serve the web app, the customer portal and the JSON API");
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
    static std::string policy_file;
    static double tick_seconds = 30;
    static web::WebConfig web_config;
    static int session_hours = 12;
    static int card_cache_mb = 64;
    cmd->add_flag("--secure-cookies", web_config.secure_cookies,
                  "Mark cookies Secure (set when TLS ends at a proxy that does not send X-Forwarded-Proto)")
        ->envname("REDRESS_SECURE_COOKIES");
    cmd->add_option("--session-hours", session_hours, "Hours a staff sign-in lasts")
        ->envname("REDRESS_SESSION_HOURS")->check(CLI::Range(1, 24 * 30))->capture_default_str();
    cmd->add_option("--card-cache-mb", card_cache_mb, "Memory for recently used cards, in MiB (0: none)")
        ->envname("REDRESS_CARD_CACHE_MB")->check(CLI::Range(0, 1 << 20))->capture_default_str();
    cmd->add_option("--policy", policy_file, "Policy file (TOML); default: the built-in policy")->envname("REDRESS_POLICY");
    cmd->add_option("--tick", tick_seconds, "Seconds between deadline checks")->envname("REDRESS_TICK")
        ->check(CLI::Range(0.05, 3600.0))->capture_default_str();
    cmd->callback([] {
        ParseListen(listen, config);
        config.io_threads = threads;
        auto clock = MakeClock();
        auto rules = app::LoadRules(policy_file);
        if (!rules) {
            throw std::runtime_error(rules.error().message);
        }
        auto store = store::Open({db, threads + 2, true, static_cast<std::size_t>(card_cache_mb) << 20});
        store::Writer writer(*store);
        app::Authenticator authenticator(*store, *clock);
        http::Metrics metrics;
        http::Router router;
        router.SetAuthenticator([&authenticator](std::string_view token) { return authenticator.Authenticate(token); });
        http::Server* server_ptr = nullptr;
        http::Services services{*store, writer, metrics, *clock, [&server_ptr] {
                                    return server_ptr != nullptr && server_ptr->accepting();
                                }, *rules};
        http::AddSystemRoutes(router, services);
        http::AddComplaintRoutes(router, services);
        http::AddProcedureRoutes(router, services);
        http::AddPeopleRoutes(router, services);
        http::AddTaskRoutes(router, services);
        web_config.session_length = std::chrono::hours{session_hours};
        web::WebServices web_services{services, authenticator, web_config};
        web::AddWebRoutes(router, web_services);
        http::Server server(config, router, writer, metrics, *clock);
        server_ptr = &server;
        DeadlineScheduler scheduler(writer, *rules, *clock,
                                    std::chrono::milliseconds{static_cast<long>(tick_seconds * 1000)});
        server.Run();
        scheduler.Stop();
        writer.Stop();  // every queued command is committed before the store closes
    });
}

}  // namespace redress::cli
