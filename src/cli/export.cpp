#include <cstdio>
#include <stdexcept>

#include "app/export.hpp"
#include "cli/commands.hpp"
#include "store/store.hpp"

namespace redress::cli {

void AddExport(CLI::App& app) {
    auto* cmd = app.add_subcommand("export", "Write the register as CSV to standard output");
    static std::string db;
    AddDbOption(*cmd, db);
    cmd->callback([] {
        auto store = store::Open({db, 1, true});
        auto status = app::ExportRegister(*store->Read(), [](std::string_view text) {
            if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size()) {
                throw std::runtime_error("cannot write to standard output");
            }
        });
        std::fflush(stdout);
        if (!status) {
            throw std::runtime_error(status.error().message);
        }
    });
}

}  // namespace redress::cli
