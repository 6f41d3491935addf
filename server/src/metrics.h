// Request counters and latency histograms by route and status, rendered as Prometheus text.
// Every route has a fixed slot of atomic counters, so counting a request takes no lock and
// allocates nothing: it happens on every request of every thread.
#pragma once

#include <array>
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "graph/store.h"

namespace resgraph::server {

// The live stream's gauges, read from the hub when /metrics is rendered.
struct LiveStats {
  size_t clients = 0;
  int64_t queued_bytes = 0;  // messages waiting to be written, summed over clients
  uint64_t slow_closed = 0;  // clients closed for not reading
  uint64_t faults = 0;       // rounds of following the change log that failed and were retried
};

// The search index: how far it has read the change log, and the failures it caught, logged and
// survived (each is a bug or a damaged record to look at).
struct IndexStats {
  uint64_t index_skipped = 0;   // nodes the search index left out
  uint64_t index_failures = 0;  // indexing rounds retried
  uint64_t indexed_seq = 0;     // the newest change it holds
};

class Metrics {
 public:
  static constexpr std::array<double, 10> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                      0.025,  0.05,  0.1,    0.5,   1.0};
  // One slot per label set, e.g. `method="GET",route="/api/nodes/{id}"`.
  explicit Metrics(std::vector<std::string> slot_labels);
  void observe(size_t slot, unsigned status, double seconds);
  // A request whose handler threw: answered 500, logged, and counted here.
  void count_fault() { faults_.fetch_add(1, std::memory_order_relaxed); }
  std::string render(const StoreStats& store, bool writes_ok, const LiveStats& live,
                     const IndexStats& faults) const;

 private:
  static constexpr unsigned kFirstStatus = 100, kStatuses = 500;
  struct Slot {
    std::array<std::atomic<uint64_t>, kStatuses> by_status{};
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1>
        buckets{};  // not cumulative; last is +Inf
    std::atomic<uint64_t> sum_ns{0};
  };
  std::vector<std::string> labels_;
  std::unique_ptr<Slot[]> slots_;
  std::atomic<uint64_t> faults_{0};
};

}  // namespace resgraph::server
