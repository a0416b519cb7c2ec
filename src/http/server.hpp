#pragma once

// The HTTP/1.1 server: Boost.Beast over Asio coroutines. Listens, runs one coroutine per
// connection (keep-alive, idle timeout, body limit), routes each request, and sends the
// answer — for writes, only after the writer's commit is durable. SIGTERM/SIGINT stop it
// gracefully: no new connections, in-flight requests finish, idle connections close.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "app/clock.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "store/writer.hpp"

namespace redress::http {

struct ServerConfig {
    std::string host = "127.0.0.1";
    unsigned short port = 8080;  // 0: any free port (see ready_file)
    int io_threads = 1;
    int cpu_threads = 2;  // for CpuWork such as password hashing
    std::size_t body_limit = 1 << 20;
    std::size_t upload_limit = 24 << 20;  // for multipart/form-data bodies (portal attachments)
    std::chrono::seconds idle_timeout{30};
    std::string ready_file;  // written with "host:port\n" once listening
    bool access_log = false;
};

class Server {
public:
    Server(ServerConfig config, const Router& router, store::Writer& writer, Metrics& metrics,
           const app::Clock& clock);
    ~Server();

    // Serves until SIGTERM/SIGINT or Stop(); returns after in-flight requests finished.
    void Run();
    // Begins a graceful stop from any thread.
    void Stop();
    // Whether the server is accepting (false while stopping): for /readyz.
    bool accepting() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace redress::http
