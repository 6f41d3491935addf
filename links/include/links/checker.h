// Checks the graph's links and records what it finds (links/README.md).
#pragma once

#include <atomic>
#include <boost/json/object.hpp>
#include <map>
#include <string>
#include <vector>

#include "graph/store.h"

namespace resgraph::links {

struct CheckOptions {
  size_t concurrency = 8;         // requests in flight at once
  size_t per_host = 1;            // of those, to one host
  long per_host_delay_ms = 1000;  // between two requests to one host
  long timeout_ms = 15000;
  int64_t recheck_after_ms = 0;  // a link checked more recently is left for next time
  std::string wayback_url = "https://archive.org";  // a test's server on 127.0.0.1
  DeadLinkRule rule;
  const std::atomic<bool>* stop = nullptr;  // set: no further link is started
};

struct CheckReport {
  size_t checked = 0, skipped = 0, archived = 0;
  std::map<std::string, size_t> states;  // ok, redirected, failing, dead: how many of each
  std::vector<std::string> dead;         // the dead links, with an archived copy when found
};

// Every distinct http(s) URL of the graph's nodes (their url and links), in a stable order.
Result<std::vector<std::string>> graph_urls(const Store& store);

Result<CheckReport> check_links(Store& store, const CheckOptions& options, const WriteMeta& meta);

boost::json::object to_json(const CheckReport& report);

}  // namespace resgraph::links
