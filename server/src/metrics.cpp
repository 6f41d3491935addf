#include "metrics.h"

#include <sstream>

namespace resgraph::server {

void Metrics::observe(std::string_view route, unsigned status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{std::string(route), status}];
  auto& h = latency_[std::string(route)];
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.counts[i];
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::render(const StoreStats& store, bool writes_ok) const {
  std::ostringstream out;
  std::lock_guard lock(mu_);
  out << "# HELP resgraph_http_requests_total HTTP requests by route and status.\n"
      << "# TYPE resgraph_http_requests_total counter\n";
  for (const auto& [key, n] : requests_)
    out << "resgraph_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second
        << "\"} " << n << "\n";
  out << "# HELP resgraph_http_request_duration_seconds Time to answer a request.\n"
      << "# TYPE resgraph_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    for (size_t i = 0; i < kBuckets.size(); ++i)
      out << "resgraph_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\""
          << kBuckets[i] << "\"} " << h.counts[i] << "\n";
    out << "resgraph_http_request_duration_seconds_bucket{route=\"" << route
        << "\",le=\"+Inf\"} " << h.count << "\n"
        << "resgraph_http_request_duration_seconds_sum{route=\"" << route << "\"} " << h.sum << "\n"
        << "resgraph_http_request_duration_seconds_count{route=\"" << route << "\"} " << h.count
        << "\n";
  }
  out << "# HELP resgraph_store_bytes Bytes the store holds on disk and in memtables.\n"
      << "# TYPE resgraph_store_bytes gauge\nresgraph_store_bytes " << store.disk_bytes << "\n"
      << "# HELP resgraph_store_keys Estimated number of keys in the store.\n"
      << "# TYPE resgraph_store_keys gauge\nresgraph_store_keys " << store.estimated_keys << "\n"
      << "# HELP resgraph_change_log_last_seq Sequence number of the newest change.\n"
      << "# TYPE resgraph_change_log_last_seq gauge\nresgraph_change_log_last_seq "
      << store.last_seq << "\n"
      << "# HELP resgraph_writes_ok 1 while the store accepts writes, 0 while degraded.\n"
      << "# TYPE resgraph_writes_ok gauge\nresgraph_writes_ok " << (writes_ok ? 1 : 0) << "\n";
  return out.str();
}

}  // namespace resgraph::server
