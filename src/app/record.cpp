#include "app/record.hpp"

#include "core/chain.hpp"
#include "core/json.hpp"
#include "core/register_number.hpp"
#include "core/text.hpp"

namespace redress::app {

namespace json = core::json;

std::int64_t Micros(core::Timestamp t) {
    return t.time_since_epoch().count();
}

core::Timestamp FromMicros(std::int64_t micros) {
    return core::Timestamp{std::chrono::microseconds{micros}};
}

std::string ContactKey(const core::Contact& contact) {
    std::string key = contact.email.empty() ? contact.phone : contact.email;
    std::string out;
    out.reserve(key.size());
    for (char c : key) {
        if (c >= 'A' && c <= 'Z') {
            out.push_back(static_cast<char>(c - 'A' + 'a'));
        } else if (c != ' ' && c != '-' && c != '(' && c != ')') {
            out.push_back(c);
        }
    }
    return out;
}

store::ComplaintRow RowFromCard(const core::Card& card, std::int64_t id, std::string last_hash) {
    store::ComplaintRow row;
    row.id = id;
    row.number = card.number;
    auto parsed = core::ParseRegisterNumber(card.number);
    row.number_key = parsed ? std::int64_t{parsed->year} * 10'000'000 + parsed->sequence : 0;
    row.status = json::EnumName(card.status);
    row.channel = json::EnumName(card.channel);
    row.kind = json::EnumName(card.kind);
    row.oral = card.oral;
    row.organisation = card.organisation;
    row.product = card.product;
    row.category = card.category;
    row.site = card.site;
    row.contact_name = card.contact.name;
    std::string summary = core::Excerpt(card.statement, 160);
    for (char& c : summary) {
        if (c == '\n' || c == '\r' || c == '\t') {
            c = ' ';
        }
    }
    row.summary = std::move(summary);
    row.external_ref = card.external_ref;
    row.received_at = Micros(card.received_at);
    row.registered_at = Micros(card.registered_at);
    row.updated_at = Micros(card.updated_at);
    row.version = card.version;
    row.last_hash = std::move(last_hash);
    row.card = json::ToText(card);
    row.responsible = card.responsible;
    row.contact_key = ContactKey(card.contact);
    row.supplier = card.supplier;
    return row;
}

core::Result<core::Card> CardFromStored(const store::StoredCard& stored) {
    auto value = json::Parse(stored.card);
    if (!value) {
        return core::Fail(core::Error{core::ErrorCode::kInternal, "", "card", "stored card is not JSON"});
    }
    auto card = json::FromValue<core::Card>(*value);
    if (!card) {
        return core::Fail(core::Error{core::ErrorCode::kInternal, "", "card",
                                      "stored card does not parse: " + card.error().message});
    }
    return card;
}

Chained Chain(std::int64_t complaint_id,
              core::Card card,
              std::string last_hash,
              const std::vector<core::EventData>& events,
              const Actor& actor,
              core::Timestamp now) {
    const std::string at = core::FormatRfc3339(now);
    core::Hash previous = last_hash.empty() ? core::kGenesisHash
                                            : core::HashFromHex(last_hash).value_or(core::kGenesisHash);
    Chained out;
    out.events.reserve(events.size());
    for (const core::EventData& data : events) {
        core::Event event{0, card.number, card.version + 1, now, actor.login, data};
        store::EventRow row;
        row.complaint_id = complaint_id;
        row.n = event.n;
        row.kind = core::KindOf(data);
        row.at = at;
        row.actor = actor.login;
        row.payload = core::PayloadText(data);
        previous = core::EventHash(previous, {event.number, event.n, row.kind, row.at, row.actor, row.payload});
        row.hash = core::ToHex(previous);
        core::Apply(card, event);
        out.events.push_back(std::move(row));
    }
    if (!out.events.empty()) {
        last_hash = out.events.back().hash;
    }
    out.row = RowFromCard(card, complaint_id, std::move(last_hash));
    if (complaint_id == 0) {
        out.row.statement = card.statement;  // indexed for search once, at registration
    }
    out.card = std::move(card);
    return out;
}

void Write(store::WriteTx& tx, Chained& chained) {
    std::string head = tx.GlobalHead();
    core::Hash global = head.empty() ? core::kGenesisHash : core::HashFromHex(head).value_or(core::kGenesisHash);
    for (store::EventRow& row : chained.events) {
        global = core::GlobalHash(global, core::HashFromHex(row.hash).value_or(core::kGenesisHash));
        row.global_hash = core::ToHex(global);
    }
    if (chained.row.id == 0) {
        chained.row.id = tx.InsertComplaint(chained.row);
    } else {
        tx.UpdateComplaint(chained.row);
    }
    for (store::EventRow& row : chained.events) {
        row.complaint_id = chained.row.id;
        tx.AppendEvent(row);
    }
}

core::Card Record(store::WriteTx& tx,
                  std::int64_t complaint_id,
                  core::Card card,
                  std::string last_hash,
                  const std::vector<core::EventData>& events,
                  const Actor& actor,
                  core::Timestamp now,
                  std::string* card_json) {
    Chained chained = Chain(complaint_id, std::move(card), std::move(last_hash), events, actor, now);
    Write(tx, chained);
    if (card_json) {
        *card_json = std::move(chained.row.card);
    }
    return std::move(chained.card);
}

core::Result<core::Card> Execute(store::WriteTx& tx,
                                 std::string_view number,
                                 std::optional<std::int64_t> expected_version,
                                 const Actor& actor,
                                 core::Timestamp now,
                                 const Decide& decide) {
    auto stored = tx.FindCard(number);
    if (!stored) {
        return core::Fail(core::NotFound("no complaint " + std::string(number)));
    }
    if (expected_version && *expected_version != stored->version) {
        return core::Fail(core::Conflict(
            "version",
            "the complaint has changed: it is at version " + std::to_string(stored->version) +
                ", not " + std::to_string(*expected_version) + "; reload it and try again"));
    }
    auto card = CardFromStored(*stored);
    REDRESS_TRY(card);
    auto events = decide(*card);
    REDRESS_TRY(events);
    if (events->empty()) {
        return std::move(*card);
    }
    return Record(tx, stored->id, std::move(*card), stored->last_hash, *events, actor, now);
}

}  // namespace redress::app
