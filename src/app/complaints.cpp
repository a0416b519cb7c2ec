#include "app/complaints.hpp"

#include "app/procedure.hpp"
#include "app/record.hpp"
#include "core/chain.hpp"
#include "core/json.hpp"
#include "core/register_number.hpp"

namespace redress::app {

core::Registered RegisteredFrom(const core::RegistrationRequest& request,
                                const Actor& actor,
                                core::Timestamp now,
                                const RegisterOptions& options) {
    core::Registered registered;
    static_cast<core::ComplaintDetails&>(registered) = request;
    registered.received_at = request.received_at.value_or(now);
    registered.received_by = request.received_by.value_or(core::Person{actor.name, actor.position});
    if (registered.site.empty()) {
        registered.site = actor.site;
    }
    registered.source = options.source;
    registered.imported = options.imported;
    return registered;
}

int RegisterYear(const core::Registered& registered) {
    return core::YearOf(registered.received_at);
}

Chained ChainRegistration(core::Registered registered,
                          std::int64_t place,
                          const Actor& actor,
                          core::Timestamp now,
                          const RegisterOptions& options) {
    registered.number = core::FormatRegisterNumber(RegisterYear(registered), place);
    core::Card card;
    card.number = registered.number;  // the first event is hashed under its number
    std::vector<core::EventData> events{std::move(registered)};
    if (options.acknowledge) {
        events.emplace_back(core::Acknowledged{options.source});
    }
    return Chain(0, std::move(card), "", events, actor, now);
}

bool MoveToPlace(Chained& chained, int year, std::int64_t place) {
    const std::string number = core::FormatRegisterNumber(year, place);
    const std::string& old = chained.row.number;
    if (number.size() != old.size()) {
        return false;
    }
    constexpr std::string_view kOpening = R"({"number":")";
    const std::string opening = std::string(kOpening) + old + '"';
    auto begins_with_number = [&](const std::string& json) { return json.starts_with(opening); };
    if (!begins_with_number(chained.row.card) || chained.events.empty() ||
        !begins_with_number(chained.events.front().payload)) {
        return false;
    }
    chained.row.card.replace(kOpening.size(), number.size(), number);
    core::Hash previous = core::kGenesisHash;
    for (store::EventRow& event : chained.events) {
        if (begins_with_number(event.payload)) {
            event.payload.replace(kOpening.size(), number.size(), number);
        }
        previous = core::EventHash(previous, {number, event.n, event.kind, event.at, event.actor, event.payload});
        event.hash = core::ToHex(previous);
    }
    chained.row.last_hash = chained.events.back().hash;
    chained.row.number = number;
    chained.row.number_key = std::int64_t{year} * 10'000'000 + place;
    chained.card.number = number;
    return true;
}

PreparedRegistration PrepareRegistration(const core::RegistrationRequest& request,
                                         const Actor& actor,
                                         core::Timestamp now,
                                         const RegisterOptions& options) {
    PreparedRegistration prepared;
    prepared.registered = RegisteredFrom(request, actor, now, options);
    prepared.year = RegisterYear(prepared.registered);
    prepared.chained = ChainRegistration(prepared.registered, 0, actor, now, options);
    return prepared;
}

core::Result<core::Card> RegisterPrepared(store::WriteTx& tx,
                                          PreparedRegistration prepared,
                                          const Actor& actor,
                                          core::Timestamp now,
                                          const RegisterOptions& options) {
    const std::int64_t place = tx.NextInYear(prepared.year);
    Chained& chained = prepared.chained;
    if (!MoveToPlace(chained, prepared.year, place)) {
        chained = ChainRegistration(std::move(prepared.registered), place, actor, now, options);
    }
    Write(tx, chained);
    if (options.card_json) {
        *options.card_json = std::move(chained.row.card);
    }
    if (options.rules) {
        DeriveForNew(tx, chained.card, *options.rules);
    }
    return std::move(chained.card);
}

core::Result<core::Card> RegisterComplaint(store::WriteTx& tx,
                                           const core::RegistrationRequest& request,
                                           const Actor& actor,
                                           core::Timestamp now,
                                           const RegisterOptions& options) {
    if (!options.validated) {
        REDRESS_TRY(core::ValidateRegistration(request, options.mode, now));
    }
    return RegisterPrepared(tx, PrepareRegistration(request, actor, now, options), actor, now, options);
}

core::Result<core::Card> ConfirmInWriting(store::WriteTx& tx,
                                          std::string_view number,
                                          std::optional<std::int64_t> expected_version,
                                          const WrittenConfirmationInput& input,
                                          const Actor& actor,
                                          core::Timestamp now) {
    REDRESS_TRY(core::CheckText("reference", input.reference, core::kMaxShortText, false));
    REDRESS_TRY(core::CheckText("note", input.note, core::kMaxComment, false, true));
    if (input.received_at && *input.received_at > now + std::chrono::minutes{5}) {
        return core::Fail(core::InvalidArgument("received_at", "future", "received_at must not be in the future"));
    }
    return Execute(tx, number, expected_version, actor, now, [&](const core::Card& card)
                       -> core::Result<std::vector<core::EventData>> {
        if (!card.oral) {
            return core::Fail(core::PreconditionFailed(
                "already_written", "complaint " + card.number + " is already a written complaint"));
        }
        return std::vector<core::EventData>{core::WrittenConfirmationReceived{
            input.received_at.value_or(now), input.channel, input.reference, input.note}};
    });
}

core::Result<core::Card> AddComment(store::WriteTx& tx,
                                    std::string_view number,
                                    std::optional<std::int64_t> expected_version,
                                    std::string_view text,
                                    const Actor& actor,
                                    core::Timestamp now) {
    REDRESS_TRY(core::CheckText("text", text, core::kMaxComment, true, true));
    return Execute(tx, number, expected_version, actor, now, [&](const core::Card&)
                       -> core::Result<std::vector<core::EventData>> {
        return std::vector<core::EventData>{core::CommentAdded{std::string(text)}};
    });
}

core::Result<boost::json::array> EventHistory(store::ReadTx& tx, std::string_view number) {
    auto events = tx.Events(number);
    if (events.empty()) {
        return core::Fail(core::NotFound("no complaint " + std::string(number)));
    }
    boost::json::array out;
    out.reserve(events.size());
    std::string previous = core::ToHex(core::kGenesisHash);
    for (const store::EventRow& e : events) {
        auto payload = core::json::Parse(e.payload);
        boost::json::object item;
        item["n"] = e.n;
        item["seq"] = e.seq;
        item["kind"] = e.kind;
        item["at"] = e.at;
        item["actor"] = e.actor;
        item["payload"] = payload ? std::move(*payload) : boost::json::value(e.payload);
        item["prev_hash"] = previous;
        item["hash"] = e.hash;
        item["global_hash"] = e.global_hash;
        previous = e.hash;
        out.emplace_back(std::move(item));
    }
    return out;
}

core::Result<core::Card> Replay(const std::vector<store::EventRow>& events) {
    core::Card card;
    for (const store::EventRow& row : events) {
        auto data = core::DecodePayload(row.kind, row.payload);
        REDRESS_TRY(data);
        auto at = core::ParseRfc3339(row.at);
        if (!at) {
            return core::Fail(core::Error{core::ErrorCode::kInternal, "", "at", "bad event time " + row.at});
        }
        core::Apply(card, core::Event{row.seq, row.number, row.n, *at, row.actor, std::move(*data)});
    }
    return card;
}

}  // namespace redress::app
