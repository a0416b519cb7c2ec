#include "core/complaint.hpp"

#include <chrono>

#include "core/json.hpp"
#include "core/text.hpp"

namespace redress::core {

namespace {

// Clocks of the people registering drift; a few minutes ahead is not "the future".
constexpr auto kClockSkew = std::chrono::minutes{5};

Status CheckContactField(std::string_view field,
                         std::string_view value,
                         std::size_t max_chars,
                         bool (*shape)(std::string_view),
                         std::string_view rule,
                         std::string_view shape_description) {
    REDRESS_TRY(CheckText(field, value, max_chars, false));
    if (!value.empty() && !shape(value)) {
        return Fail(InvalidArgument(std::string(field),
                                    std::string(rule),
                                    std::string(field) + " must be " + std::string(shape_description)));
    }
    return {};
}

// The channel the complaint came by is also the way to answer it, so that contact
// must be there; channels without an own address need at least one way back.
Status CheckReachable(const RegistrationRequest& request) {
    const Contact& c = request.contact;
    auto require = [&](std::string_view field, const std::string& value, std::string_view why) -> Status {
        if (value.empty()) {
            return Fail(InvalidArgument(std::string(field),
                                        "required",
                                        std::string(field) + " is required " + std::string(why)));
        }
        return {};
    };
    switch (request.channel) {
        case Channel::kEmail: return require("contact.email", c.email, "for a complaint received by e-mail");
        case Channel::kPhone: return require("contact.phone", c.phone, "for a complaint received by telephone");
        case Channel::kFax: return require("contact.fax", c.fax, "for a complaint received by fax");
        case Channel::kLetter: return require("contact.address", c.address, "for a complaint received by letter");
        case Channel::kWeb:
        case Channel::kInPerson:
            if (c.email.empty() && c.phone.empty() && c.address.empty() && c.fax.empty()) {
                return Fail(InvalidArgument(
                    "contact",
                    "reachable",
                    "contact needs an e-mail, phone, fax or postal address so the customer can be answered"));
            }
            return {};
    }
    return {};
}

}  // namespace

bool IsSupportedLanguage(std::string_view code) {
    for (auto lang : kLanguages) {
        if (lang == code) {
            return true;
        }
    }
    return false;
}

Status CheckText(std::string_view field,
                 std::string_view value,
                 std::size_t max_chars,
                 bool required,
                 bool multiline) {
    std::string name(field);
    if (!IsValidUtf8(value)) {
        return Fail(InvalidArgument(name, "utf8", name + " is not valid UTF-8"));
    }
    if (required && Trim(value).empty()) {
        return Fail(InvalidArgument(name, "required", name + " is required"));
    }
    if (HasControlCharacters(value, multiline)) {
        return Fail(InvalidArgument(name,
                                    "control_characters",
                                    name + (multiline ? " must not contain control characters"
                                                      : " must be a single line without control characters")));
    }
    if (CodePointCount(value) > max_chars) {
        return Fail(InvalidArgument(
            name, "max_length", name + " must be at most " + std::to_string(max_chars) + " characters"));
    }
    return {};
}

Status ValidateRegistration(const RegistrationRequest& request, ValidationMode mode, Timestamp now) {
    bool live = mode == ValidationMode::kLive;
    REDRESS_TRY(CheckText("statement", request.statement, kMaxStatement, true, true));
    REDRESS_TRY(CheckText("organisation", request.organisation, kMaxOrganisation, false));
    REDRESS_TRY(CheckText("contact.name", request.contact.name, kMaxShortText, live));
    REDRESS_TRY(CheckContactField("contact.email", request.contact.email, 254, IsEmailShape, "email",
                                  "an e-mail address such as name@example.com"));
    REDRESS_TRY(CheckContactField("contact.phone", request.contact.phone, 40, IsPhoneShape, "phone",
                                  "a telephone number of 5 to 20 digits, e.g. +7 495 123-45-67"));
    REDRESS_TRY(CheckContactField("contact.fax", request.contact.fax, 40, IsPhoneShape, "phone",
                                  "a fax number of 5 to 20 digits"));
    REDRESS_TRY(CheckText("contact.address", request.contact.address, kMaxAddress, false, true));
    struct ShortField {
        std::string_view name;
        const std::string& value;
    };
    for (const ShortField& f : {ShortField{"product", request.product},
                                ShortField{"project", request.project},
                                ShortField{"category", request.category},
                                ShortField{"complaint_type", request.complaint_type},
                                ShortField{"employee_concerned", request.employee_concerned},
                                ShortField{"external_ref", request.external_ref},
                                ShortField{"site", request.site}}) {
        REDRESS_TRY(CheckText(f.name, f.value, kMaxShortText, false));
    }
    if (!request.language.empty() && !IsSupportedLanguage(request.language)) {
        return Fail(InvalidArgument("language", "enum", "language must be one of: en, ru, bg, hy"));
    }
    if (request.received_by) {
        REDRESS_TRY(CheckText("received_by.name", request.received_by->name, kMaxShortText, true));
        REDRESS_TRY(CheckText("received_by.position", request.received_by->position, kMaxShortText, live));
    }
    if (request.received_at) {
        if (*request.received_at > now + kClockSkew) {
            return Fail(InvalidArgument("received_at", "future", "received_at must not be in the future"));
        }
        if (YearOf(*request.received_at) < 1990) {
            return Fail(InvalidArgument("received_at", "range", "received_at must be in 1990 or later"));
        }
    }
    if (live) {
        REDRESS_TRY(CheckReachable(request));
    }
    return {};
}

}  // namespace redress::core
