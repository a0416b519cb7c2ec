#include "core/complaint.hpp"

#include <gtest/gtest.h>

namespace redress::core {
namespace {

const Timestamp kNow = *ParseRfc3339("2026-11-23T10:00:00Z");

RegistrationRequest Valid() {
    RegistrationRequest r;
    r.channel = Channel::kEmail;
    r.contact.name = "Анна Петрова";
    r.contact.email = "anna@example.ru";
    r.statement = "Картридж за 100 рублей не печатает.";
    return r;
}

Error Rejected(const RegistrationRequest& r, ValidationMode mode = ValidationMode::kLive) {
    auto status = ValidateRegistration(r, mode, kNow);
    EXPECT_FALSE(status.has_value());
    return status.has_value() ? Error{} : status.error();
}

TEST(Validation, AcceptsACompleteRegistration) {
    EXPECT_TRUE(ValidateRegistration(Valid(), ValidationMode::kLive, kNow).has_value());
}

TEST(Validation, RequiresTheStatement) {
    auto r = Valid();
    r.statement = "   ";
    auto e = Rejected(r);
    EXPECT_EQ(e.field, "statement");
    EXPECT_EQ(e.rule, "required");
}

TEST(Validation, RequiresTheContactName) {
    auto r = Valid();
    r.contact.name.clear();
    EXPECT_EQ(Rejected(r).field, "contact.name");
}

TEST(Validation, ChecksEmailShape) {
    auto r = Valid();
    r.contact.email = "anna-at-example.ru";
    auto e = Rejected(r);
    EXPECT_EQ(e.field, "contact.email");
    EXPECT_EQ(e.rule, "email");
}

TEST(Validation, ChannelImpliesTheContactToAnswerBy) {
    auto r = Valid();
    r.channel = Channel::kPhone;
    auto e = Rejected(r);
    EXPECT_EQ(e.field, "contact.phone");
    EXPECT_EQ(e.rule, "required");
    r.contact.phone = "+7 495 123 45 67";
    EXPECT_TRUE(ValidateRegistration(r, ValidationMode::kLive, kNow).has_value());

    r.channel = Channel::kLetter;
    EXPECT_EQ(Rejected(r).field, "contact.address");
}

TEST(Validation, WebNeedsSomeWayBack) {
    auto r = Valid();
    r.channel = Channel::kWeb;
    r.contact.email.clear();
    auto e = Rejected(r);
    EXPECT_EQ(e.field, "contact");
    EXPECT_EQ(e.rule, "reachable");
}

TEST(Validation, LengthIsCountedInCharacters) {
    auto r = Valid();
    r.contact.name = std::string();
    for (int i = 0; i < 200; ++i) {
        r.contact.name += "Ж";  // 200 characters, 400 bytes: allowed
    }
    EXPECT_TRUE(ValidateRegistration(r, ValidationMode::kLive, kNow).has_value());
    r.contact.name += "Ж";
    auto e = Rejected(r);
    EXPECT_EQ(e.field, "contact.name");
    EXPECT_EQ(e.rule, "max_length");
}

TEST(Validation, RejectsInvalidUtf8NamingTheField) {
    auto r = Valid();
    r.product = "bad \xFF byte";
    auto e = Rejected(r);
    EXPECT_EQ(e.field, "product");
    EXPECT_EQ(e.rule, "utf8");
}

TEST(Validation, RejectsControlCharactersInSingleLineFields) {
    auto r = Valid();
    r.organisation = "ООО\n«Альфа»";
    EXPECT_EQ(Rejected(r).rule, "control_characters");
    r = Valid();
    r.statement = "first line\nsecond line";
    EXPECT_TRUE(ValidateRegistration(r, ValidationMode::kLive, kNow).has_value());
}

TEST(Validation, RejectsFutureReceipt) {
    auto r = Valid();
    r.received_at = kNow + std::chrono::hours(2);
    auto e = Rejected(r);
    EXPECT_EQ(e.field, "received_at");
    EXPECT_EQ(e.rule, "future");
    r.received_at = kNow + std::chrono::minutes(2);  // clock skew is tolerated
    EXPECT_TRUE(ValidateRegistration(r, ValidationMode::kLive, kNow).has_value());
}

TEST(Validation, LanguageMustBeSupported) {
    auto r = Valid();
    r.language = "hy";
    EXPECT_TRUE(ValidateRegistration(r, ValidationMode::kLive, kNow).has_value());
    r.language = "fr";
    EXPECT_EQ(Rejected(r).field, "language");
}

TEST(Validation, ImportAllowsMissingContacts) {
    RegistrationRequest r;
    r.channel = Channel::kWeb;
    r.statement = "Incorrect information on your report";
    EXPECT_TRUE(ValidateRegistration(r, ValidationMode::kImport, kNow).has_value());
    EXPECT_EQ(Rejected(r, ValidationMode::kLive).field, "contact.name");
}

TEST(Validation, ReceivedByNeedsAName) {
    auto r = Valid();
    r.received_by = Person{"", "Seller"};
    EXPECT_EQ(Rejected(r).field, "received_by.name");
}

}  // namespace
}  // namespace redress::core
