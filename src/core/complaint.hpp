#pragma once

// The complaint card of DOMAIN.md §1–2 and the registration that starts it.

#include <boost/describe.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"

namespace redress::core {

enum class Channel { kLetter, kFax, kEmail, kPhone, kWeb, kInPerson };
BOOST_DESCRIBE_ENUM(Channel, kLetter, kFax, kEmail, kPhone, kWeb, kInPerson)

// Suggestions and praise go into the same register as complaints (DOMAIN §1).
enum class Kind { kComplaint, kSuggestion, kPraise };
BOOST_DESCRIBE_ENUM(Kind, kComplaint, kSuggestion, kPraise)

struct Contact {
    std::string name;  // the contact person's full name
    std::string phone;
    std::string fax;
    std::string email;
    std::string address;  // postal address
};
BOOST_DESCRIBE_STRUCT(Contact, (), (name, phone, fax, email, address))

struct Person {
    std::string name;
    std::string position;
};
BOOST_DESCRIBE_STRUCT(Person, (), (name, position))

// What is known about a complaint when it is registered, whatever the channel.
struct ComplaintDetails {
    Channel channel = Channel::kWeb;
    Kind kind = Kind::kComplaint;
    std::string organisation;  // the company named in the complaint
    Contact contact;
    std::string statement;  // the complaint in the customer's own words
    std::string product;
    std::string project;
    std::string category;
    std::string complaint_type;
    std::string employee_concerned;
    std::string external_ref;  // the customer's own reference, e.g. their letter's number
    std::string language;      // the customer's language: en, ru, bg or hy; empty if unknown
    std::string site;          // the branch or shop that received it
};
BOOST_DESCRIBE_STRUCT(ComplaintDetails,
                      (),
                      (channel,
                       kind,
                       organisation,
                       contact,
                       statement,
                       product,
                       project,
                       category,
                       complaint_type,
                       employee_concerned,
                       external_ref,
                       language,
                       site))

// A registration as the API takes it: the details plus when and by whom it was received,
// both defaulting to "now" and "the registering user".
struct RegistrationRequest : ComplaintDetails {
    std::optional<Timestamp> received_at;
    std::optional<Person> received_by;
};
BOOST_DESCRIBE_STRUCT(RegistrationRequest, (ComplaintDetails), (received_at, received_by))

// The complaint's history from a source system, kept as it was (CFPB: the company's
// response and whether it was timely). Present only on imported complaints.
struct ImportedHistory {
    std::string source;     // "cfpb"
    std::string source_id;  // the source's complaint id
    std::string submitted_via;
    std::string sub_product;
    std::string issue;
    std::string sub_issue;
    std::string date_sent_to_company;
    std::string company_response;
    std::string company_public_response;
    std::string timely;
    std::string consumer_disputed;
    std::string consumer_consent;
    std::string tags;
    std::string state;
    std::string zip;
    bool closed = false;  // the source considers the complaint closed
};
BOOST_DESCRIBE_STRUCT(ImportedHistory,
                      (),
                      (source,
                       source_id,
                       submitted_via,
                       sub_product,
                       issue,
                       sub_issue,
                       date_sent_to_company,
                       company_response,
                       company_public_response,
                       timely,
                       consumer_disputed,
                       consumer_consent,
                       tags,
                       state,
                       zip,
                       closed))

enum class ValidationMode {
    kLive,     // a new complaint: the customer must be reachable for the answer
    kImport,   // history from another system: contacts may be missing or redacted
};

// Checks a registration against the rules of DOMAIN §1: required fields, lengths in
// characters, e-mail and phone shapes, UTF-8, the contact the channel implies, and
// received_at not in the future. Returns the first broken rule with its field.
Status ValidateRegistration(const RegistrationRequest& request, ValidationMode mode, Timestamp now);

// Field length limits, in characters (code points).
inline constexpr std::size_t kMaxStatement = 50000;
inline constexpr std::size_t kMaxShortText = 200;
inline constexpr std::size_t kMaxOrganisation = 300;
inline constexpr std::size_t kMaxAddress = 500;
inline constexpr std::size_t kMaxComment = 5000;

// Checks one text field: valid UTF-8, no control characters (line breaks allowed when
// multiline), at most max_chars characters, and non-empty when required.
Status CheckText(std::string_view field,
                 std::string_view value,
                 std::size_t max_chars,
                 bool required,
                 bool multiline = false);

inline constexpr std::string_view kLanguages[] = {"en", "ru", "bg", "hy"};

bool IsSupportedLanguage(std::string_view code);

}  // namespace redress::core
