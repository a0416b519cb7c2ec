#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "store/store.hpp"

namespace redress::app {

struct BrokenLink {
    std::int64_t seq = 0;
    std::string number;
    std::int64_t n = 0;
    std::string reason;
};

struct VerifyReport {
    std::int64_t events = 0;
    std::int64_t complaints = 0;
    std::optional<BrokenLink> broken;  // the first broken link in log order
};

struct VerifyOptions {
    // Also rebuild every card from its events and compare it with the stored card.
    bool replay = false;
    std::function<void(std::int64_t events_checked)> progress;
};

// Walks the global chain and every complaint's chain in one pass, then checks that each
// register row names its chain's last event (and, with replay, that its card is the
// fold of its events).
VerifyReport VerifyRecord(store::ReadTx& tx, const VerifyOptions& options = {});

}  // namespace redress::app
