#pragma once

// The real `redress` binary as a child process: `serve` on a free loopback port, or any
// other subcommand run to completion.

#include <sys/types.h>

#include <string>
#include <utility>
#include <vector>

namespace redress::test {

struct CommandResult {
    int status = -1;  // exit status, or 128 + signal
    std::string out;
    std::string err;
};

// Runs `redress args...` with extra environment entries ("NAME=value") and waits.
CommandResult RunRedress(const std::vector<std::string>& args,
                         const std::vector<std::string>& env = {},
                         const std::string& stdin_text = "");

// Creates a user (migrating the database first) and returns an API token for it; the
// token is kept beside the database and returned again on later calls.
std::string EnsureUser(const std::string& db, const std::string& login, const std::string& role,
                       const std::string& full_name = "");

// The token HttpClient sends by default: the last started server's "tester", a head of quality.
const std::string& DefaultToken();
void SetDefaultToken(std::string token);

class ServerProcess {
public:
    // Starts `redress serve --db db --listen 127.0.0.1:0` plus `extra_args`, and waits
    // until it listens (throws after 20 s).
    explicit ServerProcess(std::string db,
                           std::vector<std::string> extra_args = {},
                           std::vector<std::string> env = {});
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;
    // Stops the server (SIGTERM) if it is still running.
    ~ServerProcess();

    unsigned short port() const { return port_; }
    const std::string& token() const { return token_; }

    pid_t pid() const { return pid_; }

    // SIGTERM, then waits; returns the exit status.
    int Stop();
    // SIGKILL, then waits.
    void Kill();
    // What the server wrote on stderr so far (its JSON log).
    std::string Log() const;

private:
    std::string dir_;
    pid_t pid_ = -1;
    unsigned short port_ = 0;
    std::string token_;
};

}  // namespace redress::test
