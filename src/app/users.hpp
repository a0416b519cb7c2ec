#pragma once

// People and access: users with roles, argon2id passwords, bearer tokens.
//
// A token is "rdr_" and 64 hex digits (256 random bits). Only its SHA-256 is stored, so
// checking one is a hash and a primary-key lookup — never a password hash per request —
// and the Authenticator keeps recent answers for a few seconds on top of that.

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "app/actor.hpp"
#include "app/clock.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace redress::app {

struct NewUser {
    std::string login;
    std::string name;
    std::string position;
    std::string role;  // "front_line", "head_of_quality", ...
    std::string site;
    std::string language = "en";
    std::optional<std::string> password;
};

// Checks the fields (login shape, role, language, password length); hashes the password
// with argon2id, which takes a large fraction of a second by design: call it off the I/O
// threads.
core::Result<store::UserRow> PrepareUser(const NewUser& user, core::Timestamp now);

// Adds the user; kConflict if the login is taken.
core::Status AddUser(store::WriteTx& tx, const store::UserRow& user);

// Disables the user and revokes every token at once.
core::Status DisableUser(store::WriteTx& tx, std::string_view login);

// Issues a new token for an active user and returns it; it cannot be shown again.
core::Result<std::string> IssueToken(store::WriteTx& tx, std::string_view login, std::string_view label,
                                     core::Timestamp now, std::optional<core::Timestamp> expires);

// Checks a password against the user's argon2id hash (slow by design). kUnauthenticated
// for an unknown user, a wrong password or a disabled account, without saying which.
core::Result<store::UserRow> CheckPassword(store::ReadTx& tx, std::string_view login, std::string_view password);

std::string TokenHash(std::string_view token);

// `prefix` and 64 hex digits of 256 random bits: tokens, session keys, status links.
std::string RandomSecret(std::string_view prefix);

Actor ActorOf(const store::UserRow& user);

class Authenticator {
public:
    Authenticator(store::Store& store, const Clock& clock, std::chrono::seconds cache_ttl = std::chrono::seconds{5});

    // The actor for an "Authorization: Bearer <token>" header value's token.
    core::Result<Actor> Authenticate(std::string_view token);
    // Drops a token's cached answer: after a sign-out or a change to its user.
    void Forget(std::string_view token);

private:
    struct Entry {
        Actor actor;
        std::chrono::steady_clock::time_point valid_until;
    };

    store::Store& store_;
    const Clock& clock_;
    std::chrono::seconds ttl_;
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> cache_;  // guarded by mutex_; keyed by token hash
};

}  // namespace redress::app
