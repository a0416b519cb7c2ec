#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/card.hpp"
#include "core/result.hpp"
#include "store/store.hpp"

namespace redress::app {

// The register as CSV: a header naming the card's fields, then one row per complaint in
// register order. `write` receives the text in pieces.
core::Status ExportRegister(store::ReadTx& tx, const std::function<void(std::string_view)>& write);

// The export's column names, in order.
const std::vector<std::string>& ExportColumns();

// One complaint's export row, matching ExportColumns().
std::vector<std::string> ExportRow(const core::Card& card);

}  // namespace redress::app
