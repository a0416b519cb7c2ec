// redress user add|list|disable|token, and redress policy check.

#include <iostream>
#include <string>

#include "app/clock.hpp"
#include "app/procedure.hpp"
#include "app/users.hpp"
#include "cli/commands.hpp"
#include "store/store.hpp"

namespace redress::cli {

namespace {

[[noreturn]] void Die(const core::Error& error) {
    std::cerr << "redress: " << error.message << "\n";
    throw ExitStatus{1};
}

std::string ReadPasswordLine() {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') {
        password.pop_back();
    }
    return password;
}

void PrintToken(store::WriteTx& tx, const std::string& login) {
    auto token = app::IssueToken(tx, login, "cli", app::SystemClock().Now(), std::nullopt);
    if (!token) {
        Die(token.error());
    }
    std::cout << *token << "\n";
}

}  // namespace

void AddUser(CLI::App& app) {
    auto* user = app.add_subcommand("user", "Manage users, their roles and API tokens");
    user->require_subcommand(1);
    static std::string db;

    auto* add = user->add_subcommand("add", "Add a user");
    static app::NewUser input;
    static bool password_stdin = false;
    static bool print_token = false;
    AddDbOption(*add, db);
    add->add_option("--name", input.login, "Login name: a-z, 0-9, '.', '-', '_'")->required();
    add->add_option("--full-name", input.name, "The person's full name (default: the login)");
    add->add_option("--role", input.role,
                    "front_line, responsible, executor, head_of_quality, manager, admin or auditor")->required();
    add->add_option("--position", input.position, "Job title, shown on letters");
    add->add_option("--site", input.site, "Branch or shop");
    add->add_option("--language", input.language, "en, ru, bg or hy")->capture_default_str();
    add->add_flag("--password-stdin", password_stdin, "Read a password from the first line of standard input");
    add->add_flag("--print-token", print_token, "Print a new API token for the user");
    add->callback([] {
        if (input.name.empty()) {
            input.name = input.login;
        }
        if (password_stdin) {
            input.password = ReadPasswordLine();
        }
        auto row = app::PrepareUser(input, app::SystemClock().Now());
        if (!row) {
            Die(row.error());
        }
        auto store = store::Open({db, 1, true});
        auto tx = store->BeginWrite();
        if (auto added = app::AddUser(*tx, *row); !added) {
            Die(added.error());
        }
        if (print_token) {
            PrintToken(*tx, row->login);
        }
        tx->Commit();
        std::cerr << "added " << row->login << " (" << row->role << ")\n";
    });

    auto* list = user->add_subcommand("list", "List users");
    AddDbOption(*list, db);
    list->callback([] {
        auto store = store::Open({db, 1, true});
        for (const store::UserRow& u : store->Read()->ListUsers()) {
            std::cout << u.login << "\t" << u.role << "\t" << u.name << "\t" << u.site << "\t"
                      << (u.disabled ? "disabled" : "active") << "\n";
        }
    });

    auto* disable = user->add_subcommand("disable", "Disable a user and revoke their tokens");
    static std::string login;
    AddDbOption(*disable, db);
    disable->add_option("--name", login, "Login name")->required();
    disable->callback([] {
        auto store = store::Open({db, 1, true});
        auto tx = store->BeginWrite();
        if (auto done = app::DisableUser(*tx, login); !done) {
            Die(done.error());
        }
        tx->Commit();
        std::cerr << "disabled " << login << "; running servers forget its tokens within seconds\n";
    });

    auto* token = user->add_subcommand("token", "Print a new API token for a user (shown once)");
    AddDbOption(*token, db);
    token->add_option("--name", login, "Login name")->required();
    token->callback([] {
        auto store = store::Open({db, 1, true});
        auto tx = store->BeginWrite();
        PrintToken(*tx, login);
        tx->Commit();
    });
}

void AddPolicy(CLI::App& app) {
    auto* policy = app.add_subcommand("policy", "Check the policy file");
    policy->require_subcommand(1);
    auto* check = policy->add_subcommand("check", "Check a policy file; errors name the line");
    static std::string file;
    check->add_option("FILE", file, "The policy TOML file")->required();
    check->callback([] {
        auto rules = app::LoadRules(file);
        if (!rules) {
            std::cerr << rules.error().message << "\n";
            throw ExitStatus{1};
        }
        const core::Policy& p = rules->policy;
        std::cout << file << ": ok (" << p.catalogue.size() << " compensation options, " << p.authority.size()
                  << " authority limits, " << p.escalation.size() << " escalation rules, " << p.sites.size()
                  << " site calendars)\n";
    });
}

}  // namespace redress::cli
