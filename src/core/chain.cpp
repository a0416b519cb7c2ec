#include "core/chain.hpp"

#include <sodium.h>

namespace redress::core {

namespace {

void AddField(crypto_hash_sha256_state& state, std::string_view field) {
    std::string prefix = std::to_string(field.size()) + ":";
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(prefix.data()), prefix.size());
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(field.data()), field.size());
}

}  // namespace

std::string ToHex(const Hash& hash) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(hash.size() * 2, '0');
    for (std::size_t byte_idx = 0; byte_idx < hash.size(); ++byte_idx) {
        out[2 * byte_idx] = kDigits[hash[byte_idx] >> 4];
        out[2 * byte_idx + 1] = kDigits[hash[byte_idx] & 0x0F];
    }
    return out;
}

std::optional<Hash> HashFromHex(std::string_view hex) {
    if (hex.size() != 64) {
        return std::nullopt;
    }
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    };
    Hash out{};
    for (std::size_t byte_idx = 0; byte_idx < out.size(); ++byte_idx) {
        int hi = nibble(hex[2 * byte_idx]);
        int lo = nibble(hex[2 * byte_idx + 1]);
        if (hi < 0 || lo < 0) {
            return std::nullopt;
        }
        out[byte_idx] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    return out;
}

Hash EventHash(const Hash& previous_in_complaint, const EventFields& fields) {
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    crypto_hash_sha256_update(&state, previous_in_complaint.data(), previous_in_complaint.size());
    AddField(state, fields.number);
    AddField(state, std::to_string(fields.n));
    AddField(state, fields.kind);
    AddField(state, fields.at);
    AddField(state, fields.actor);
    AddField(state, fields.payload);
    Hash out;
    crypto_hash_sha256_final(&state, out.data());
    return out;
}

Hash GlobalHash(const Hash& previous_in_log, const Hash& event_hash) {
    crypto_hash_sha256_state state;
    crypto_hash_sha256_init(&state);
    crypto_hash_sha256_update(&state, previous_in_log.data(), previous_in_log.size());
    crypto_hash_sha256_update(&state, event_hash.data(), event_hash.size());
    Hash out;
    crypto_hash_sha256_final(&state, out.data());
    return out;
}

Hash Sha256(std::string_view bytes) {
    Hash out;
    crypto_hash_sha256(out.data(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return out;
}

}  // namespace redress::core
