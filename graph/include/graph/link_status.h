// The health of a URL the graph links to: each check's outcome, newest last, and the state they
// add up to. A link is dead only after repeated failures over days (one bad night of a server is
// not a dead paper); a dead link may carry an archived copy to offer instead. Recorded through
// the change log like every other write.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "graph/node.h"
#include "graph/status.h"

namespace resgraph {

struct LinkCheck {
  int64_t at_ms = 0;
  // ok, redirected, client_error, server_error, timeout, tls_error, connection_error, invalid
  std::string outcome;
  long status = 0;  // the last HTTP status
  long redirects = 0;
  std::string final_url;
  std::string detail;
};

struct LinkStatus {
  std::string url;
  std::string state;              // ok, redirected, failing, dead
  std::vector<LinkCheck> checks;  // newest last; the last kLinkHistory
  std::string archived;           // an archived copy (the Wayback Machine's), for a dead link
  int64_t rev = 0;
  Stamp updated;
};

constexpr size_t kLinkHistory = 20;

// When failures make a link dead: this many in a row, the first this long before the last.
struct DeadLinkRule {
  size_t failures = 3;
  int64_t span_ms = 2LL * 24 * 3600 * 1000;
};

bool is_failure(const std::string& outcome);
std::string link_state(const std::vector<LinkCheck>& checks, const DeadLinkRule& rule);

boost::json::object to_json(const LinkStatus& link);
Result<LinkStatus> link_from_json(const boost::json::value& v);

}  // namespace resgraph
