#pragma once

#include <string_view>
#include <vector>

namespace redress::store {

// A numbered schema change. Migrations are applied in order, each in its own
// transaction, and recorded in schema_migrations.
struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;
};

}  // namespace redress::store
