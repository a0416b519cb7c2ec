// People and access: sign-in for a token, who am I, users, tokens, the A-status list.

#include <boost/json.hpp>

#include "app/procedure.hpp"
#include "app/record.hpp"
#include "app/users.hpp"
#include "core/json.hpp"
#include "core/text.hpp"
#include "core/procedure.hpp"
#include "http/api.hpp"
#include "http/api_support.hpp"
#include "http/problem.hpp"

namespace redress::http {

namespace {

using core::Permission;
namespace json = core::json;

struct TokenRequest {
    std::string login;
    std::string password;
};
BOOST_DESCRIBE_STRUCT(TokenRequest, (), (login, password))

struct UserBody {
    std::string login;
    std::string name;
    std::string position;
    std::string role;
    std::string site;
    std::string language = "en";
    std::optional<std::string> password;
};
BOOST_DESCRIBE_STRUCT(UserBody, (), (login, name, position, role, site, language, password))

struct AStatusBody {
    std::string email;         // the customer's e-mail address, or
    std::string organisation;  // the organisation's name
    std::string name;
    std::string privileges;
    std::string note;
};
BOOST_DESCRIBE_STRUCT(AStatusBody, (), (email, organisation, name, privileges, note))

constexpr auto kSessionLength = std::chrono::hours{12};

boost::json::object UserJson(const store::UserRow& u) {
    return {{"login", u.login},       {"name", u.name},         {"position", u.position},
            {"role", u.role},         {"site", u.site},         {"language", u.language},
            {"disabled", u.disabled}, {"has_password", !u.password_hash.empty()}};
}

boost::json::object AStatusJson(const store::AStatusRow& r) {
    return {{"key", r.key}, {"name", r.name}, {"privileges", r.privileges}, {"note", r.note},
            {"added_by", r.added_by}, {"added_at", core::FormatRfc3339(app::FromMicros(r.added_at))}};
}

Response TokenResponse(const core::Result<std::string>& token, const std::string& login, std::optional<core::Timestamp> expires) {
    if (!token) {
        return Problem(token.error());
    }
    boost::json::object body{{"token", *token}, {"login", login}};
    body["expires_at"] = expires ? boost::json::value(core::FormatRfc3339(*expires)) : boost::json::value(nullptr);
    return Json(201, boost::json::serialize(body));
}

}  // namespace

void AddPeopleRoutes(Router& router, Services& services) {
    // Sign-in: the password is checked once (argon2id, on the CPU pool); the token it
    // returns is what every later request carries.
    router.Add("POST", "/api/v1/auth/token", Access::Public(), [&services](const Request& req, const Params&, const Context& ctx) -> Outcome {
        auto body = ParseBody<TokenRequest>(req);
        if (!body) {
            return Problem(body.error());
        }
        return CpuWork{[&services, body = std::move(*body), now = ctx.now]() -> Outcome {
            auto user = app::CheckPassword(*services.store.Read(), body.login, body.password);
            if (!user) {
                return Problem(user.error());
            }
            return WriteWork{[login = user->login, now](store::WriteTx& tx) {
                core::Timestamp expires = now + kSessionLength;
                return TokenResponse(app::IssueToken(tx, login, "sign-in", now, expires), login, expires);
            }};
        }};
    });

    router.Add("GET", "/api/v1/me", Access::Needs({Permission::kReadComplaints}), [&services](const Request&, const Params&, const Context& ctx) -> Outcome {
        const core::Policy& policy = services.rules.policy;
        auto read = services.store.Read();
        std::string role(json::EnumName(ctx.actor.role));
        core::Spent spent = app::SpentThisMonth(*read, ctx.actor, ctx.now);
        boost::json::object body{{"login", ctx.actor.login}, {"name", ctx.actor.name}, {"position", ctx.actor.position},
                                 {"role", role}, {"site", ctx.actor.site}, {"language", ctx.actor.language}};
        boost::json::array& permissions = body["permissions"].emplace_array();
        boost::mp11::mp_for_each<boost::describe::describe_enumerators<Permission>>([&](auto d) {
            if (core::Allows(ctx.actor.role, d.value)) {
                permissions.emplace_back(json::EnumName(d.value));
            }
        });
        boost::json::object authority;
        auto limit = policy.AuthorityOf(ctx.actor.role);
        auto money = [](const std::optional<core::Money>& m) {
            return m ? boost::json::value(core::FormatMoney(*m)) : boost::json::value(nullptr);
        };
        authority["may_grant"] = limit.has_value();
        authority["per_grant"] = limit ? money(limit->per_grant) : boost::json::value("0.00");
        authority["per_month"] = limit ? money(limit->per_month) : boost::json::value("0.00");
        authority["granted_this_month"] = core::FormatMoney(spent.user_month);
        authority["currency"] = policy.currency;
        if (const core::Budget* budget = policy.BudgetFor(ctx.actor.role, ctx.actor.site)) {
            authority["budget"] = {{"monthly", core::FormatMoney(budget->monthly)},
                                   {"spent_this_month", core::FormatMoney(spent.budget_month)},
                                   {"site", ctx.actor.site}};
        } else {
            authority["budget"] = nullptr;
        }
        body["authority"] = std::move(authority);
        // The catalogue as this user sees it: what they may grant at once, and what goes for approval.
        boost::json::array& catalogue = body["catalogue"].emplace_array();
        for (const core::CatalogueOption& option : policy.catalogue) {
            auto verdict = core::CheckAuthority(policy, app::WhoOf(ctx.actor), option.value, option.cost, spent);
            catalogue.push_back({{"id", option.id}, {"name", option.name}, {"value", core::FormatMoney(option.value)},
                                 {"cost", core::FormatMoney(option.cost)}, {"tier", option.tier},
                                 {"within_authority", verdict.within}, {"needs_approval_because", verdict.reason}});
        }
        return Json(200, boost::json::serialize(body));
    });

    router.Add("GET", "/api/v1/users", Access::Needs({Permission::kReadUsers}), [&services](const Request&, const Params&, const Context&) -> Outcome {
        boost::json::array items;
        for (const store::UserRow& u : services.store.Read()->ListUsers()) {
            items.emplace_back(UserJson(u));
        }
        return Json(200, boost::json::serialize(boost::json::object{{"items", std::move(items)}}));
    });

    router.Add("POST", "/api/v1/users", Access::Needs({Permission::kManageUsers}), [](const Request& req, const Params&, const Context& ctx) -> Outcome {
        auto body = ParseBody<UserBody>(req);
        if (!body) {
            return Problem(body.error());
        }
        app::NewUser user{body->login, body->name, body->position, body->role, body->site, body->language, body->password};
        return CpuWork{[user = std::move(user), now = ctx.now]() -> Outcome {
            auto row = app::PrepareUser(user, now);  // argon2id: on the CPU pool
            if (!row) {
                return Problem(row.error());
            }
            return WriteWork{[row = std::move(*row)](store::WriteTx& tx) {
                auto added = app::AddUser(tx, row);
                if (!added) {
                    return Problem(added.error());
                }
                Response r = Json(201, boost::json::serialize(UserJson(row)));
                r.With("Location", "/api/v1/users/" + row.login);
                return r;
            }};
        }};
    });

    router.Add("POST", "/api/v1/users/{login}/disable", Access::Needs({Permission::kManageUsers}), [](const Request&, const Params& params, const Context&) -> Outcome {
        std::string login = *Param(params, "login");
        return WriteWork{[login](store::WriteTx& tx) {
            auto done = app::DisableUser(tx, login);
            if (!done) {
                return Problem(done.error());
            }
            return Json(200, boost::json::serialize(UserJson(*tx.FindUser(login))));
        }};
    });

    router.Add("POST", "/api/v1/users/{login}/tokens", Access::Needs({Permission::kManageUsers}), [](const Request&, const Params& params, const Context& ctx) -> Outcome {
        std::string login = *Param(params, "login");
        return WriteWork{[login, now = ctx.now](store::WriteTx& tx) {
            return TokenResponse(app::IssueToken(tx, login, "api", now, std::nullopt), login, std::nullopt);
        }};
    });

    router.Add("GET", "/api/v1/a-status", Access::Needs({Permission::kReadComplaints}), [&services](const Request&, const Params&, const Context&) -> Outcome {
        boost::json::array items;
        for (const store::AStatusRow& r : services.store.Read()->ListAStatus()) {
            items.emplace_back(AStatusJson(r));
        }
        return Json(200, boost::json::serialize(boost::json::object{{"items", std::move(items)}}));
    });

    router.Add("POST", "/api/v1/a-status", Access::Needs({Permission::kManageCustomers}), [](const Request& req, const Params&, const Context& ctx) -> Outcome {
        auto body = ParseBody<AStatusBody>(req);
        if (!body) {
            return Problem(body.error());
        }
        if (body->email.empty() == body->organisation.empty()) {
            return Problem(core::InvalidArgument("email", "one_of", "name the customer by email or by organisation, one of the two"));
        }
        for (auto [field, value, max] : {std::tuple{"email", &body->email, core::kMaxShortText},
                                         std::tuple{"organisation", &body->organisation, core::kMaxOrganisation},
                                         std::tuple{"name", &body->name, core::kMaxShortText},
                                         std::tuple{"privileges", &body->privileges, core::kMaxComment},
                                         std::tuple{"note", &body->note, core::kMaxComment}}) {
            std::string_view f(field);
            bool required = f == "name" || f == "privileges";
            if (auto ok = core::CheckText(field, *value, max, required, f == "privileges" || f == "note"); !ok) {
                return Problem(ok.error());
            }
        }
        store::AStatusRow row{core::AsciiLower(body->email.empty() ? body->organisation : body->email), body->name, body->privileges,
                              body->note, ctx.actor.login, app::Micros(ctx.now)};
        return WriteWork{[row](store::WriteTx& tx) {
            tx.UpsertAStatus(row);
            return Json(201, boost::json::serialize(AStatusJson(row)));
        }};
    });

    router.Add("DELETE", "/api/v1/a-status/{key}", Access::Needs({Permission::kManageCustomers}), [](const Request&, const Params& params, const Context&) -> Outcome {
        std::string key = core::AsciiLower(*Param(params, "key"));
        return WriteWork{[key](store::WriteTx& tx) {
            if (!tx.DeleteAStatus(key)) {
                return Problem(core::NotFound("no A-status customer " + key));
            }
            return Response{204, "application/json", "", {}};
        }};
    });
}

}  // namespace redress::http
