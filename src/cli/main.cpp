// redress: the one binary. Each subcommand lives in its own file.

#include <sodium.h>

#include <cstdio>
#include <exception>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
    if (sodium_init() < 0) {
        std::fprintf(stderr, "redress: libsodium failed to initialise\n");
        return 1;
    }
    CLI::App app{"Redress: complaint handling from intake to improvement", "redress"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "redress 0.1.0");
    redress::cli::AddServe(app);
    redress::cli::AddMigrate(app);
    redress::cli::AddImport(app);
    redress::cli::AddExport(app);
    redress::cli::AddVerify(app);
    redress::cli::AddUser(app);
    redress::cli::AddPolicy(app);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const redress::cli::ExitStatus& e) {
        return e.code;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "redress: %s\n", e.what());
        return 1;
    }
    return 0;
}
