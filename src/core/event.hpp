#pragma once

// The events of a complaint's record (DESIGN.md "Data model"). Events are never changed
// or deleted; each carries its place in the complaint's chain and in the global chain.

#include <boost/describe.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/complaint.hpp"
#include "core/result.hpp"
#include "core/time.hpp"

namespace redress::core {

struct Registered : ComplaintDetails {
    static constexpr std::string_view kKind = "Registered";
    std::string number;
    Timestamp received_at{};
    Person received_by;
    std::string source;  // "api", "portal", "phone_intake", "import"
    std::optional<ImportedHistory> imported;
};
BOOST_DESCRIBE_STRUCT(Registered, (ComplaintDetails), (number, received_at, received_by, source, imported))

// The customer has been given the mark of acceptance: number, date, receiver (DOMAIN §1).
struct Acknowledged {
    static constexpr std::string_view kKind = "Acknowledged";
    std::string method;  // how the acknowledgement reached the customer: "api", "letter", "email", ...
};
BOOST_DESCRIBE_STRUCT(Acknowledged, (), (method))

// An oral complaint confirmed by the customer in writing: from now on it is a written one.
struct WrittenConfirmationReceived {
    static constexpr std::string_view kKind = "WrittenConfirmationReceived";
    Timestamp received_at{};
    Channel channel = Channel::kLetter;
    std::string reference;  // the customer's letter number or message id
    std::string note;
};
BOOST_DESCRIBE_STRUCT(WrittenConfirmationReceived, (), (received_at, channel, reference, note))

struct CommentAdded {
    static constexpr std::string_view kKind = "CommentAdded";
    std::string text;
};
BOOST_DESCRIBE_STRUCT(CommentAdded, (), (text))

using EventData = std::variant<Registered, Acknowledged, WrittenConfirmationReceived, CommentAdded>;

std::string_view KindOf(const EventData& data);

// One event as recorded. `n` is its place in the complaint's chain, from 1; `seq` its
// place in the global log (0 until stored).
struct Event {
    std::int64_t seq = 0;
    std::string number;
    std::int64_t n = 0;
    Timestamp at{};
    std::string actor;  // a user's login, "customer", or "system:<part>"
    EventData data;
};

// The payload as JSON text: the bytes that are stored and hashed.
std::string PayloadText(const EventData& data);

// Rebuilds a payload from its kind and stored JSON text. kInternal when the kind is
// unknown or the text does not parse: the record is damaged, not the request.
Result<EventData> DecodePayload(std::string_view kind, std::string_view payload_text);

}  // namespace redress::core
