// kill -9 in the middle of registrations from several clients: every complaint that got
// a 201 must be there after a restart, every chain intact, and nothing half-written
// (the register has no gaps and every card is the replay of its events).

#include <gtest/gtest.h>

#include <atomic>
#include <boost/json.hpp>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "core/csv.hpp"
#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/temp_dir.hpp"

namespace redress::test {
namespace {

struct Acknowledged {
    std::mutex mutex;
    std::map<std::string, std::string> statement_by_number;  // guarded by mutex
};

// Clients register until the server goes away; each 201 is noted with what was sent.
void Hammer(unsigned short port, int clients, Acknowledged& acked, std::atomic<int>& sent, const std::string& tag) {
    std::vector<std::thread> threads;
    for (int c = 0; c < clients; ++c) {
        threads.emplace_back([&, c] {
            try {
                HttpClient client(port);
                for (int i = 0;; ++i) {
                    std::string statement = "Жалоба " + tag + "-" + std::to_string(c) + "-" + std::to_string(i) +
                                            ": Տպիչը չի աշխատում";
                    boost::json::object body{{"channel", "web"},
                                             {"contact", {{"name", "Crash " + std::to_string(c)}, {"email", "c@example.com"}}},
                                             {"statement", statement}};
                    ++sent;
                    auto r = client.PostJson("/api/v1/complaints", boost::json::serialize(body));
                    if (r.status != 201) {
                        continue;
                    }
                    std::string number(r.Json().at("number").as_string());
                    std::lock_guard lock(acked.mutex);
                    acked.statement_by_number[number] = statement;
                }
            } catch (const std::exception&) {
                // The server is gone: this client stops.
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
}

std::vector<std::string> RegisterNumbers(const std::string& db) {
    auto result = RunRedress({"export", "--db", db});
    EXPECT_EQ(result.status, 0) << result.err;
    core::CsvReader reader(result.out);
    core::CsvRecord record;
    std::vector<std::string> numbers;
    reader.Next(record);  // header
    while (reader.Next(record)) {
        numbers.push_back(record.fields[0]);
    }
    return numbers;
}

TEST(Crash, Kill9LosesNothingThatWasAcknowledged) {
    TempDir dir;
    std::string db = dir.File("crash.db");
    Acknowledged acked;
    std::atomic<int> sent{0};
    std::mt19937 rng(std::random_device{}());
    for (int round = 0; round < 3; ++round) {
        ServerProcess server(db);
        std::thread killer([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(300 + rng() % 700));
            server.Kill();
        });
        Hammer(server.port(), 8, acked, sent, "r" + std::to_string(round));
        killer.join();
    }
    ASSERT_GT(acked.statement_by_number.size(), 100u) << "too few registrations to mean anything";

    auto verify = RunRedress({"verify", "--db", db, "--replay"});
    EXPECT_EQ(verify.status, 0) << verify.out << verify.err;

    // Numbers run 1..N in each year: the register has no gap and no half-written entry.
    auto numbers = RegisterNumbers(db);
    for (std::size_t i = 0; i < numbers.size(); ++i) {
        EXPECT_EQ(std::stoul(numbers[i].substr(5)), i + 1) << numbers[i];
    }
    EXPECT_GE(numbers.size(), acked.statement_by_number.size());
    EXPECT_LE(numbers.size(), static_cast<std::size_t>(sent.load()));

    ServerProcess server(db);
    HttpClient client(server.port());
    for (const auto& [number, statement] : acked.statement_by_number) {
        auto r = client.Get("/api/v1/complaints/" + number);
        ASSERT_EQ(r.status, 200) << number << " was acknowledged with 201 but is missing";
        EXPECT_EQ(r.Json().at("statement").as_string(), statement);
    }
}

TEST(Crash, SigtermFinishesInFlightRequestsAndExitsCleanly) {
    TempDir dir;
    std::string db = dir.File("term.db");
    Acknowledged acked;
    std::atomic<int> sent{0};
    int exit_status = -1;
    {
        ServerProcess server(db);
        std::thread stopper([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(500));
            exit_status = server.Stop();
        });
        Hammer(server.port(), 8, acked, sent, "term");
        stopper.join();
    }
    EXPECT_EQ(exit_status, 0);
    ASSERT_FALSE(acked.statement_by_number.empty());
    EXPECT_EQ(RunRedress({"verify", "--db", db, "--replay"}).status, 0);
    // A graceful stop answers everything it committed: the register holds exactly the 201s.
    EXPECT_EQ(RegisterNumbers(db).size(), acked.statement_by_number.size());
}

}  // namespace
}  // namespace redress::test
