#pragma once

#include <string>

namespace redress::app {

// Who performs a command: recorded on every event as `login`.
struct Actor {
    std::string login;     // a user's login, "customer", or "system:<part>"
    std::string name;      // the person's full name, for received_by and letters
    std::string position;
    std::string site;
};

}  // namespace redress::app
