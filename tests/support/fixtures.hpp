#pragma once

// Shared test data: registration requests built from real complaints, and a store in a
// temporary directory.

#include <memory>
#include <string>

#include "app/actor.hpp"
#include "app/verify.hpp"
#include "core/complaint.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"

namespace redress::test {

inline const core::Timestamp kNow = *core::ParseRfc3339("2026-11-23T10:00:00Z");

inline app::Actor Clerk() {
    return app::Actor{"ivanova", "Ирина Иванова", "Specialist, customer service", "Moscow", core::Role::kFrontLine, "ru"};
}

// A valid live registration (a web complaint), varied by `n` so that many differ.
core::RegistrationRequest SampleRequest(int n = 0);

// Verification that also replays every card from its events.
inline app::VerifyOptions Replaying() {
    app::VerifyOptions options;
    options.replay = true;
    return options;
}

struct TempStore {
    TempDir dir;
    std::unique_ptr<store::Store> store;

    TempStore() : store(store::Open({dir.File("redress.db"), 2, true})) {}

    std::string path() const { return dir.File("redress.db"); }
};

}  // namespace redress::test
