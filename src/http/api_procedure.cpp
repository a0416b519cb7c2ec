// /api/v1/complaints/{number}/...: the procedure's commands (core/procedure.hpp), one
// route each. Every body may carry "version" (or send If-Match) to guard against lost updates.

#include <boost/json.hpp>

#include "app/procedure.hpp"
#include "core/procedure.hpp"
#include "http/api.hpp"
#include "http/api_support.hpp"
#include "http/problem.hpp"

namespace redress::http {

namespace {

// Parses the command body: "version" is taken out first; a path's {id} fills the body's id.
template <class Command>
core::Result<std::pair<Command, std::optional<std::int64_t>>> ParseCommand(const Request& req, const Params& params) {
    auto value = ParseJsonBody(req);
    REDRESS_TRY(value);
    if (!value->is_object()) {
        return core::Fail(core::InvalidArgument("", "type", "body must be a JSON object"));
    }
    boost::json::object& object = value->as_object();
    std::optional<std::int64_t> body_version;
    if (const boost::json::value* v = object.if_contains("version")) {
        if (!v->is_int64()) {
            return core::Fail(core::InvalidArgument("version", "type", "version must be an integer"));
        }
        body_version = v->as_int64();
        object.erase("version");
    }
    if (const std::string* id = Param(params, "id")) {
        object["id"] = *id;
    }
    auto command = core::json::FromValue<Command>(*value, core::json::ReadOptions{true});
    REDRESS_TRY(command);
    auto version = ExpectedVersion(req, body_version);
    REDRESS_TRY(version);
    return std::make_pair(std::move(*command), *version);
}

template <class Command>
void AddCommand(Router& router, Services& services, std::string action, int status = 200) {
    router.Add("POST", "/api/v1/complaints/{number}/" + action, Access{false, core::kMayAsk<Command>},
               [&services, status](const Request& req, const Params& params, const Context& ctx) -> Outcome {
        auto number = NumberParam(params);
        if (!number) {
            return Problem(number.error());
        }
        auto parsed = ParseCommand<Command>(req, params);
        if (!parsed) {
            return Problem(parsed.error());
        }
        return WriteWork{[&services, status, number = *number, command = std::move(parsed->first),
                          version = parsed->second, actor = ctx.actor, now = ctx.now](store::WriteTx& tx) {
            return CardOrProblem(status, app::Run(tx, number, version, command, actor, now, services.rules));
        }};
    });
}

}  // namespace

void AddProcedureRoutes(Router& router, Services& services) {
    AddCommand<core::AssignCmd>(router, services, "assign");
    AddCommand<core::StartInvestigationCmd>(router, services, "investigation");
    AddCommand<core::EmployeeViewCmd>(router, services, "employee-view");
    AddCommand<core::OpinionCmd>(router, services, "opinion");
    AddCommand<core::ValidityCmd>(router, services, "validity");
    AddCommand<core::PlanMeasureCmd>(router, services, "measures", 201);
    AddCommand<core::ApproveMeasuresCmd>(router, services, "measures/approval");
    AddCommand<core::ReportMeasureCmd>(router, services, "measures/{id}/report");
    AddCommand<core::CompensationCmd>(router, services, "compensations", 201);
    AddCommand<core::DecideCompensationCmd>(router, services, "compensations/{id}/decision");
    AddCommand<core::AnswerCmd>(router, services, "answer");
    AddCommand<core::SatisfactionCmd>(router, services, "satisfaction");
    AddCommand<core::CloseCmd>(router, services, "close");
    AddCommand<core::SignOffCmd>(router, services, "sign-off");
    AddCommand<core::WithdrawCmd>(router, services, "withdrawal");
    AddCommand<core::MergeCmd>(router, services, "merge");
    AddCommand<core::ReopenCmd>(router, services, "reopen");
    AddCommand<core::CallbackCmd>(router, services, "callbacks", 201);
    AddCommand<core::CallbackMadeCmd>(router, services, "callbacks/{id}/made");
    AddCommand<core::LogTimeCmd>(router, services, "time");
}

}  // namespace redress::http
