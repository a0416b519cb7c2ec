#pragma once

// The events of a complaint's record (DESIGN.md "Data model"). Events are never changed
// or deleted; each carries its place in the complaint's chain and in the global chain.

#include <boost/describe.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/complaint.hpp"
#include "core/money.hpp"
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

// ---- the procedure (DOMAIN §3–5) ----

enum class CauseKind { kStaff, kProcess, kProduct, kSupplier, kCustomer, kOther };
BOOST_DESCRIBE_ENUM(CauseKind, kStaff, kProcess, kProduct, kSupplier, kCustomer, kOther)

// The head of quality (or a front-line employee taking it on the spot) names who owns it.
struct Assigned {
    static constexpr std::string_view kKind = "Assigned";
    std::string responsible;  // a user's login
    std::string note;
};
BOOST_DESCRIBE_STRUCT(Assigned, (), (responsible, note))

// Whether an on-site inspection or further investigation is needed decides the deadline:
// an answer in 1 working day without, a decision in 10 with (DOMAIN §4).
struct InvestigationStarted {
    static constexpr std::string_view kKind = "InvestigationStarted";
    bool inspection_needed = false;
    std::string note;
};
BOOST_DESCRIBE_STRUCT(InvestigationStarted, (), (inspection_needed, note))

// The view of the employee who did the work.
struct EmployeeViewRecorded {
    static constexpr std::string_view kKind = "EmployeeViewRecorded";
    std::string employee;
    std::string view;
};
BOOST_DESCRIBE_STRUCT(EmployeeViewRecorded, (), (employee, view))

// The responsible person's opinion and the cause found; its time is the date it was formed.
struct OpinionRecorded {
    static constexpr std::string_view kKind = "OpinionRecorded";
    std::string opinion;
    std::string cause;
    CauseKind cause_kind = CauseKind::kOther;
    std::string supplier;  // when a supplier's component caused it
};
BOOST_DESCRIBE_STRUCT(OpinionRecorded, (), (opinion, cause, cause_kind, supplier))

struct ValidityDecided {
    static constexpr std::string_view kKind = "ValidityDecided";
    bool justified = false;
    std::string reason;
    // An unjustified complaint still gets a way out (DOMAIN §3.5), or the reason why not.
    std::string goodwill_offer;
    std::string no_goodwill_reason;
};
BOOST_DESCRIBE_STRUCT(ValidityDecided, (), (justified, reason, goodwill_offer, no_goodwill_reason))

struct MeasurePlanned {
    static constexpr std::string_view kKind = "MeasurePlanned";
    std::string id;  // "m1", "m2", ... within the complaint
    std::string description;
    std::string executor;  // a user's login
    Timestamp due{};
    bool agreed_with_customer = false;
};
BOOST_DESCRIBE_STRUCT(MeasurePlanned, (), (id, description, executor, due, agreed_with_customer))

// The head of quality or management agrees the measures planned so far.
struct MeasuresApproved {
    static constexpr std::string_view kKind = "MeasuresApproved";
    std::vector<std::string> ids;
    std::string note;
};
BOOST_DESCRIBE_STRUCT(MeasuresApproved, (), (ids, note))

struct MeasureDone {
    static constexpr std::string_view kKind = "MeasureDone";
    std::string id;
    std::string report;
};
BOOST_DESCRIBE_STRUCT(MeasureDone, (), (id, report))

enum class CompensationStatus { kGranted, kPending, kRejected };
BOOST_DESCRIBE_ENUM(CompensationStatus, kGranted, kPending, kRejected)

// A compensation offered to the customer: granted at once when it is within the actor's
// authority, otherwise pending until someone with enough authority decides.
struct CompensationProposed {
    static constexpr std::string_view kKind = "CompensationProposed";
    std::string id;      // "c1", "c2", ...
    std::string option;  // the catalogue's option id, or empty for a custom one
    std::string description;
    Money value;  // to the customer
    Money cost;   // to the company
    CompensationStatus status = CompensationStatus::kPending;
    std::string authority_note;  // why it needs approval, in words
};
BOOST_DESCRIBE_STRUCT(CompensationProposed, (), (id, option, description, value, cost, status, authority_note))

struct CompensationDecided {
    static constexpr std::string_view kKind = "CompensationDecided";
    std::string id;
    bool approved = false;
    std::string note;
};
BOOST_DESCRIBE_STRUCT(CompensationDecided, (), (id, approved, note))

struct AnswerSent {
    static constexpr std::string_view kKind = "AnswerSent";
    std::string text;
    Channel method = Channel::kLetter;
};
BOOST_DESCRIBE_STRUCT(AnswerSent, (), (text, method))

struct CriterionScore {
    std::string criterion;
    std::int64_t score = 0;   // 1..10
    std::int64_t weight = 0;  // from the policy; the weights sum to 100
};
BOOST_DESCRIBE_STRUCT(CriterionScore, (), (criterion, score, weight))

struct SatisfactionRecorded {
    static constexpr std::string_view kKind = "SatisfactionRecorded";
    std::vector<CriterionScore> scores;
    std::int64_t index_x100 = 0;  // sum(score × weight) / 100, in hundredths: 840 is 8.40
    bool declined = false;        // the customer would not answer
    std::optional<bool> would_recommend;
    std::string comment;
};
BOOST_DESCRIBE_STRUCT(SatisfactionRecorded, (), (scores, index_x100, declined, would_recommend, comment))

struct Closed {
    static constexpr std::string_view kKind = "Closed";
    std::string note;
};
BOOST_DESCRIBE_STRUCT(Closed, (), (note))

// Sign-off by the responsible person and by the head of quality (DOMAIN §2).
struct SignedOff {
    static constexpr std::string_view kKind = "SignedOff";
    std::string as;  // "responsible" or "quality"
    std::string note;
};
BOOST_DESCRIBE_STRUCT(SignedOff, (), (as, note))

struct Withdrawn {
    static constexpr std::string_view kKind = "Withdrawn";
    std::string reason;
};
BOOST_DESCRIBE_STRUCT(Withdrawn, (), (reason))

struct MergedInto {
    static constexpr std::string_view kKind = "MergedInto";
    std::string number;  // the complaint this one duplicates
    std::string note;
};
BOOST_DESCRIBE_STRUCT(MergedInto, (), (number, note))

struct Reopened {
    static constexpr std::string_view kKind = "Reopened";
    std::string reason;
};
BOOST_DESCRIBE_STRUCT(Reopened, (), (reason))

// A specific promise to call the customer back ("by 17:00 today", never "later").
struct CallbackBooked {
    static constexpr std::string_view kKind = "CallbackBooked";
    std::string id;  // "cb1", ...
    Timestamp due{};
    std::string note;
};
BOOST_DESCRIBE_STRUCT(CallbackBooked, (), (id, due, note))

struct CallbackMade {
    static constexpr std::string_view kKind = "CallbackMade";
    std::string id;
    std::string note;
};
BOOST_DESCRIBE_STRUCT(CallbackMade, (), (id, note))

struct TimeLogged {
    static constexpr std::string_view kKind = "TimeLogged";
    std::int64_t minutes = 0;
    std::string note;
};
BOOST_DESCRIBE_STRUCT(TimeLogged, (), (minutes, note))

// Recorded by the scheduler, each exactly once per deadline and due time.
struct DeadlineApproaching {
    static constexpr std::string_view kKind = "DeadlineApproaching";
    std::string deadline;  // "answer", "decision", "replacement", "measure:m1", "callback:cb1"
    Timestamp due{};
};
BOOST_DESCRIBE_STRUCT(DeadlineApproaching, (), (deadline, due))

struct DeadlineMissed {
    static constexpr std::string_view kKind = "DeadlineMissed";
    std::string deadline;
    Timestamp due{};
};
BOOST_DESCRIBE_STRUCT(DeadlineMissed, (), (deadline, due))

using EventData = std::variant<Registered,
                               Acknowledged,
                               WrittenConfirmationReceived,
                               CommentAdded,
                               Assigned,
                               InvestigationStarted,
                               EmployeeViewRecorded,
                               OpinionRecorded,
                               ValidityDecided,
                               MeasurePlanned,
                               MeasuresApproved,
                               MeasureDone,
                               CompensationProposed,
                               CompensationDecided,
                               AnswerSent,
                               SatisfactionRecorded,
                               Closed,
                               SignedOff,
                               Withdrawn,
                               MergedInto,
                               Reopened,
                               CallbackBooked,
                               CallbackMade,
                               TimeLogged,
                               DeadlineApproaching,
                               DeadlineMissed>;

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
