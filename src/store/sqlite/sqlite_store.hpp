#pragma once

#include <memory>

#include "store/store.hpp"

namespace redress::store::sqlite {

std::unique_ptr<Store> OpenSqlite(const StoreConfig& config);

}  // namespace redress::store::sqlite
