#include "app/verify.hpp"

#include <unordered_map>

#include "app/complaints.hpp"
#include "app/record.hpp"
#include "core/chain.hpp"
#include "core/json.hpp"

namespace redress::app {

namespace {

struct ChainState {
    core::Hash last = core::kGenesisHash;
    std::int64_t n = 0;
    std::string number;
};

}  // namespace

VerifyReport VerifyRecord(store::ReadTx& tx, const VerifyOptions& options) {
    VerifyReport report;
    std::unordered_map<std::int64_t, ChainState> chains;
    core::Hash global = core::kGenesisHash;
    auto fail = [&](const store::EventRow& e, std::string reason) {
        if (!report.broken) {
            report.broken = BrokenLink{e.seq, e.number, e.n, std::move(reason)};
        }
    };
    tx.ForEachEvent([&](const store::EventRow& e) {
        if (report.broken) {
            return;
        }
        ++report.events;
        ChainState& chain = chains[e.complaint_id];
        chain.number = e.number;
        if (e.n != chain.n + 1) {
            fail(e, "event " + std::to_string(e.n) + " follows event " + std::to_string(chain.n));
            return;
        }
        core::Hash expected = core::EventHash(chain.last, {e.number, e.n, e.kind, e.at, e.actor, e.payload});
        if (core::ToHex(expected) != e.hash) {
            fail(e, "event hash does not match its contents or its predecessor");
            return;
        }
        core::Hash expected_global = core::GlobalHash(global, expected);
        if (core::ToHex(expected_global) != e.global_hash) {
            fail(e, "global hash does not match the previous event of the log");
            return;
        }
        chain.last = expected;
        chain.n = e.n;
        global = expected_global;
        if (options.progress && report.events % 100000 == 0) {
            options.progress(report.events);
        }
    });
    if (report.broken) {
        return report;
    }
    tx.ForEachComplaint([&](const store::ComplaintRow& row) {
        if (report.broken) {
            return;
        }
        ++report.complaints;
        auto it = chains.find(row.id);
        store::EventRow where;
        where.number = row.number;
        where.n = row.version;
        if (it == chains.end()) {
            fail(where, "the register row has no events");
            return;
        }
        if (it->second.n != row.version || core::ToHex(it->second.last) != row.last_hash) {
            fail(where, "the register row does not match the last event of its chain");
            return;
        }
        if (options.replay) {
            auto card = Replay(tx.Events(row.number));
            if (!card) {
                fail(where, "the events do not replay: " + card.error().message);
            } else if (core::json::ToText(*card) != row.card) {
                fail(where, "the stored card differs from the replay of its events");
            }
        }
    });
    if (!report.broken && static_cast<std::int64_t>(chains.size()) != report.complaints) {
        store::EventRow where;
        fail(where, "events exist for complaints missing from the register");
    }
    return report;
}

}  // namespace redress::app
