#pragma once

// The complaint card (DOMAIN §2) as a fold of the complaint's events.

#include <boost/describe.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

struct Stamp {
    std::string by;  // a user's login
    Timestamp at{};
    std::string note;
};
BOOST_DESCRIBE_STRUCT(Stamp, (), (by, at, note))

struct EmployeeView {
    std::string employee;
    std::string view;
    Stamp recorded;
};
BOOST_DESCRIBE_STRUCT(EmployeeView, (), (employee, view, recorded))

struct Opinion {
    std::string text;
    Timestamp formed_at{};
    std::string by;
};
BOOST_DESCRIBE_STRUCT(Opinion, (), (text, formed_at, by))

struct Validity {
    bool justified = false;
    std::string reason;
    std::string goodwill_offer;
    std::string no_goodwill_reason;
    Stamp decided;
};
BOOST_DESCRIBE_STRUCT(Validity, (), (justified, reason, goodwill_offer, no_goodwill_reason, decided))

struct Measure {
    std::string id;
    std::int64_t round = 1;
    std::string description;
    std::string executor;
    Timestamp due{};
    bool agreed_with_customer = false;
    std::string planned_by;
    std::optional<Stamp> approved;
    std::optional<Stamp> done;  // note: the executor's report
};
BOOST_DESCRIBE_STRUCT(Measure, (), (id, round, description, executor, due, agreed_with_customer, planned_by, approved, done))

struct Compensation {
    std::string id;
    std::int64_t round = 1;
    std::string option;
    std::string description;
    Money value;
    Money cost;
    CompensationStatus status = CompensationStatus::kPending;
    std::string authority_note;
    Stamp proposed;
    std::optional<Stamp> decided;  // by whoever granted, approved or rejected it
};
BOOST_DESCRIBE_STRUCT(Compensation, (), (id, round, option, description, value, cost, status, authority_note, proposed, decided))

struct Answer {
    std::string text;
    Channel method = Channel::kLetter;
    Timestamp sent_at{};
    std::string sent_by;
};
BOOST_DESCRIBE_STRUCT(Answer, (), (text, method, sent_at, sent_by))

struct Satisfaction {
    std::vector<CriterionScore> scores;
    std::int64_t index_x100 = 0;
    bool declined = false;
    std::optional<bool> would_recommend;
    std::string comment;
    Stamp recorded;
};
BOOST_DESCRIBE_STRUCT(Satisfaction, (), (scores, index_x100, declined, would_recommend, comment, recorded))

struct Callback {
    std::string id;
    Timestamp due{};
    std::string note;
    std::string booked_by;
    std::optional<Stamp> made;
};
BOOST_DESCRIBE_STRUCT(Callback, (), (id, due, note, booked_by, made))

struct DeadlineAlert {
    std::string deadline;
    Timestamp due{};
    std::string level;  // "approaching" or "missed"
    Timestamp at{};
};
BOOST_DESCRIBE_STRUCT(DeadlineAlert, (), (deadline, due, level, at))

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

    // The procedure. `round` counts openings: a reopened complaint starts round 2, and the
    // per-round facts (investigation to closure) start afresh; measures and compensation
    // keep their round.
    std::int64_t round = 1;
    Timestamp round_started_at{};
    std::string responsible;
    std::optional<Stamp> assigned;
    std::optional<bool> inspection_needed;  // set when the investigation starts
    std::optional<Stamp> investigation_started;
    std::optional<EmployeeView> employee_view;
    std::optional<Opinion> opinion;
    std::string cause;
    CauseKind cause_kind = CauseKind::kOther;
    std::string supplier;
    std::optional<Validity> validity;
    std::vector<Measure> measures;
    std::vector<Compensation> compensations;
    std::optional<Answer> answer;
    std::optional<Satisfaction> satisfaction;
    std::optional<Stamp> closed;
    std::optional<Stamp> responsible_sign_off;
    std::optional<Stamp> quality_sign_off;
    std::optional<Stamp> withdrawn;
    std::string merged_into;
    std::optional<Stamp> reopened;
    std::vector<Callback> callbacks;
    std::int64_t minutes_spent = 0;
    std::vector<DeadlineAlert> alerts;
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
                       imported,
                       round,
                       round_started_at,
                       responsible,
                       assigned,
                       inspection_needed,
                       investigation_started,
                       employee_view,
                       opinion,
                       cause,
                       cause_kind,
                       supplier,
                       validity,
                       measures,
                       compensations,
                       answer,
                       satisfaction,
                       closed,
                       responsible_sign_off,
                       quality_sign_off,
                       withdrawn,
                       merged_into,
                       reopened,
                       callbacks,
                       minutes_spent,
                       alerts))

// Lookups used by the procedure and the views.
const Measure* FindMeasure(const Card& card, std::string_view id);
const Compensation* FindCompensation(const Card& card, std::string_view id);
const Callback* FindCallback(const Card& card, std::string_view id);
bool IsTerminal(const Card& card);  // closed, withdrawn or merged

// Applies one event to the card. Events come from the record, which the commands
// already checked, so this never fails.
void Apply(Card& card, const Event& event);

// The stage follows from what the card records.
Stage DeriveStage(const Card& card);

}  // namespace redress::core
