#pragma once

// The `redress` subcommands; each file adds one to the CLI.

#include <CLI/CLI.hpp>
#include <string>

namespace redress::cli {

// Thrown by a subcommand to end the process with a status, after destructors ran.
struct ExitStatus {
    int code;
};

// --db PATH on a subcommand, defaulting to $REDRESS_DB.
void AddDbOption(CLI::App& command, std::string& path);

void AddServe(CLI::App& app);
void AddMigrate(CLI::App& app);
void AddImport(CLI::App& app);
void AddExport(CLI::App& app);
void AddVerify(CLI::App& app);
void AddUser(CLI::App& app);
void AddPolicy(CLI::App& app);

}  // namespace redress::cli
