#pragma once

#include <string>

#include "core/roles.hpp"

namespace redress::app {

// Who performs a command: recorded on every event as `login`.
struct Actor {
    std::string login;     // a user's login, "customer", or "system:<part>"
    std::string name;      // the person's full name, for received_by and letters
    std::string position;
    std::string site;
    core::Role role = core::Role::kAuditor;  // system actors act within their command only
    std::string language;
    bool customer = false;  // the complaint's own customer, acting through the portal
};

// The customer of one complaint, as the portal acts for them.
inline Actor CustomerActor(std::string name, std::string language) {
    Actor actor;
    actor.login = "customer";
    actor.name = std::move(name);
    actor.role = core::Role::kFrontLine;  // unused: the portal runs only the customer's own commands
    actor.language = std::move(language);
    actor.customer = true;
    return actor;
}

}  // namespace redress::app
