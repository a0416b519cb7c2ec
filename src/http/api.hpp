#pragma once

// The JSON API under /api/v1 and the operational endpoints (/healthz, /readyz, /metrics).

#include <functional>

#include "app/clock.hpp"
#include "app/procedure.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "store/store.hpp"
#include "store/writer.hpp"

namespace redress::http {

// What the handlers use; outlives the router.
struct Services {
    store::Store& store;
    store::Writer& writer;
    Metrics& metrics;
    const app::Clock& clock;
    std::function<bool()> accepting;  // false while shutting down
    const app::Rules& rules;
};

void AddSystemRoutes(Router& router, Services& services);
void AddComplaintRoutes(Router& router, Services& services);
void AddProcedureRoutes(Router& router, Services& services);
void AddPeopleRoutes(Router& router, Services& services);
void AddTaskRoutes(Router& router, Services& services);

}  // namespace redress::http
