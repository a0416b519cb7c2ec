// redress_bare_http: a bare Boost.Beast HTTP/1.1 server, the HTTP ceiling that the Redress
// GET figures are compared with in the same benchmark run (docs/performance.md).
//
//   redress_bare_http [--listen 127.0.0.1:0] [--ready-file FILE] [--body BYTES] [--threads N]
//
// What it does and no more: one Asio coroutine per connection, keep-alive, and to every
// request a 200 with a fixed application/json body of BYTES bytes (default 1500, about a
// card's size). No routing, no database, no logging. SIGTERM/SIGINT stop it.

#include <CLI/CLI.hpp>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

namespace {

asio::awaitable<void> Session(tcp::socket socket, const std::string& body) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    try {
        while (true) {
            bhttp::request<bhttp::string_body> request;
            co_await bhttp::async_read(stream, buffer, request, asio::use_awaitable);
            bhttp::response<bhttp::string_body> response{bhttp::status::ok, request.version()};
            response.set(bhttp::field::content_type, "application/json");
            response.keep_alive(request.keep_alive());
            response.body() = body;
            response.prepare_payload();
            co_await bhttp::async_write(stream, response, asio::use_awaitable);
            if (!request.keep_alive()) {
                break;
            }
        }
    } catch (const boost::system::system_error&) {
        // the client closed the connection
    }
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> Listen(tcp::acceptor& acceptor, const std::string& body) {
    while (true) {
        tcp::socket socket = co_await acceptor.async_accept(asio::use_awaitable);
        socket.set_option(tcp::no_delay(true));
        asio::co_spawn(acceptor.get_executor(), Session(std::move(socket), body), asio::detached);
    }
}

}  // namespace

int main(int argc, char** argv) {
    std::string listen = "127.0.0.1:0";
    std::string ready_file;
    long body_bytes = 1500;
    int threads = 1;
    CLI::App app{"A bare Beast server answering every request with a fixed JSON body", "redress_bare_http"};
    app.add_option("--listen", listen, "HOST:PORT")->capture_default_str()->check([](const std::string& v) {
        return v.rfind(':') == std::string::npos ? std::string("must be HOST:PORT") : std::string();
    });
    app.add_option("--ready-file", ready_file, "Write HOST:PORT here once listening");
    app.add_option("--body", body_bytes, "Body size in bytes")->capture_default_str()->check(CLI::Range(2L, 1L << 30));
    app.add_option("--threads", threads, "I/O threads")->capture_default_str()->check(CLI::Range(1, 256));
    CLI11_PARSE(app, argc, argv);
    auto colon = listen.rfind(':');
    // {"pad":"xxxx..."} padded to exactly body_bytes bytes (at least {}).
    std::string body = "{}";
    if (body_bytes >= 11) {
        body = "{\"pad\":\"" + std::string(static_cast<std::size_t>(body_bytes - 10), 'x') + "\"}";
    }

    asio::io_context io(threads);
    tcp::endpoint endpoint(asio::ip::make_address(listen.substr(0, colon)),
                           static_cast<unsigned short>(std::atoi(listen.c_str() + colon + 1)));
    tcp::acceptor acceptor(io, endpoint);
    asio::co_spawn(io, Listen(acceptor, body), asio::detached);
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code&, int) { io.stop(); });
    if (!ready_file.empty()) {
        auto bound = acceptor.local_endpoint();
        std::ofstream(ready_file) << bound.address().to_string() << ":" << bound.port() << "\n";
    }
    std::vector<std::thread> extra;
    for (int t = 1; t < threads; ++t) {
        extra.emplace_back([&io] { io.run(); });
    }
    io.run();
    for (auto& t : extra) {
        t.join();
    }
    return 0;
}
