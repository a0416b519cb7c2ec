#include "core/card.hpp"

#include <algorithm>

namespace redress::core {

namespace {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

// By id in a card's list, const or not.
template <class Items>
auto FindById(Items& items, std::string_view id) -> decltype(&items.front()) {
    auto it = std::find_if(items.begin(), items.end(), [&](const auto& item) { return item.id == id; });
    return it == items.end() ? nullptr : &*it;
}

Stage MeasuresStage(const Card& card) {
    bool any = false;
    bool all_approved = true;
    bool any_done = false;
    for (const Measure& m : card.measures) {
        if (m.round != card.round) {
            continue;
        }
        any = true;
        all_approved = all_approved && m.approved.has_value();
        any_done = any_done || m.done.has_value();
    }
    if (!any) {
        return card.validity->justified ? Stage::kJustified : Stage::kUnjustified;
    }
    if (!all_approved) {
        return Stage::kMeasuresPlanned;
    }
    return any_done ? Stage::kInExecution : Stage::kMeasuresApproved;
}

}  // namespace

const Measure* FindMeasure(const Card& card, std::string_view id) {
    return FindById(card.measures, id);
}

const Compensation* FindCompensation(const Card& card, std::string_view id) {
    return FindById(card.compensations, id);
}

const Callback* FindCallback(const Card& card, std::string_view id) {
    return FindById(card.callbacks, id);
}

bool IsTerminal(const Card& card) {
    return card.closed || card.withdrawn || !card.merged_into.empty() ||
           (card.imported && card.imported->closed && !card.reopened);
}

// The stage follows from the facts on the card, latest step first.
Stage DeriveStage(const Card& card) {
    if (card.withdrawn) {
        return Stage::kWithdrawn;
    }
    if (!card.merged_into.empty()) {
        return Stage::kMerged;
    }
    if (card.closed || (card.imported && card.imported->closed && !card.reopened)) {
        return Stage::kClosed;
    }
    if (card.satisfaction) {
        return Stage::kSatisfactionRecorded;
    }
    if (card.answer) {
        return Stage::kAnswered;
    }
    if (card.validity) {
        return MeasuresStage(card);
    }
    if (card.investigation_started) {
        return Stage::kInvestigating;
    }
    if (card.reopened) {
        return Stage::kReopened;
    }
    if (!card.responsible.empty()) {
        return Stage::kAssigned;
    }
    if (card.acknowledgement) {
        return Stage::kAcknowledged;
    }
    return Stage::kRegistered;
}

void Apply(Card& card, const Event& event) {
    auto stamp = [&](std::string note = {}) { return Stamp{event.actor, event.at, std::move(note)}; };
    std::visit(Overloaded{
                   [&](const Registered& e) {
                       static_cast<ComplaintDetails&>(card) = e;
                       card.number = e.number;
                       card.oral = e.channel == Channel::kPhone;
                       card.received_at = e.received_at;
                       card.received_by = e.received_by;
                       card.registered_at = event.at;
                       card.registered_by = event.actor;
                       card.source = e.source;
                       card.imported = e.imported;
                       card.round_started_at = e.received_at;
                   },
                   [&](const Acknowledged& e) {
                       card.acknowledgement = Acknowledgement{event.at, event.actor, e.method};
                   },
                   [&](const WrittenConfirmationReceived& e) {
                       card.oral = false;
                       card.written_confirmation = WrittenConfirmation{
                           e.received_at, e.channel, e.reference, e.note, event.at, event.actor};
                   },
                   [&](const CommentAdded&) { ++card.comment_count; },
                   [&](const Assigned& e) {
                       card.responsible = e.responsible;
                       card.assigned = stamp(e.note);
                   },
                   [&](const InvestigationStarted& e) {
                       card.inspection_needed = e.inspection_needed;
                       card.investigation_started = stamp(e.note);
                   },
                   [&](const EmployeeViewRecorded& e) {
                       card.employee_view = EmployeeView{e.employee, e.view, stamp()};
                   },
                   [&](const OpinionRecorded& e) {
                       card.opinion = Opinion{e.opinion, event.at, event.actor};
                       card.cause = e.cause;
                       card.cause_kind = e.cause_kind;
                       card.supplier = e.supplier;
                   },
                   [&](const ValidityDecided& e) {
                       card.validity = Validity{e.justified, e.reason, e.goodwill_offer, e.no_goodwill_reason, stamp()};
                   },
                   [&](const MeasurePlanned& e) {
                       card.measures.push_back(Measure{e.id, card.round, e.description, e.executor, e.due,
                                                       e.agreed_with_customer, event.actor, {}, {}});
                   },
                   [&](const MeasuresApproved& e) {
                       for (const std::string& id : e.ids) {
                           if (Measure* m = FindById(card.measures, id)) {
                               m->approved = stamp(e.note);
                           }
                       }
                   },
                   [&](const MeasureDone& e) {
                       if (Measure* m = FindById(card.measures, e.id)) {
                           m->done = stamp(e.report);
                       }
                   },
                   [&](const CompensationProposed& e) {
                       Compensation c{e.id, card.round, e.option, e.description, e.value, e.cost, e.status,
                                      e.authority_note, stamp(), {}};
                       if (e.status == CompensationStatus::kGranted) {
                           c.decided = stamp();
                       }
                       card.compensations.push_back(std::move(c));
                   },
                   [&](const CompensationDecided& e) {
                       if (Compensation* c = FindById(card.compensations, e.id)) {
                           c->status = e.approved ? CompensationStatus::kGranted : CompensationStatus::kRejected;
                           c->decided = stamp(e.note);
                       }
                   },
                   [&](const AnswerSent& e) { card.answer = Answer{e.text, e.method, event.at, event.actor}; },
                   [&](const SatisfactionRecorded& e) {
                       card.satisfaction =
                           Satisfaction{e.scores, e.index_x100, e.declined, e.would_recommend, e.comment, stamp()};
                   },
                   [&](const Closed& e) { card.closed = stamp(e.note); },
                   [&](const SignedOff& e) {
                       (e.as == "quality" ? card.quality_sign_off : card.responsible_sign_off) = stamp(e.note);
                   },
                   [&](const Withdrawn& e) { card.withdrawn = stamp(e.reason); },
                   [&](const MergedInto& e) { card.merged_into = e.number; },
                   [&](const Reopened& e) {
                       ++card.round;
                       card.round_started_at = event.at;
                       card.reopened = stamp(e.reason);
                       card.inspection_needed.reset();
                       card.investigation_started.reset();
                       card.employee_view.reset();
                       card.opinion.reset();
                       card.validity.reset();
                       card.answer.reset();
                       card.satisfaction.reset();
                       card.closed.reset();
                       card.responsible_sign_off.reset();
                       card.quality_sign_off.reset();
                   },
                   [&](const CallbackBooked& e) {
                       card.callbacks.push_back(Callback{e.id, e.due, e.note, event.actor, {}});
                   },
                   [&](const CallbackMade& e) {
                       if (Callback* c = FindById(card.callbacks, e.id)) {
                           c->made = stamp(e.note);
                       }
                   },
                   [&](const TimeLogged& e) { card.minutes_spent += e.minutes; },
                   [&](const DeadlineApproaching& e) {
                       card.alerts.push_back(DeadlineAlert{e.deadline, e.due, "approaching", event.at});
                   },
                   [&](const DeadlineMissed& e) {
                       card.alerts.push_back(DeadlineAlert{e.deadline, e.due, "missed", event.at});
                   },
               },
               event.data);
    card.version = event.n;
    card.updated_at = event.at;
    card.status = DeriveStage(card);
}

}  // namespace redress::core
