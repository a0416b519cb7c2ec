#pragma once

// The register's use cases: register, confirm in writing, comment; read the card, the
// history and the register.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/value.hpp>

#include "app/actor.hpp"
#include "app/record.hpp"
#include "core/card.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace redress::app {

struct Rules;

struct RegisterOptions {
    std::string source = "api";
    core::ValidationMode mode = core::ValidationMode::kLive;
    // The acknowledgement reaches the customer with the answer to this request (API,
    // portal, desk); letters and imports are acknowledged separately.
    bool acknowledge = true;
    std::optional<core::ImportedHistory> imported;
    const Rules* rules = nullptr;  // when set, the complaint's deadlines are set up
    // The caller has already run ValidateRegistration with this mode and time (the API
    // does, to answer bad input without a trip through the writer).
    bool validated = false;
    std::string* card_json = nullptr;  // receives the registered card as stored JSON
};

// Validates and registers a complaint: takes the year's next register number, records
// Registered (and Acknowledged), and writes the card. The number's year is the year the
// complaint was received.
core::Result<core::Card> RegisterComplaint(store::WriteTx& tx,
                                           const core::RegistrationRequest& request,
                                           const Actor& actor,
                                           core::Timestamp now,
                                           const RegisterOptions& options = {});

// Registration in parts, for a caller that works out registrations ahead of the write
// transaction (the import): the Registered event as the request makes it, without its
// number; the year whose register numbers it; and the events chained under a given place
// in that year's register (a caller that may need to chain it again under another place
// passes a copy). RegisterComplaint is these three with the place taken from the
// transaction.
core::Registered RegisteredFrom(const core::RegistrationRequest& request,
                                const Actor& actor,
                                core::Timestamp now,
                                const RegisterOptions& options);
int RegisterYear(const core::Registered& registered);
Chained ChainRegistration(core::Registered registered,
                          std::int64_t place,
                          const Actor& actor,
                          core::Timestamp now,
                          const RegisterOptions& options);

// The same chained registration under another place of its year's register, by putting
// the new number's digits where the old one's stand (the card's and the Registered
// event's JSON begin with the number) and hashing the events again: much cheaper than
// chaining anew. False, with `chained` unchanged, when the numbers differ in length or
// the JSON does not begin as expected; the caller then chains anew.
bool MoveToPlace(Chained& chained, int year, std::int64_t place);

// A registration worked out before its write transaction, under a stand-in place (0):
// all of it but the place, which RegisterPrepared takes from the transaction and puts
// in with MoveToPlace. So an I/O thread, not the writer, builds the events and the card.
struct PreparedRegistration {
    core::Registered registered;  // to chain anew if MoveToPlace cannot
    int year = 0;
    Chained chained;
};
PreparedRegistration PrepareRegistration(const core::RegistrationRequest& request,
                                         const Actor& actor,
                                         core::Timestamp now,
                                         const RegisterOptions& options);
core::Result<core::Card> RegisterPrepared(store::WriteTx& tx,
                                          PreparedRegistration prepared,
                                          const Actor& actor,
                                          core::Timestamp now,
                                          const RegisterOptions& options);

struct WrittenConfirmationInput {
    std::optional<core::Timestamp> received_at;  // default: now
    core::Channel channel = core::Channel::kLetter;
    std::string reference;
    std::string note;
};

// Records that an oral complaint was confirmed in writing. kPreconditionFailed if the
// complaint is already a written one.
core::Result<core::Card> ConfirmInWriting(store::WriteTx& tx,
                                          std::string_view number,
                                          std::optional<std::int64_t> expected_version,
                                          const WrittenConfirmationInput& input,
                                          const Actor& actor,
                                          core::Timestamp now);

core::Result<core::Card> AddComment(store::WriteTx& tx,
                                    std::string_view number,
                                    std::optional<std::int64_t> expected_version,
                                    std::string_view text,
                                    const Actor& actor,
                                    core::Timestamp now);

// The events of one complaint as the API shows them: with each event's previous hash,
// so that a client can check the chain itself.
core::Result<boost::json::array> EventHistory(store::ReadTx& tx, std::string_view number);

// Rebuilds a card from its events alone (the read model's source of truth).
core::Result<core::Card> Replay(const std::vector<store::EventRow>& events);

}  // namespace redress::app
