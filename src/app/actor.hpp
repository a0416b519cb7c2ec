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
};

}  // namespace redress::app
