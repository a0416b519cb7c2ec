#include "app/export.hpp"

#include <gtest/gtest.h>

#include "app/complaints.hpp"
#include "core/csv.hpp"
#include "support/fixtures.hpp"

namespace redress::app {
namespace {

TEST(Export, OneRowPerComplaintUnderAHeaderOfCardFields) {
    test::TempStore s;
    {
        auto tx = s.store->BeginWrite();
        for (int i = 0; i < 4; ++i) {
            ASSERT_TRUE(RegisterComplaint(*tx, test::SampleRequest(i), test::Clerk(), test::kNow));
        }
        tx->Commit();
    }
    std::string csv;
    ASSERT_TRUE(ExportRegister(*s.store->Read(), [&](std::string_view t) { csv += t; }));
    core::CsvReader reader(csv);
    core::CsvRecord header;
    ASSERT_TRUE(reader.Next(header));
    EXPECT_EQ(header.fields, ExportColumns());
    std::vector<core::CsvRecord> rows;
    core::CsvRecord row;
    while (reader.Next(row)) {
        rows.push_back(row);
    }
    ASSERT_EQ(rows.size(), 4u);
    EXPECT_EQ(rows[0].fields[0], "2026-000001");
    EXPECT_EQ(rows[3].fields[13], test::SampleRequest(3).statement);  // Cyrillic intact
    EXPECT_EQ(rows[3].fields[1], "acknowledged");
}

}  // namespace
}  // namespace redress::app
