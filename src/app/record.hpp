#pragma once

// How a command becomes part of the record: its events are appended to the complaint's
// hash chain and the global chain, applied to the card, and the card's register row is
// rewritten — all inside the caller's write transaction.

#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "app/actor.hpp"
#include "core/card.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace redress::app {

// Decides which events a command produces, given the card as it stands.
using Decide = std::function<core::Result<std::vector<core::EventData>>(const core::Card&)>;

// Loads the complaint, checks expected_version (kConflict when stale), asks `decide` for
// events, records them and returns the new card. kNotFound for an unknown number.
core::Result<core::Card> Execute(store::WriteTx& tx,
                                 std::string_view number,
                                 std::optional<std::int64_t> expected_version,
                                 const Actor& actor,
                                 core::Timestamp now,
                                 const Decide& decide);

// A command's events hashed into the complaint's own chain and applied to its card: all
// that can be worked out before the write transaction is known. Appending them to the
// global chain and writing them is Write's part.
struct Chained {
    core::Card card;                       // the card after the events
    store::ComplaintRow row;               // its register row, `last_hash` set
    std::vector<store::EventRow> events;   // `hash` set, `global_hash` by Write
};

// Chains events onto a card that is already stored (id known) or being created (id 0).
Chained Chain(std::int64_t complaint_id,
              core::Card card,
              std::string last_hash,
              const std::vector<core::EventData>& events,
              const Actor& actor,
              core::Timestamp now);

// Appends chained events to the global chain and writes them with the card's row:
// inserted when the complaint is new (`chained.row.id` is set then), else rewritten.
void Write(store::WriteTx& tx, Chained& chained);

// Chain and Write in one. Returns the card after the events; `card_json`, when given,
// receives it as the JSON just stored, so that an answer need not serialise it again.
core::Card Record(store::WriteTx& tx,
                  std::int64_t complaint_id,
                  core::Card card,
                  std::string last_hash,
                  const std::vector<core::EventData>& events,
                  const Actor& actor,
                  core::Timestamp now,
                  std::string* card_json = nullptr);

// How one customer's complaints are found together: the e-mail address in lower case,
// else the phone number without separators.
std::string ContactKey(const core::Contact& contact);

// The register row for a card (`card` column included).
store::ComplaintRow RowFromCard(const core::Card& card, std::int64_t id, std::string last_hash);

// Loads a stored card. kInternal if the stored JSON does not parse.
core::Result<core::Card> CardFromStored(const store::StoredCard& stored);

std::int64_t Micros(core::Timestamp t);
core::Timestamp FromMicros(std::int64_t micros);

}  // namespace redress::app
