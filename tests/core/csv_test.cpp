#include "core/csv.hpp"

#include <gtest/gtest.h>

namespace redress::core {
namespace {

std::vector<CsvRecord> ReadAll(std::string_view data) {
    CsvReader reader(data);
    std::vector<CsvRecord> out;
    CsvRecord r;
    while (reader.Next(r)) {
        out.push_back(r);
    }
    return out;
}

TEST(Csv, ReadsQuotedFieldsWithCommasQuotesAndNewlines) {
    auto records = ReadAll("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nlast,,\r\n");
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[1].fields, (std::vector<std::string>{"x, y", "say \"hi\"", "two\nlines"}));
    EXPECT_EQ(records[2].fields, (std::vector<std::string>{"last", "", ""}));
}

TEST(Csv, ReportsTheStartingLineOfEachRecord) {
    auto records = ReadAll("h\n\"multi\nline\"\nnext\n");
    ASSERT_EQ(records.size(), 3u);
    EXPECT_EQ(records[0].line, 1u);
    EXPECT_EQ(records[1].line, 2u);
    EXPECT_EQ(records[2].line, 4u);
}

TEST(Csv, FlagsMalformedRecordsAndCarriesOn) {
    auto records = ReadAll("a,b\nbad\"quote,x\ngood,row\n");
    ASSERT_EQ(records.size(), 3u);
    EXPECT_FALSE(records[1].error.empty());
    EXPECT_TRUE(records[2].error.empty());
    EXPECT_EQ(records[2].fields[0], "good");
}

TEST(Csv, SkipsByteOrderMark) {
    auto records = ReadAll("\xEF\xBB\xBFname\nvalue\n");
    EXPECT_EQ(records[0].fields[0], "name");
}

TEST(Csv, WritesWhatItReads) {
    std::vector<std::string> fields{"plain", "with, comma", "with \"quote\"", "two\r\nlines", "Жалоба"};
    std::string out;
    AppendCsvRecord(out, fields);
    auto records = ReadAll(out);
    ASSERT_EQ(records.size(), 1u);
    EXPECT_EQ(records[0].fields, fields);
}

}  // namespace
}  // namespace redress::core
