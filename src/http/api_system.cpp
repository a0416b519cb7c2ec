// Operational endpoints: liveness, readiness, metrics.

#include "http/api.hpp"
#include "http/problem.hpp"

namespace redress::http {

void AddSystemRoutes(Router& router, Services& services) {
    router.Add("GET", "/healthz", Access::Public(), [](const Request&, const Params&, const Context&) -> Outcome {
        return Json(200, R"({"status":"ok"})");
    });

    router.Add("GET", "/readyz", Access::Public(), [&services](const Request&, const Params&, const Context&) -> Outcome {
        if (!services.accepting()) {
            return Problem(503, "shutting_down", "the server is shutting down");
        }
        try {
            if (services.store.SchemaVersion() != services.store.LatestSchemaVersion()) {
                return Problem(503, "schema", "the database schema is not current; run redress migrate");
            }
        } catch (const std::exception& e) {
            return Problem(503, "store_unavailable", e.what());
        }
        return Json(200, R"({"status":"ready"})");
    });

    router.Add("GET", "/metrics", Access::Public(), [&services](const Request&, const Params&, const Context&) -> Outcome {
        Response r;
        r.content_type = "text/plain; version=0.0.4; charset=utf-8";
        r.body = services.metrics.Render(services.writer.stats(), services.writer.queue_depth(),
                                         services.store.CardCacheUse());
        return r;
    });
}

}  // namespace redress::http
