// /api/v1/complaints: register, read, list, history, written confirmation, comments.

#include <boost/json.hpp>

#include "app/complaints.hpp"
#include "app/record.hpp"
#include "core/json.hpp"
#include "core/register_number.hpp"
#include "http/api.hpp"
#include "http/api_support.hpp"
#include "http/problem.hpp"

namespace redress::http {

namespace json = core::json;

namespace {

struct WrittenConfirmationBody {
    std::optional<core::Timestamp> received_at;
    core::Channel channel = core::Channel::kLetter;
    std::string reference;
    std::string note;
    std::optional<std::int64_t> version;
};
BOOST_DESCRIBE_STRUCT(WrittenConfirmationBody, (), (received_at, channel, reference, note, version))

struct CommentBody {
    std::string text;
    std::optional<std::int64_t> version;
};
BOOST_DESCRIBE_STRUCT(CommentBody, (), (text, version))

std::string_view SortName(store::SortKey key) {
    switch (key) {
        case store::SortKey::kReceivedAt: return "received_at";
        case store::SortKey::kUpdatedAt: return "updated_at";
        case store::SortKey::kNumber: return "number";
    }
    return "received_at";
}

std::int64_t SortValue(const store::ComplaintRow& row, store::SortKey key) {
    switch (key) {
        case store::SortKey::kReceivedAt: return row.received_at;
        case store::SortKey::kUpdatedAt: return row.updated_at;
        case store::SortKey::kNumber: return row.number_key;
    }
    return row.received_at;
}

// received_from / received_to: a date-time, or a date (a whole day: received_to=2019-12-31
// includes that day).
core::Result<std::optional<std::int64_t>> QueryTime(const Request& request, std::string_view name, bool end_of_day) {
    auto text = request.Query(name);
    if (!text) {
        return std::optional<std::int64_t>{};
    }
    auto t = core::ParseRfc3339(*text);
    if (!t) {
        return core::Fail(core::InvalidArgument(std::string(name), "rfc3339",
                                                std::string(name) + " must be a date (2019-05-31) or an RFC 3339 date-time"));
    }
    if (end_of_day && text->size() == 10) {
        *t += std::chrono::days{1};
    }
    return std::optional<std::int64_t>{app::Micros(*t)};
}

}  // namespace

core::Result<store::ListQuery> ParseListQuery(const Request& request) {
    store::ListQuery q;
    auto assign = [](std::optional<std::string>& field, core::Result<std::optional<std::string>> value) -> core::Status {
        REDRESS_TRY(value);
        field = std::move(*value);
        return {};
    };
    REDRESS_TRY(assign(q.channel, QueryEnum<core::Channel>(request, "channel")));
    REDRESS_TRY(assign(q.status, QueryEnum<core::Stage>(request, "status")));
    REDRESS_TRY(assign(q.kind, QueryEnum<core::Kind>(request, "kind")));
    for (auto [name, field] : {std::pair{"category", &q.category}, std::pair{"organisation", &q.organisation},
                               std::pair{"product", &q.product}, std::pair{"site", &q.site},
                               std::pair{"responsible", &q.responsible}}) {
        if (auto v = request.Query(name)) {
            *field = std::string(*v);
        }
    }
    auto oral = QueryBool(request, "oral");
    REDRESS_TRY(oral);
    q.oral = *oral;
    auto from = QueryTime(request, "received_from", false);
    REDRESS_TRY(from);
    q.received_from = *from;
    auto to = QueryTime(request, "received_to", true);
    REDRESS_TRY(to);
    q.received_to = *to;
    if (auto text = request.Query("q"); text && text->find_first_not_of(" \t") != std::string_view::npos) {
        REDRESS_TRY(core::CheckText("q", *text, core::kMaxShortText, false));
        q.text = std::string(*text);
    }
    auto limit = QueryInt(request, "limit", 1, 200);
    REDRESS_TRY(limit);
    q.limit = static_cast<int>(limit->value_or(50));

    std::string_view sort = request.Query("sort").value_or("-received_at");
    q.descending = !sort.empty() && sort.front() == '-';
    if (q.descending) {
        sort.remove_prefix(1);
    }
    if (sort == "received_at") {
        q.sort = store::SortKey::kReceivedAt;
    } else if (sort == "updated_at") {
        q.sort = store::SortKey::kUpdatedAt;
    } else if (sort == "number") {
        q.sort = store::SortKey::kNumber;
    } else {
        return core::Fail(core::InvalidArgument("sort", "enum",
                                                "sort must be received_at, updated_at or number, "
                                                "with a leading '-' for descending"));
    }
    if (auto cursor = request.Query("cursor")) {
        // The cursor carries the sort it was made for, so a page never continues another order.
        auto decoded = Base64UrlDecode(*cursor);
        std::string prefix = std::string(SortName(q.sort)) + (q.descending ? ":d:" : ":a:");
        long long key = 0;
        long long id = 0;
        if (!decoded || decoded->rfind(prefix, 0) != 0 ||
            std::sscanf(decoded->c_str() + prefix.size(), "%lld:%lld", &key, &id) != 2) {
            return core::Fail(core::InvalidArgument("cursor", "cursor",
                                                    "cursor is not one this list returned for this sort order"));
        }
        q.after = std::make_pair(static_cast<std::int64_t>(key), static_cast<std::int64_t>(id));
    }
    return q;
}

std::string NextCursor(const store::ListQuery& query, const store::ListPage& page) {
    if (!page.more || page.rows.empty()) {
        return {};
    }
    const auto& last = page.rows.back();
    return Base64UrlEncode(std::string(SortName(query.sort)) + (query.descending ? ":d:" : ":a:") +
                           std::to_string(SortValue(last, query.sort)) + ":" + std::to_string(last.id));
}

namespace {

boost::json::object SummaryJson(const store::ComplaintRow& row) {
    boost::json::object o;
    o["number"] = row.number;
    o["status"] = row.status;
    o["kind"] = row.kind;
    o["channel"] = row.channel;
    o["oral"] = row.oral;
    o["organisation"] = row.organisation;
    o["product"] = row.product;
    o["category"] = row.category;
    o["site"] = row.site;
    o["contact_name"] = row.contact_name;
    o["summary"] = row.summary;
    o["received_at"] = core::FormatRfc3339(app::FromMicros(row.received_at));
    o["registered_at"] = core::FormatRfc3339(app::FromMicros(row.registered_at));
    o["updated_at"] = core::FormatRfc3339(app::FromMicros(row.updated_at));
    o["version"] = row.version;
    return o;
}

}  // namespace

void AddComplaintRoutes(Router& router, Services& services) {
    router.Add("POST", "/api/v1/complaints", Access::Needs({core::Permission::kRegister}), [&services](const Request& req, const Params&, const Context& ctx) -> Outcome {
        auto body = ParseBody<core::RegistrationRequest>(req);
        if (!body) {
            return Problem(body.error());
        }
        // Invalid input is answered here, without a trip through the writer.
        if (auto valid = core::ValidateRegistration(*body, core::ValidationMode::kLive, ctx.now); !valid) {
            return Problem(valid.error());
        }
        // Everything but the register number is worked out here, on the I/O thread; the
        // writer only puts the number in (see app::RegisterPrepared).
        app::PreparedRegistration prepared = app::PrepareRegistration(*body, ctx.actor, ctx.now, {});
        // The writer runs a command once, so the prepared registration is moved, not copied.
        return WriteWork{[&services, prepared = std::move(prepared), actor = ctx.actor, now = ctx.now](store::WriteTx& tx) mutable {
            app::RegisterOptions options;
            options.rules = &services.rules;
            std::string json;
            options.card_json = &json;
            auto card = app::RegisterPrepared(tx, std::move(prepared), actor, now, options);
            if (!card) {
                return Problem(card.error());
            }
            Response r = CardResponse(201, *card, std::move(json));
            r.With("Location", "/api/v1/complaints/" + card->number);
            return r;
        }};
    });

    router.Add("GET", "/api/v1/complaints/{number}", Access::Needs({core::Permission::kReadComplaints}), [&services](const Request&, const Params& params, const Context&) -> Outcome {
        auto number = NumberParam(params);
        if (!number) {
            return Problem(number.error());
        }
        auto stored = services.store.CurrentCard(*number);
        if (!stored) {
            return Problem(core::NotFound("no complaint " + *number));
        }
        Response r = Json(200, stored->card);
        r.With("ETag", "\"" + std::to_string(stored->version) + "\"");
        return r;
    });

    router.Add("GET", "/api/v1/complaints", Access::Needs({core::Permission::kReadComplaints}), [&services](const Request& req, const Params&, const Context&) -> Outcome {
        auto query = ParseListQuery(req);
        if (!query) {
            return Problem(query.error());
        }
        store::ListPage page = services.store.Read()->List(*query);
        boost::json::object body;
        boost::json::array& items = body["items"].emplace_array();
        items.reserve(page.rows.size());
        for (const auto& row : page.rows) {
            items.emplace_back(SummaryJson(row));
        }
        if (std::string cursor = NextCursor(*query, page); !cursor.empty()) {
            body["next_cursor"] = cursor;
        } else {
            body["next_cursor"] = nullptr;
        }
        body["limit"] = query->limit;
        return Json(200, boost::json::serialize(body));
    });

    router.Add("GET", "/api/v1/complaints/{number}/events", Access::Needs({core::Permission::kReadComplaints}), [&services](const Request&, const Params& params, const Context&) -> Outcome {
        auto number = NumberParam(params);
        if (!number) {
            return Problem(number.error());
        }
        auto events = app::EventHistory(*services.store.Read(), *number);
        if (!events) {
            return Problem(events.error());
        }
        boost::json::object body;
        body["number"] = *number;
        body["events"] = std::move(*events);
        return Json(200, boost::json::serialize(body));
    });

    router.Add("POST", "/api/v1/complaints/{number}/written-confirmation", Access::Needs({core::Permission::kConfirmInWriting}),
               [](const Request& req, const Params& params, const Context& ctx) -> Outcome {
        auto number = NumberParam(params);
        if (!number) {
            return Problem(number.error());
        }
        auto body = ParseBody<WrittenConfirmationBody>(req);
        if (!body) {
            return Problem(body.error());
        }
        auto version = ExpectedVersion(req, body->version);
        if (!version) {
            return Problem(version.error());
        }
        app::WrittenConfirmationInput input{body->received_at, body->channel, body->reference, body->note};
        return WriteWork{[number = *number, version = *version, input, actor = ctx.actor, now = ctx.now](store::WriteTx& tx) {
            return CardOrProblem(200, app::ConfirmInWriting(tx, number, version, input, actor, now));
        }};
    });

    router.Add("POST", "/api/v1/complaints/{number}/comments", Access::Needs({core::Permission::kComment}),
               [](const Request& req, const Params& params, const Context& ctx) -> Outcome {
        auto number = NumberParam(params);
        if (!number) {
            return Problem(number.error());
        }
        auto body = ParseBody<CommentBody>(req);
        if (!body) {
            return Problem(body.error());
        }
        auto version = ExpectedVersion(req, body->version);
        if (!version) {
            return Problem(version.error());
        }
        return WriteWork{[number = *number, version = *version, text = body->text, actor = ctx.actor, now = ctx.now](store::WriteTx& tx) {
            return CardOrProblem(201, app::AddComment(tx, number, version, text, actor, now));
        }};
    });
}

}  // namespace redress::http
