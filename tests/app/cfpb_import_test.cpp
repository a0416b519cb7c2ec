#include "app/cfpb_import.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <vector>

#include "app/complaints.hpp"
#include "app/record.hpp"
#include "app/verify.hpp"
#include "core/csv.hpp"
#include "core/json.hpp"
#include "support/fixtures.hpp"

namespace redress::app {
namespace {

using test::kNow;
using test::TempStore;

std::map<std::string, std::int64_t> CountsByProduct(store::Store& store) {
    std::map<std::string, std::int64_t> counts;
    store.Read()->ForEachComplaint([&](const store::ComplaintRow& row) { ++counts[row.product]; });
    return counts;
}

TEST(CfpbImport, ImportsTheRealSampleWithTheDocumentedCountsPerProduct) {
    TempStore s;
    std::string data = test::ReadFile(test::CfpbSamplePath());
    std::vector<std::string> rejections;
    ImportOptions options;
    options.rejected = [&](std::size_t line, const std::string& m) {
        rejections.push_back(std::to_string(line) + ": " + m);
    };
    auto counts = ImportCfpb(*s.store, data, "complaints.csv", kNow, options);
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_TRUE(rejections.empty()) << rejections.front();
    EXPECT_EQ(counts->imported, 8453);
    // The table in data/cfpb/README.md, counted with an independent CSV reader.
    std::map<std::string, std::int64_t> expected = {
        {"Credit reporting, credit repair services, or other personal consumer reports", 5511},
        {"Debt collection", 1146},
        {"Credit card or prepaid card", 482},
        {"Checking or savings account", 480},
        {"Mortgage", 408},
        {"Student loan", 132},
        {"Vehicle loan or lease", 110},
        {"Money transfer, virtual currency, or money service", 93},
        {"Payday loan, title loan, or personal loan", 82},
        {"Credit card", 4},
        {"Consumer Loan", 2},
        {"Bank account or service", 2},
        {"Payday loan", 1},
    };
    EXPECT_EQ(CountsByProduct(*s.store), expected);
    auto report = VerifyRecord(*s.store->Read());
    EXPECT_FALSE(report.broken);
    EXPECT_EQ(report.complaints, 8453);
}

TEST(CfpbImport, MapsACardFromItsRow) {
    TempStore s;
    ASSERT_TRUE(ImportCfpb(*s.store, test::ReadFile(test::CfpbSamplePath()), "complaints.csv", kNow));
    // The sample's first row: received 2015-04-06, Complaint ID 1318032, by web, closed with explanation.
    auto number = s.store->Read()->FindByExternalRef("CFPB-1318032");
    ASSERT_TRUE(number);
    EXPECT_EQ(*number, "2015-000001");
    auto card = CardFromStored(*s.store->Read()->FindCard(*number));
    ASSERT_TRUE(card);
    EXPECT_EQ(card->product, "Debt collection");
    EXPECT_EQ(card->category, "Cont'd attempts collect debt not owed");
    EXPECT_EQ(card->organisation, "Financial Credit Service, Inc.");
    EXPECT_EQ(card->channel, core::Channel::kWeb);
    EXPECT_EQ(core::FormatRfc3339(card->received_at), "2015-04-06T00:00:00Z");
    EXPECT_EQ(card->status, core::Stage::kClosed);
    ASSERT_TRUE(card->imported);
    EXPECT_EQ(card->imported->company_response, "Closed with explanation");
    EXPECT_EQ(card->imported->timely, "Yes");
    EXPECT_EQ(card->imported->sub_issue, "Debt is not mine");
    EXPECT_EQ(card->statement.rfind("Recieved from ARA Inc.", 0), 0u);
}

TEST(CfpbImport, RowsWithoutNarrativeGetAStatementFromTheirIssue) {
    TempStore s;
    std::string csv =
        "Date received,Product,Sub-product,Issue,Sub-issue,Consumer complaint narrative,Company,Submitted via,"
        "Company response to consumer,Timely response?,Complaint ID\r\n"
        "2019-05-01,Mortgage,Conventional home mortgage,Trouble during payment process,,,Bank X,Phone,In progress,"
        "Yes,3222222\r\n";
    ASSERT_TRUE(ImportCfpb(*s.store, csv, "x.csv", kNow));
    auto card = CardFromStored(*s.store->Read()->FindCard("2019-000001"));
    ASSERT_TRUE(card);
    EXPECT_EQ(card->statement, "Trouble during payment process (Mortgage, Conventional home mortgage)");
    EXPECT_EQ(card->channel, core::Channel::kPhone);
    EXPECT_TRUE(card->oral);
    EXPECT_EQ(card->status, core::Stage::kRegistered);  // still in progress at the source
}

TEST(CfpbImport, BadRowsAreReportedByLineAndTheRestImported) {
    TempStore s;
    std::string csv =
        "Date received,Product,Issue,Consumer complaint narrative,Complaint ID\n"
        "2019-05-01,Mortgage,Late fee,\"A narrative\nover two lines\",1\n"
        "05/02/2019,Mortgage,Late fee,bad date,2\n"
        "2019-05-03,Mortgage,Late fee,too few fields\n"
        "2019-05-04,Mortgage,Late fee,\"bad \xFF utf8\",4\n"
        "2019-05-05,Mortgage,Late fee,fine,6\n";
    std::vector<std::size_t> lines;
    ImportOptions options;
    options.rejected = [&](std::size_t line, const std::string&) { lines.push_back(line); };
    auto counts = ImportCfpb(*s.store, csv, "bad.csv", kNow, options);
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->imported, 2);
    EXPECT_EQ(counts->rejected, 3);
    EXPECT_EQ(lines, (std::vector<std::size_t>{4, 5, 6}));
    EXPECT_FALSE(VerifyRecord(*s.store->Read()).broken);
    EXPECT_EQ(s.store->Read()->CountComplaints(), 2);
}

TEST(CfpbImport, AnInterruptedImportResumesWithoutDuplicatesOrGaps) {
    TempStore s;
    std::string data = test::ReadFile(test::CfpbSamplePath());
    ImportOptions interrupt;
    interrupt.chunk_rows = 1000;
    std::vector<std::int64_t> rows_after_chunk;
    interrupt.progress = [&](std::size_t, const ImportCounts& counts) {
        rows_after_chunk.push_back(counts.rows);
        if (rows_after_chunk.size() == 3) {
            throw std::runtime_error("power cut");
        }
    };
    EXPECT_THROW((void)ImportCfpb(*s.store, data, "complaints.csv", kNow, interrupt), std::runtime_error);
    // The first chunks are small and double up to chunk_rows: 256, 512, then 1000.
    EXPECT_EQ(rows_after_chunk, (std::vector<std::int64_t>{256, 768, 1768}));
    // Three chunks committed durably before the cut.
    EXPECT_EQ(s.store->Read()->CountComplaints(), 1768);

    auto resumed = ImportCfpb(*s.store, data, "complaints.csv", kNow);
    ASSERT_TRUE(resumed);
    EXPECT_GT(resumed->resumed_from_line, 0);
    EXPECT_EQ(resumed->imported, 8453 - 1768);
    EXPECT_EQ(resumed->duplicates, 0);
    EXPECT_EQ(s.store->Read()->CountComplaints(), 8453);
    EXPECT_FALSE(VerifyRecord(*s.store->Read()).broken);

    auto again = ImportCfpb(*s.store, data, "complaints.csv", kNow);
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->already_done);
}

TEST(CfpbImport, AnotherFileWithTheSameComplaintsSkipsThem) {
    TempStore s;
    std::string csv = "Date received,Product,Issue,Complaint ID\n2019-05-01,Mortgage,Late fee,77\n";
    ASSERT_TRUE(ImportCfpb(*s.store, csv, "a.csv", kNow));
    auto second = ImportCfpb(*s.store, csv + "2019-05-02,Mortgage,Late fee,78\n", "b.csv", kNow);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->duplicates, 1);
    EXPECT_EQ(second->imported, 1);
}

// Each year's register numbers, in order, must be exactly 1, 2, ..., n.
void ExpectGapFreeNumbers(store::Store& store) {
    std::map<std::string, std::vector<int>> places;
    store.Read()->ForEachComplaint([&](const store::ComplaintRow& row) {
        places[row.number.substr(0, 4)].push_back(std::stoi(row.number.substr(5)));
    });
    for (auto& [year, seen] : places) {
        std::sort(seen.begin(), seen.end());
        for (std::size_t i = 0; i < seen.size(); ++i) {
            ASSERT_EQ(seen[i], static_cast<int>(i + 1)) << "register " << year;
        }
    }
}

TEST(CfpbImport, ARowRepeatedInTheFileIsImportedOnceWithoutAGap) {
    TempStore s;
    std::string csv =
        "Date received,Product,Issue,Complaint ID\n"
        "2019-05-01,Mortgage,Late fee,77\n"
        "2019-05-02,Mortgage,Late fee,77\n"
        "2019-05-03,Mortgage,Late fee,78\n";
    auto counts = ImportCfpb(*s.store, csv, "twice.csv", kNow);
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->imported, 2);
    EXPECT_EQ(counts->duplicates, 1);
    ExpectGapFreeNumbers(*s.store);
    EXPECT_EQ(s.store->Read()->FindByExternalRef("CFPB-78"), "2019-000002");
}

// The file is read and each registration worked out ahead of the writer, under the
// register place it predicts. A complaint registered by someone else between two chunks
// makes the predictions wrong; the import must still number gap-free and skip a row that
// was registered meanwhile.
TEST(CfpbImport, ComplaintsRegisteredMeanwhileNeitherBreakTheNumberingNorGetImportedTwice) {
    TempStore s;
    std::string data = test::ReadFile(test::CfpbSamplePath());
    // The Complaint ID of the sample's last row, which the import reaches last: someone
    // else registers it early.
    const std::string late_id = [&] {
        core::CsvReader reader(data);
        core::CsvRecord header, record, last;
        reader.Next(header);
        while (reader.Next(record)) {
            last = record;
        }
        auto column = std::find(header.fields.begin(), header.fields.end(), "Complaint ID") - header.fields.begin();
        return "CFPB-" + last.fields.at(static_cast<std::size_t>(column));
    }();
    ASSERT_FALSE(late_id.empty());
    ImportOptions options;
    options.chunk_rows = 500;
    int chunks = 0;
    options.progress = [&](std::size_t, const ImportCounts&) {
        if (++chunks > 2) {
            return;
        }
        auto tx = s.store->BeginWrite();
        core::RegistrationRequest request = test::SampleRequest(chunks);
        request.received_at = *core::ParseRfc3339("2021-06-01T09:00:00Z");
        if (chunks == 2) {
            request.external_ref = late_id;
        }
        ASSERT_TRUE(RegisterComplaint(*tx, request, test::Clerk(), kNow));
        tx->Commit();
    };
    auto counts = ImportCfpb(*s.store, data, "complaints.csv", kNow, options);
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_EQ(counts->imported, 8453 - 1);
    EXPECT_EQ(counts->duplicates, 1);
    EXPECT_EQ(s.store->Read()->CountComplaints(), 8453 + 1);
    ExpectGapFreeNumbers(*s.store);
    auto report = VerifyRecord(*s.store->Read(), test::Replaying());
    EXPECT_FALSE(report.broken);
}

TEST(CfpbImport, RejectsAFileThatIsNotACfpbExport) {
    TempStore s;
    auto result = ImportCfpb(*s.store, "name,email\nAnna,anna@example.com\n", "people.csv", kNow);
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().field, "header");
}

}  // namespace
}  // namespace redress::app
