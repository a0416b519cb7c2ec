#include "app/users.hpp"

#include <sodium.h>

#include "app/record.hpp"
#include "core/chain.hpp"
#include "core/complaint.hpp"
#include "core/json.hpp"
#include "core/roles.hpp"

namespace redress::app {

namespace {

bool IsLoginShaped(std::string_view login) {
    if (login.empty() || login.size() > 64) {
        return false;
    }
    for (char c : login) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
        if (!ok) {
            return false;
        }
    }
    return true;
}

core::Error Unauthenticated(std::string message) {
    return core::Error{core::ErrorCode::kUnauthenticated, "", "token", std::move(message)};
}

}  // namespace

std::string TokenHash(std::string_view token) {
    return core::ToHex(core::Sha256(token));
}

Actor ActorOf(const store::UserRow& user) {
    Actor actor;
    actor.login = user.login;
    actor.name = user.name;
    actor.position = user.position;
    actor.site = user.site;
    actor.role = core::json::EnumFromName<core::Role>(user.role).value_or(core::Role::kAuditor);
    actor.language = user.language;
    return actor;
}

core::Result<store::UserRow> PrepareUser(const NewUser& user, core::Timestamp now) {
    if (!IsLoginShaped(user.login)) {
        return core::Fail(core::InvalidArgument("login", "login",
                                                "login must be 1 to 64 characters of a-z, 0-9, '.', '-' or '_'"));
    }
    if (!core::json::EnumFromName<core::Role>(user.role)) {
        return core::Fail(core::InvalidArgument("role", "enum", "role must be one of: " + core::json::EnumNames<core::Role>()));
    }
    REDRESS_TRY(core::CheckText("name", user.name, core::kMaxShortText, true));
    REDRESS_TRY(core::CheckText("position", user.position, core::kMaxShortText, false));
    REDRESS_TRY(core::CheckText("site", user.site, core::kMaxShortText, false));
    if (!core::IsSupportedLanguage(user.language)) {
        return core::Fail(core::InvalidArgument("language", "enum", "language must be en, ru, bg or hy"));
    }
    store::UserRow row{user.login, user.name, user.position, user.role, user.site, user.language, "", false, Micros(now)};
    if (user.password) {
        if (user.password->size() < 8 || user.password->size() > 1024) {
            return core::Fail(core::InvalidArgument("password", "length", "password must be 8 to 1024 bytes"));
        }
        char hash[crypto_pwhash_STRBYTES];
        if (crypto_pwhash_str(hash, user.password->data(), user.password->size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
            return core::Fail(core::Error{core::ErrorCode::kUnavailable, "", "memory", "not enough memory to hash the password"});
        }
        row.password_hash = hash;
    }
    return row;
}

core::Status AddUser(store::WriteTx& tx, const store::UserRow& user) {
    if (tx.FindUser(user.login)) {
        return core::Fail(core::Conflict("login", "login " + user.login + " is taken"));
    }
    tx.UpsertUser(user);
    return {};
}

core::Status DisableUser(store::WriteTx& tx, std::string_view login) {
    auto user = tx.FindUser(login);
    if (!user) {
        return core::Fail(core::NotFound("no user " + std::string(login)));
    }
    user->disabled = true;
    tx.UpsertUser(*user);
    tx.DeleteTokens(login);
    return {};
}

std::string RandomSecret(std::string_view prefix) {
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    char hex[sizeof bytes * 2 + 1];
    sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
    return std::string(prefix) + hex;
}

core::Result<std::string> IssueToken(store::WriteTx& tx, std::string_view login, std::string_view label,
                                     core::Timestamp now, std::optional<core::Timestamp> expires) {
    auto user = tx.FindUser(login);
    if (!user) {
        return core::Fail(core::NotFound("no user " + std::string(login)));
    }
    if (user->disabled) {
        return core::Fail(core::PreconditionFailed("disabled", "user " + std::string(login) + " is disabled"));
    }
    std::string token = RandomSecret("rdr_");
    tx.InsertToken(store::TokenRow{TokenHash(token), std::string(login), std::string(label), Micros(now),
                                   expires ? Micros(*expires) : 0});
    return token;
}

core::Result<store::UserRow> CheckPassword(store::ReadTx& tx, std::string_view login, std::string_view password) {
    auto user = tx.FindUser(login);
    // An unknown login still costs a hash, so timing does not tell which logins exist.
    static const std::string kDummy = [] {
        char hash[crypto_pwhash_STRBYTES];
        if (crypto_pwhash_str(hash, "dummy-password", 14, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
            return std::string();  // out of memory: verification below fails closed
        }
        return std::string(hash);
    }();
    const std::string& hash = user && !user->password_hash.empty() ? user->password_hash : kDummy;
    bool ok = crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
    if (!ok || !user || user->disabled || user->password_hash.empty()) {
        return core::Fail(Unauthenticated("the login or password is wrong, or the account is disabled"));
    }
    return std::move(*user);
}

Authenticator::Authenticator(store::Store& store, const Clock& clock, std::chrono::seconds cache_ttl)
    : store_(store), clock_(clock), ttl_(cache_ttl) {}

core::Result<Actor> Authenticator::Authenticate(std::string_view token) {
    if (token.size() != 68 || token.substr(0, 4) != "rdr_") {
        return core::Fail(Unauthenticated("the bearer token is malformed"));
    }
    std::string hash = TokenHash(token);
    auto steady = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(mutex_);
        auto it = cache_.find(hash);
        if (it != cache_.end() && it->second.valid_until > steady) {
            return it->second.actor;
        }
    }
    auto read = store_.Read();
    auto row = read->FindToken(hash);
    if (!row || (row->expires_at != 0 && row->expires_at <= Micros(clock_.Now()))) {
        return core::Fail(Unauthenticated("the bearer token is unknown, revoked or expired"));
    }
    auto user = read->FindUser(row->login);
    if (!user || user->disabled) {
        return core::Fail(Unauthenticated("the account is disabled"));
    }
    Actor actor = ActorOf(*user);
    std::lock_guard lock(mutex_);
    if (cache_.size() > 100'000) {
        cache_.clear();
    }
    cache_[hash] = Entry{actor, steady + ttl_};
    return actor;
}

void Authenticator::Forget(std::string_view token) {
    std::string hash = TokenHash(token);
    std::lock_guard lock(mutex_);
    cache_.erase(hash);
}

}  // namespace redress::app
