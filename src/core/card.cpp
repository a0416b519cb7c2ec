#include "core/card.hpp"

namespace redress::core {

namespace {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace

Stage DeriveStage(const Card& card) {
    if (card.imported && card.imported->closed) {
        return Stage::kClosed;
    }
    if (card.acknowledgement) {
        return Stage::kAcknowledged;
    }
    return Stage::kRegistered;
}

void Apply(Card& card, const Event& event) {
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
               },
               event.data);
    card.version = event.n;
    card.updated_at = event.at;
    card.status = DeriveStage(card);
}

}  // namespace redress::core
