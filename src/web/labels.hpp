#pragma once

// The words the UI shows for the procedure's names: stages, channels, kinds, roles,
// causes, compensation states, event and deadline kinds.

#include <span>
#include <string>
#include <string_view>

#include "core/card.hpp"
#include "core/complaint.hpp"
#include "core/event.hpp"
#include "core/roles.hpp"
#include "web/i18n.hpp"

namespace redress::web {

// A table of words by key: each entry translates its own string, so that the
// extraction of UI strings finds it.
struct Phrase {
    std::string_view key;
    std::string (*text)(const Tr&);
};
// The entry's words for `key`, or empty when the table has no such key.
std::string LookUp(const Tr& tr, std::span<const Phrase> table, std::string_view key);

std::string StageLabel(const Tr& tr, core::Stage stage);
std::string ChannelLabel(const Tr& tr, core::Channel channel);
std::string KindLabel(const Tr& tr, core::Kind kind);
std::string RoleLabel(const Tr& tr, core::Role role);
std::string CauseLabel(const Tr& tr, core::CauseKind cause);
std::string CompensationStatusLabel(const Tr& tr, core::CompensationStatus status);
std::string EventLabel(const Tr& tr, std::string_view event_kind);
std::string DeadlineLabel(const Tr& tr, std::string_view deadline_kind);

}  // namespace redress::web
