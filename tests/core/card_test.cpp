#include "core/card.hpp"

#include <gtest/gtest.h>

#include "core/json.hpp"

namespace redress::core {
namespace {

const Timestamp kT0 = *ParseRfc3339("2026-11-23T10:00:00Z");

Event At(std::int64_t n, EventData data, Timestamp at = kT0, std::string actor = "ivanova") {
    return Event{0, "2026-000007", n, at, std::move(actor), std::move(data)};
}

Registered PhoneComplaint() {
    Registered r;
    r.number = "2026-000007";
    r.channel = Channel::kPhone;
    r.contact = Contact{"Армен Акопян", "+374 10 123456", "", "", ""};
    r.statement = "Կոպիչը ժամանակին չի առաքվել";
    r.received_at = kT0;
    r.received_by = Person{"Ирина Иванова", "Оператор"};
    r.source = "api";
    return r;
}

TEST(Card, RegistrationFillsTheCard) {
    Card card;
    Apply(card, At(1, PhoneComplaint()));
    EXPECT_EQ(card.number, "2026-000007");
    EXPECT_EQ(card.status, Stage::kRegistered);
    EXPECT_TRUE(card.oral);
    EXPECT_EQ(card.version, 1);
    EXPECT_EQ(card.registered_by, "ivanova");
    EXPECT_EQ(card.received_by.position, "Оператор");
}

TEST(Card, AcknowledgementMovesTheStage) {
    Card card;
    Apply(card, At(1, PhoneComplaint()));
    Apply(card, At(2, Acknowledged{"phone"}));
    EXPECT_EQ(card.status, Stage::kAcknowledged);
    ASSERT_TRUE(card.acknowledgement);
    EXPECT_EQ(card.acknowledgement->method, "phone");
}

TEST(Card, WrittenConfirmationEndsTheOralState) {
    Card card;
    Apply(card, At(1, PhoneComplaint()));
    auto later = kT0 + std::chrono::hours(48);
    Apply(card, At(2, WrittenConfirmationReceived{later, Channel::kLetter, "ref-17", ""}, later));
    EXPECT_FALSE(card.oral);
    ASSERT_TRUE(card.written_confirmation);
    EXPECT_EQ(card.written_confirmation->reference, "ref-17");
    EXPECT_EQ(card.updated_at, later);
}

TEST(Card, ImportedClosedHistoryIsClosed) {
    Registered r = PhoneComplaint();
    r.imported = ImportedHistory{};
    r.imported->closed = true;
    Card card;
    Apply(card, At(1, r));
    EXPECT_EQ(card.status, Stage::kClosed);
}

TEST(Card, PayloadsDecodeToWhatWasEncoded) {
    EventData original = WrittenConfirmationReceived{kT0, Channel::kFax, "Ф-12", "note"};
    auto decoded = DecodePayload(KindOf(original), PayloadText(original));
    ASSERT_TRUE(decoded);
    EXPECT_EQ(PayloadText(*decoded), PayloadText(original));
    EXPECT_FALSE(DecodePayload("NoSuchKind", "{}"));
    EXPECT_FALSE(DecodePayload("CommentAdded", "not json"));
}

}  // namespace
}  // namespace redress::core
