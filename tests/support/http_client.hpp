#pragma once

// A small blocking HTTP/1.1 client over one keep-alive connection to 127.0.0.1,
// for tests that speak to the real server.

#include <boost/json/value.hpp>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace redress::test {

struct HttpResponse {
    int status = 0;
    std::string content_type;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;

    std::string Header(const std::string& name) const;  // case-insensitive; "" if absent
    boost::json::value Json() const;                    // throws if the body is not JSON
};

class HttpClient {
public:
    explicit HttpClient(unsigned short port);
    HttpClient(HttpClient&&) noexcept;
    ~HttpClient();

    // Default headers sent with every request (e.g. Authorization).
    void SetHeader(std::string name, std::string value);

    HttpResponse Send(const std::string& method,
                      const std::string& target,
                      const std::string& body = "",
                      const std::vector<std::pair<std::string, std::string>>& headers = {});

    HttpResponse Get(const std::string& target) { return Send("GET", target); }

    HttpResponse PostJson(const std::string& target,
                          const std::string& json,
                          const std::vector<std::pair<std::string, std::string>>& headers = {});

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace redress::test
