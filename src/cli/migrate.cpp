#include <iostream>

#include "cli/commands.hpp"
#include "store/store.hpp"

namespace redress::cli {

void AddMigrate(CLI::App& app) {
    auto* cmd = app.add_subcommand("migrate", "Create the database or bring its schema up to date");
    static std::string db;
    AddDbOption(*cmd, db);
    cmd->callback([] {
        auto store = store::Open({db, 1, false});
        int applied = store->Migrate();
        std::cout << "schema version " << store->SchemaVersion() << " (" << applied << " migration"
                  << (applied == 1 ? "" : "s") << " applied)\n";
    });
}

}  // namespace redress::cli
