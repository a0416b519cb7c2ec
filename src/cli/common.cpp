#include "cli/commands.hpp"

namespace redress::cli {

void AddDbOption(CLI::App& command, std::string& path) {
    command.add_option("--db", path, "SQLite database file")->envname("REDRESS_DB")->required();
}

}  // namespace redress::cli
