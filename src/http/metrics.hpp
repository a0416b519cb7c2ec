#pragma once

// Prometheus text-format metrics for /metrics: requests by route, method and status,
// their latency histogram, open connections, and the writer's batches.

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

#include "store/writer.hpp"

namespace redress::http {

class Metrics {
public:
    void ObserveRequest(std::string_view route, std::string_view method, int status, double seconds);

    void ConnectionOpened() { connections_.fetch_add(1, std::memory_order_relaxed); }

    void ConnectionClosed() { connections_.fetch_sub(1, std::memory_order_relaxed); }

    std::string Render(const store::WriterStats& writer, std::size_t writer_queue_depth,
                       const store::Store::CardCacheStats& cards) const;

private:
    static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                         0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

    struct Series {
        std::map<int, std::uint64_t> by_status;
        std::array<std::uint64_t, kBuckets.size() + 1> buckets{};  // the last is +Inf
        double sum = 0;
        std::uint64_t count = 0;
    };

    mutable std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, Series, std::less<>> series_;  // guarded by mutex_
    std::atomic<std::int64_t> connections_{0};
};

}  // namespace redress::http
