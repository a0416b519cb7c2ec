#include "core/event.hpp"

#include <boost/mp11.hpp>

#include "core/json.hpp"

namespace redress::core {

std::string_view KindOf(const EventData& data) {
    return std::visit([](const auto& payload) { return std::decay_t<decltype(payload)>::kKind; }, data);
}

std::string PayloadText(const EventData& data) {
    return std::visit([](const auto& payload) { return json::ToText(payload); }, data);
}

Result<EventData> DecodePayload(std::string_view kind, std::string_view payload_text) {
    auto parsed = json::Parse(payload_text);
    if (!parsed) {
        return Fail(Error{ErrorCode::kInternal, "", "payload", "event payload is not JSON"});
    }
    std::optional<Result<EventData>> decoded;
    boost::mp11::mp_for_each<boost::mp11::mp_iota_c<std::variant_size_v<EventData>>>([&](auto index) {
        using Payload = std::variant_alternative_t<decltype(index)::value, EventData>;
        if (decoded || Payload::kKind != kind) {
            return;
        }
        auto payload = json::FromValue<Payload>(*parsed);
        if (payload) {
            decoded.emplace(EventData{std::move(*payload)});
        } else {
            decoded.emplace(Fail(Error{ErrorCode::kInternal, "", "payload",
                                       "event payload does not match its kind " + std::string(kind)}));
        }
    });
    if (!decoded) {
        return Fail(Error{ErrorCode::kInternal, "", "kind", "unknown event kind " + std::string(kind)});
    }
    return std::move(*decoded);
}

}  // namespace redress::core
