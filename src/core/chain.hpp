#pragma once

// The SHA-256 hash chains over the record (DESIGN.md): each event's hash covers the
// previous event of its complaint and the event's own fields; the global hash covers
// the previous event of the whole log and this event's hash. Changing, removing or
// reordering any stored byte breaks a link that `redress verify` reports.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace redress::core {

using Hash = std::array<std::uint8_t, 32>;

inline constexpr Hash kGenesisHash{};  // the "previous hash" of every chain's first event

std::string ToHex(const Hash& hash);
std::optional<Hash> HashFromHex(std::string_view hex);

// The event's fields as hashed: length-prefixed, so no two field lists give the same bytes.
struct EventFields {
    std::string_view number;
    std::int64_t n = 0;
    std::string_view kind;
    std::string_view at;  // RFC 3339, as stored
    std::string_view actor;
    std::string_view payload;
};

Hash EventHash(const Hash& previous_in_complaint, const EventFields& fields);
Hash GlobalHash(const Hash& previous_in_log, const Hash& event_hash);

// SHA-256 of arbitrary bytes (API tokens are stored as these).
Hash Sha256(std::string_view bytes);

}  // namespace redress::core
