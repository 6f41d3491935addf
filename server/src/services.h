// What handlers may use: the modules, handed in by the server. No globals.
#pragma once

#include "graph/store.h"
#include "search/search_index.h"
#include "metrics.h"
#include "server/server.h"

namespace boost::asio {
class thread_pool;
}

namespace resgraph::server {

class LiveHub;

struct Services {
  Store& store;
  search::SearchIndex& search;
  Metrics& metrics;
  const ServerOptions& options;
  LiveHub& live;
  boost::asio::thread_pool& blocking;  // for routes marked `blocking`
};

}  // namespace resgraph::server
