#include "http/metrics.hpp"

#include <cstdio>

namespace redress::http {

namespace {

template <class T>
void AppendMetric(std::string& out, std::string_view name, std::string_view help, std::string_view type, T value) {
    out.append("# HELP ").append(name).append(" ").append(help).append("\n");
    out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
    out.append(name).append(" ").append(std::to_string(value)).append("\n");
}

}  // namespace

void Metrics::ObserveRequest(std::string_view route, std::string_view method, int status, double seconds) {
    std::lock_guard lock(mutex_);
    auto key = std::make_pair(std::string(route), std::string(method));
    Series& s = series_[key];
    ++s.by_status[status];
    std::size_t bucket = 0;
    while (bucket < kBuckets.size() && seconds > kBuckets[bucket]) {
        ++bucket;
    }
    ++s.buckets[bucket];
    s.sum += seconds;
    ++s.count;
}

std::string Metrics::Render(const store::WriterStats& writer, std::size_t writer_queue_depth,
                            const store::Store::CardCacheStats& cards) const {
    std::string out;
    char buf[256];
    out += "# HELP redress_http_requests_total HTTP requests answered, by route, method and status.\n";
    out += "# TYPE redress_http_requests_total counter\n";
    std::lock_guard lock(mutex_);
    for (const auto& [key, s] : series_) {
        for (const auto& [status, count] : s.by_status) {
            std::snprintf(buf, sizeof buf, "redress_http_requests_total{route=\"%s\",method=\"%s\",status=\"%d\"} %llu\n",
                          key.first.c_str(), key.second.c_str(), status, static_cast<unsigned long long>(count));
            out += buf;
        }
    }
    out += "# HELP redress_http_request_duration_seconds Time from a request's arrival to its answer.\n";
    out += "# TYPE redress_http_request_duration_seconds histogram\n";
    for (const auto& [key, s] : series_) {
        std::uint64_t cumulative = 0;
        for (std::size_t bucket = 0; bucket <= kBuckets.size(); ++bucket) {
            cumulative += s.buckets[bucket];
            if (bucket < kBuckets.size()) {
                std::snprintf(buf, sizeof buf,
                              "redress_http_request_duration_seconds_bucket{route=\"%s\",method=\"%s\",le=\"%g\"} %llu\n",
                              key.first.c_str(), key.second.c_str(), kBuckets[bucket],
                              static_cast<unsigned long long>(cumulative));
            } else {
                std::snprintf(buf, sizeof buf,
                              "redress_http_request_duration_seconds_bucket{route=\"%s\",method=\"%s\",le=\"+Inf\"} %llu\n",
                              key.first.c_str(), key.second.c_str(), static_cast<unsigned long long>(cumulative));
            }
            out += buf;
        }
        std::snprintf(buf, sizeof buf, "redress_http_request_duration_seconds_sum{route=\"%s\",method=\"%s\"} %.6f\n",
                      key.first.c_str(), key.second.c_str(), s.sum);
        out += buf;
        std::snprintf(buf, sizeof buf, "redress_http_request_duration_seconds_count{route=\"%s\",method=\"%s\"} %llu\n",
                      key.first.c_str(), key.second.c_str(), static_cast<unsigned long long>(s.count));
        out += buf;
    }
    AppendMetric(out, "redress_http_connections", "Open client connections.", "gauge", connections_.load());
    AppendMetric(out, "redress_writer_commands_total", "Commands run by the writer.", "counter", writer.commands);
    AppendMetric(out, "redress_writer_batches_total",
                 "Transactions committed by the writer.", "counter", writer.batches);
    AppendMetric(out, "redress_writer_syncs_total",
                 "Syncs of the log to disk, each making one or more batches durable.", "counter", writer.syncs);
    AppendMetric(out, "redress_writer_failed_commits_total", "Batches whose commit failed.", "counter",
                 writer.failed_commits);
    AppendMetric(out, "redress_writer_queue_depth", "Commands waiting for the writer.", "gauge",
                 writer_queue_depth);
    AppendMetric(out, "redress_card_cache_hits_total", "Card reads served from memory.", "counter", cards.hits);
    AppendMetric(out, "redress_card_cache_misses_total", "Card reads that went to the database.", "counter",
                 cards.misses);
    AppendMetric(out, "redress_card_cache_bytes", "Memory held by cached cards.", "gauge", cards.bytes);
    return out;
}

}  // namespace redress::http
