#include "metrics.h"

#include <sstream>

namespace resgraph::server {

Metrics::Metrics(std::vector<std::string> slot_labels)
    : labels_(std::move(slot_labels)), slots_(std::make_unique<Slot[]>(labels_.size())) {}

void Metrics::observe(size_t slot, unsigned status, double seconds) {
  if (slot >= labels_.size()) return;
  auto& s = slots_[slot];
  if (status >= kFirstStatus && status < kFirstStatus + kStatuses)
    s.by_status[status - kFirstStatus].fetch_add(1, std::memory_order_relaxed);
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  s.buckets[b].fetch_add(1, std::memory_order_relaxed);
  s.sum_ns.fetch_add(static_cast<uint64_t>(seconds * 1e9), std::memory_order_relaxed);
}

std::string Metrics::render(const StoreStats& store, bool writes_ok, const LiveStats& live,
                            const IndexStats& faults) const {
  std::ostringstream out;
  out << "# HELP resgraph_http_requests_total HTTP requests by route and status.\n"
      << "# TYPE resgraph_http_requests_total counter\n";
  for (size_t i = 0; i < labels_.size(); ++i)
    for (unsigned st = 0; st < kStatuses; ++st)
      if (auto n = slots_[i].by_status[st].load(std::memory_order_relaxed))
        out << "resgraph_http_requests_total{" << labels_[i] << ",status=\"" << st + kFirstStatus
            << "\"} " << n << "\n";
  out << "# HELP resgraph_http_request_duration_seconds Time to answer a request.\n"
      << "# TYPE resgraph_http_request_duration_seconds histogram\n";
  for (size_t i = 0; i < labels_.size(); ++i) {
    const auto& s = slots_[i];
    // One snapshot of the buckets: the cumulative counts and the total agree with each other.
    std::array<uint64_t, kBuckets.size() + 1> n;
    uint64_t count = 0;
    for (size_t b = 0; b < n.size(); ++b)
      count += n[b] = s.buckets[b].load(std::memory_order_relaxed);
    if (count == 0) continue;
    const std::string& l = labels_[i];
    uint64_t cumulative = 0;
    for (size_t b = 0; b < kBuckets.size(); ++b) {
      cumulative += n[b];
      out << "resgraph_http_request_duration_seconds_bucket{" << l << ",le=\"" << kBuckets[b]
          << "\"} " << cumulative << "\n";
    }
    cumulative += n[kBuckets.size()];
    out << "resgraph_http_request_duration_seconds_bucket{" << l << ",le=\"+Inf\"} " << cumulative
        << "\n"
        << "resgraph_http_request_duration_seconds_sum{" << l << "} "
        << static_cast<double>(s.sum_ns.load(std::memory_order_relaxed)) / 1e9 << "\n"
        << "resgraph_http_request_duration_seconds_count{" << l << "} " << cumulative << "\n";
  }
  out << "# HELP resgraph_store_bytes Bytes the store holds on disk and in memtables.\n"
      << "# TYPE resgraph_store_bytes gauge\nresgraph_store_bytes " << store.disk_bytes << "\n"
      << "# HELP resgraph_store_keys Estimated number of keys in the store.\n"
      << "# TYPE resgraph_store_keys gauge\nresgraph_store_keys " << store.estimated_keys << "\n"
      << "# HELP resgraph_change_log_last_seq Sequence number of the newest change.\n"
      << "# TYPE resgraph_change_log_last_seq gauge\nresgraph_change_log_last_seq "
      << store.last_seq << "\n"
      << "# HELP resgraph_store_syncs_total Fsyncs of the store's log (one per write, one per "
         "import).\n"
      << "# TYPE resgraph_store_syncs_total counter\nresgraph_store_syncs_total " << store.syncs
      << "\n"
      << "# HELP resgraph_writes_ok 1 while the store accepts writes, 0 while degraded.\n"
      << "# TYPE resgraph_writes_ok gauge\nresgraph_writes_ok " << (writes_ok ? 1 : 0) << "\n"
      << "# HELP resgraph_live_clients Open live-stream connections.\n"
      << "# TYPE resgraph_live_clients gauge\nresgraph_live_clients " << live.clients << "\n"
      << "# HELP resgraph_live_queued_bytes Messages waiting to be written to live clients.\n"
      << "# TYPE resgraph_live_queued_bytes gauge\nresgraph_live_queued_bytes " << live.queued_bytes
      << "\n"
      << "# HELP resgraph_live_slow_closed_total Live clients closed for not reading.\n"
      << "# TYPE resgraph_live_slow_closed_total counter\nresgraph_live_slow_closed_total "
      << live.slow_closed << "\n"
      << "# HELP resgraph_faults_total Failures caught, logged and survived, by where they "
         "happened.\n"
      << "# TYPE resgraph_faults_total counter\n"
      << "resgraph_faults_total{where=\"handler\"} " << faults_.load(std::memory_order_relaxed)
      << "\n"
      << "resgraph_faults_total{where=\"live\"} " << live.faults << "\n"
      << "resgraph_faults_total{where=\"indexer\"} " << faults.index_failures << "\n"
      << "# HELP resgraph_search_skipped_nodes_total Nodes the search index left out (see the "
         "log).\n"
      << "# TYPE resgraph_search_skipped_nodes_total counter\nresgraph_search_skipped_nodes_total "
      << faults.index_skipped << "\n"
      << "# HELP resgraph_search_indexed_seq The newest change the search index holds; behind "
         "resgraph_change_log_last_seq while it catches up.\n"
      << "# TYPE resgraph_search_indexed_seq gauge\nresgraph_search_indexed_seq "
      << faults.indexed_seq << "\n";
  return out.str();
}

}  // namespace resgraph::server
