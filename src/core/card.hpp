#pragma once

// The complaint card (DOMAIN §2) as a fold of the complaint's events.

#include <boost/describe.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/complaint.hpp"
#include "core/event.hpp"

namespace redress::core {

enum class Stage {
    kRegistered,
    kAcknowledged,
    kAssigned,
    kInvestigating,
    kJustified,
    kUnjustified,
    kMeasuresPlanned,
    kMeasuresApproved,
    kInExecution,
    kAnswered,
    kSatisfactionRecorded,
    kClosed,
    kWithdrawn,
    kMerged,    // merged into another complaint as its duplicate
    kReopened,
};
BOOST_DESCRIBE_ENUM(Stage,
                    kRegistered,
                    kAcknowledged,
                    kAssigned,
                    kInvestigating,
                    kJustified,
                    kUnjustified,
                    kMeasuresPlanned,
                    kMeasuresApproved,
                    kInExecution,
                    kAnswered,
                    kSatisfactionRecorded,
                    kClosed,
                    kWithdrawn,
                    kMerged,
                    kReopened)

struct Acknowledgement {
    Timestamp acknowledged_at{};
    std::string acknowledged_by;
    std::string method;
};
BOOST_DESCRIBE_STRUCT(Acknowledgement, (), (acknowledged_at, acknowledged_by, method))

struct WrittenConfirmation {
    Timestamp received_at{};
    Channel channel = Channel::kLetter;
    std::string reference;
    std::string note;
    Timestamp recorded_at{};
    std::string recorded_by;
};
BOOST_DESCRIBE_STRUCT(WrittenConfirmation, (), (received_at, channel, reference, note, recorded_at, recorded_by))

struct Card : ComplaintDetails {
    std::string number;
    Stage status = Stage::kRegistered;
    bool oral = false;  // received by telephone and not yet confirmed in writing
    std::int64_t version = 0;  // the number of events; commands name it to avoid lost updates
    Timestamp received_at{};
    Person received_by;
    Timestamp registered_at{};
    std::string registered_by;
    std::string source;
    std::optional<Acknowledgement> acknowledgement;
    std::optional<WrittenConfirmation> written_confirmation;
    std::int64_t comment_count = 0;
    Timestamp updated_at{};
    std::optional<ImportedHistory> imported;
};
BOOST_DESCRIBE_STRUCT(Card,
                      (ComplaintDetails),
                      (number,
                       status,
                       oral,
                       version,
                       received_at,
                       received_by,
                       registered_at,
                       registered_by,
                       source,
                       acknowledgement,
                       written_confirmation,
                       comment_count,
                       updated_at,
                       imported))

// Applies one event to the card. Events come from the record, which the commands
// already checked, so this never fails.
void Apply(Card& card, const Event& event);

// The stage follows from what the card records.
Stage DeriveStage(const Card& card);

}  // namespace redress::core
