#include "web/labels.hpp"

namespace redress::web {

std::string LookUp(const Tr& tr, std::span<const Phrase> table, std::string_view key) {
    for (const Phrase& entry : table) {
        if (entry.key == key) {
            return entry.text(tr);
        }
    }
    return {};
}

std::string StageLabel(const Tr& tr, core::Stage stage) {
    using S = core::Stage;
    switch (stage) {
        case S::kRegistered: return tr.tr("Registered");
        case S::kAcknowledged: return tr.tr("Acknowledged");
        case S::kAssigned: return tr.tr("Assigned");
        case S::kInvestigating: return tr.tr("Investigating");
        case S::kJustified: return tr.tr("Justified");
        case S::kUnjustified: return tr.tr("Unjustified");
        case S::kMeasuresPlanned: return tr.tr("Measures planned");
        case S::kMeasuresApproved: return tr.tr("Measures approved");
        case S::kInExecution: return tr.tr("In execution");
        case S::kAnswered: return tr.tr("Answered");
        case S::kSatisfactionRecorded: return tr.tr("Satisfaction recorded");
        case S::kClosed: return tr.tr("Closed");
        case S::kWithdrawn: return tr.tr("Withdrawn");
        case S::kMerged: return tr.tr("Merged");
        case S::kReopened: return tr.tr("Reopened");
    }
    return {};
}

std::string ChannelLabel(const Tr& tr, core::Channel channel) {
    using C = core::Channel;
    switch (channel) {
        case C::kLetter: return tr.tr("Letter");
        case C::kFax: return tr.tr("Fax");
        case C::kEmail: return tr.tr("E-mail");
        case C::kPhone: return tr.tr("Telephone");
        case C::kWeb: return tr.tr("Web form");
        case C::kInPerson: return tr.tr("In person");
    }
    return {};
}

std::string KindLabel(const Tr& tr, core::Kind kind) {
    using K = core::Kind;
    switch (kind) {
        case K::kComplaint: return tr.tr("Complaint");
        case K::kSuggestion: return tr.tr("Suggestion");
        case K::kPraise: return tr.tr("Praise");
    }
    return {};
}

std::string RoleLabel(const Tr& tr, core::Role role) {
    using R = core::Role;
    switch (role) {
        case R::kFrontLine: return tr.tr("Front line");
        case R::kResponsible: return tr.tr("Responsible");
        case R::kExecutor: return tr.tr("Executor");
        case R::kHeadOfQuality: return tr.tr("Head of quality");
        case R::kManager: return tr.tr("Manager");
        case R::kAdmin: return tr.tr("Administrator");
        case R::kAuditor: return tr.tr("Auditor");
    }
    return {};
}

std::string CauseLabel(const Tr& tr, core::CauseKind cause) {
    using C = core::CauseKind;
    switch (cause) {
        case C::kStaff: return tr.tr("Staff");
        case C::kProcess: return tr.tr("Process");
        case C::kProduct: return tr.tr("Product");
        case C::kSupplier: return tr.tr("Supplier");
        case C::kCustomer: return tr.tr("Customer");
        case C::kOther: return tr.tr("Other");
    }
    return {};
}

std::string CompensationStatusLabel(const Tr& tr, core::CompensationStatus status) {
    using S = core::CompensationStatus;
    switch (status) {
        case S::kGranted: return tr.tr("Granted");
        case S::kPending: return tr.tr("Awaiting approval");
        case S::kRejected: return tr.tr("Rejected");
    }
    return {};
}

std::string EventLabel(const Tr& tr, std::string_view kind) {
    static constexpr Phrase kEntries[] = {
        {"Registered", [](const Tr& t) { return t.tr("Registered"); }},
        {"Acknowledged", [](const Tr& t) { return t.tr("Acknowledged"); }},
        {"WrittenConfirmationReceived", [](const Tr& t) { return t.tr("Confirmed in writing"); }},
        {"CommentAdded", [](const Tr& t) { return t.tr("Comment"); }},
        {"Assigned", [](const Tr& t) { return t.tr("Assigned"); }},
        {"InvestigationStarted", [](const Tr& t) { return t.tr("Investigation started"); }},
        {"EmployeeViewRecorded", [](const Tr& t) { return t.tr("Employee's view recorded"); }},
        {"OpinionRecorded", [](const Tr& t) { return t.tr("Opinion formed"); }},
        {"ValidityDecided", [](const Tr& t) { return t.tr("Validity decided"); }},
        {"MeasurePlanned", [](const Tr& t) { return t.tr("Measure planned"); }},
        {"MeasuresApproved", [](const Tr& t) { return t.tr("Measures approved"); }},
        {"MeasureDone", [](const Tr& t) { return t.tr("Measure done"); }},
        {"CompensationProposed", [](const Tr& t) { return t.tr("Compensation proposed"); }},
        {"CompensationDecided", [](const Tr& t) { return t.tr("Compensation decided"); }},
        {"AnswerSent", [](const Tr& t) { return t.tr("Answer sent"); }},
        {"SatisfactionRecorded", [](const Tr& t) { return t.tr("Satisfaction recorded"); }},
        {"Closed", [](const Tr& t) { return t.tr("Closed"); }},
        {"SignedOff", [](const Tr& t) { return t.tr("Signed off"); }},
        {"Withdrawn", [](const Tr& t) { return t.tr("Withdrawn"); }},
        {"MergedInto", [](const Tr& t) { return t.tr("Merged"); }},
        {"Reopened", [](const Tr& t) { return t.tr("Reopened"); }},
        {"CallbackBooked", [](const Tr& t) { return t.tr("Callback booked"); }},
        {"CallbackMade", [](const Tr& t) { return t.tr("Callback made"); }},
        {"TimeLogged", [](const Tr& t) { return t.tr("Time logged"); }},
        {"DeadlineApproaching", [](const Tr& t) { return t.tr("Deadline approaching"); }},
        {"DeadlineMissed", [](const Tr& t) { return t.tr("Deadline missed"); }},
    };
    std::string label = LookUp(tr, kEntries, kind);
    return label.empty() ? std::string(kind) : label;
}

std::string DeadlineLabel(const Tr& tr, std::string_view kind) {
    if (kind == "answer") {
        return tr.tr("Answer to the customer");
    }
    if (kind == "decision") {
        return tr.tr("Decision after inspection");
    }
    if (kind == "replacement") {
        return tr.tr("Replacement of the product");
    }
    if (kind == "measure") {
        return tr.tr("Measure");
    }
    if (kind == "callback") {
        return tr.tr("Callback");
    }
    return std::string(kind);
}

}  // namespace redress::web
