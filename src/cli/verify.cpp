#include <iostream>

#include "app/verify.hpp"
#include "cli/commands.hpp"
#include "store/store.hpp"

namespace redress::cli {

void AddVerify(CLI::App& app) {
    auto* cmd = app.add_subcommand("verify", "Walk every hash chain; exit 1 at the first broken link");
    static std::string db;
    static bool replay = false;
    AddDbOption(*cmd, db);
    cmd->add_flag("--replay", replay, "Also rebuild every card from its events and compare");
    cmd->callback([] {
        auto store = store::Open({db, 1, false});
        app::VerifyOptions options;
        options.replay = replay;
        auto report = app::VerifyRecord(*store->Read(), options);
        if (report.broken) {
            const auto& b = *report.broken;
            std::cout << "BROKEN: complaint " << b.number << ", event " << b.n << " (log seq " << b.seq
                      << "): " << b.reason << "\n";
            std::cout << "checked " << report.events << " events before the break\n";
            throw ExitStatus{1};
        }
        std::cout << "ok: " << report.events << " events in " << report.complaints
                  << " complaints, every chain intact" << (replay ? ", every card matches its events" : "")
                  << "\n";
    });
}

}  // namespace redress::cli
