#include "support/server_process.hpp"

#include <fstream>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "support/temp_dir.hpp"

extern char** environ;

namespace redress::test {

namespace {

int StatusOf(int wstatus) {
    if (WIFEXITED(wstatus)) {
        return WEXITSTATUS(wstatus);
    }
    if (WIFSIGNALED(wstatus)) {
        return 128 + WTERMSIG(wstatus);
    }
    return -1;
}

// Forks and execs the binary; stdout/stderr go to the given files (or pipes' fds).
pid_t Spawn(const std::vector<std::string>& args, const std::vector<std::string>& env, int in_fd, int out_fd,
            int err_fd) {
    std::vector<std::string> full{REDRESS_BINARY};
    full.insert(full.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : full) {
        argv.push_back(const_cast<char*>(a.c_str()));
    }
    argv.push_back(nullptr);
    std::vector<std::string> env_copy;
    for (char** e = environ; *e; ++e) {
        env_copy.emplace_back(*e);
    }
    env_copy.insert(env_copy.end(), env.begin(), env.end());
    std::vector<char*> envp;
    for (auto& e : env_copy) {
        envp.push_back(const_cast<char*>(e.c_str()));
    }
    envp.push_back(nullptr);
    pid_t pid = ::fork();
    if (pid < 0) {
        throw std::runtime_error("fork failed");
    }
    if (pid == 0) {
        if (in_fd >= 0) {
            ::dup2(in_fd, STDIN_FILENO);
        }
        ::dup2(out_fd, STDOUT_FILENO);
        ::dup2(err_fd, STDERR_FILENO);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    return pid;
}

}  // namespace

CommandResult RunRedress(const std::vector<std::string>& args, const std::vector<std::string>& env,
                         const std::string& stdin_text) {
    TempDir dir;
    std::string in_path = dir.File("in");
    {
        int fd = ::open(in_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (::write(fd, stdin_text.data(), stdin_text.size()) < 0) {
            ::close(fd);
            throw std::runtime_error("cannot write stdin file");
        }
        ::close(fd);
    }
    int in_fd = ::open(in_path.c_str(), O_RDONLY);
    int out_fd = ::open(dir.File("out").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err_fd = ::open(dir.File("err").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = Spawn(args, env, in_fd, out_fd, err_fd);
    ::close(in_fd);
    ::close(out_fd);
    ::close(err_fd);
    int wstatus = 0;
    ::waitpid(pid, &wstatus, 0);
    return CommandResult{StatusOf(wstatus), ReadFile(dir.File("out")), ReadFile(dir.File("err"))};
}

namespace {
std::string& DefaultTokenStore() {
    static std::string token;
    return token;
}
}  // namespace

const std::string& DefaultToken() {
    return DefaultTokenStore();
}

void SetDefaultToken(std::string token) {
    DefaultTokenStore() = std::move(token);
}

std::string EnsureUser(const std::string& db, const std::string& login, const std::string& role,
                       const std::string& full_name) {
    // The token sits next to the database, so a restarted server's tests keep using it.
    std::string token_file = db + "." + login + ".token";
    std::string token = ReadFile(token_file);
    if (!token.empty()) {
        return token;
    }
    if (RunRedress({"migrate", "--db", db}).status != 0) {
        throw std::runtime_error("redress migrate failed for " + db);
    }
    auto added = RunRedress({"user", "add", "--db", db, "--name", login, "--role", role, "--full-name",
                             full_name.empty() ? login : full_name, "--print-token"});
    if (added.status != 0) {
        throw std::runtime_error("redress user add failed: " + added.err);
    }
    token = added.out.substr(0, added.out.find('\n'));
    std::ofstream(token_file) << token;
    return token;
}

ServerProcess::ServerProcess(std::string db, std::vector<std::string> extra_args, std::vector<std::string> env) {
    char pattern[] = "/tmp/redress-server-XXXXXX";
    if (::mkdtemp(pattern) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    dir_ = pattern;
    token_ = EnsureUser(db, "tester", "head_of_quality");
    SetDefaultToken(token_);
    std::string ready = dir_ + "/ready";
    std::vector<std::string> args{"serve", "--db", std::move(db), "--listen", "127.0.0.1:0", "--ready-file", ready,
                                  "--threads", "1"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    int out_fd = ::open((dir_ + "/stdout").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err_fd = ::open((dir_ + "/stderr").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_ = Spawn(args, env, -1, out_fd, err_fd);
    ::close(out_fd);
    ::close(err_fd);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (std::chrono::steady_clock::now() < deadline) {
        std::string text = ReadFile(ready);
        auto colon = text.rfind(':');
        if (colon != std::string::npos) {
            port_ = static_cast<unsigned short>(std::atoi(text.c_str() + colon + 1));
            return;
        }
        int wstatus = 0;
        if (::waitpid(pid_, &wstatus, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("redress serve exited early: " + ReadFile(dir_ + "/stderr"));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    Kill();
    throw std::runtime_error("redress serve did not start: " + ReadFile(dir_ + "/stderr"));
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) {
        Stop();
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

int ServerProcess::Stop() {
    if (pid_ <= 0) {
        return -1;
    }
    ::kill(pid_, SIGTERM);
    int wstatus = 0;
    ::waitpid(pid_, &wstatus, 0);
    pid_ = -1;
    return StatusOf(wstatus);
}

void ServerProcess::Kill() {
    if (pid_ <= 0) {
        return;
    }
    ::kill(pid_, SIGKILL);
    int wstatus = 0;
    ::waitpid(pid_, &wstatus, 0);
    pid_ = -1;
}

std::string ServerProcess::Log() const {
    return ReadFile(dir_ + "/stderr");
}

}  // namespace redress::test
