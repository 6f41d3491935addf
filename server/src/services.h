// What handlers may use: the modules, handed in by the server. No globals.
#pragma once

#include <atomic>
#include <cstddef>

#include "graph/store.h"
#include "metrics.h"
#include "search/search_index.h"
#include "server/server.h"

namespace boost::asio {
class thread_pool;
}

namespace resgraph::server {

class LiveHub;

// Requests waiting for the blocking pool. Bounded: past the bound a client hears 503 at once,
// rather than every request queueing behind a crowd of searches.
class BlockingQueue {
 public:
  explicit BlockingQueue(size_t max) : max_(max) {}
  bool try_enter() {
    size_t n = waiting_.load();
    while (n < max_)
      if (waiting_.compare_exchange_weak(n, n + 1)) return true;
    return false;
  }
  void leave() { waiting_.fetch_sub(1); }

 private:
  const size_t max_;
  std::atomic<size_t> waiting_{0};
};

class RateLimits;

struct Services {
  Store& store;
  search::SearchIndex& search;
  Metrics& metrics;
  const ServerOptions& options;
  LiveHub& live;
  boost::asio::thread_pool& blocking;  // for routes marked `blocking`
  BlockingQueue& blocking_queue;
  RateLimits& limits;
};

}  // namespace resgraph::server
