// HTTP GET over libcurl, bounded in every way a remote server could stretch it: redirects,
// time, bytes. Only http and https, and plain http only to loopback addresses (a local mirror
// or a test server): anything fetched from elsewhere comes over TLS.
#pragma once

#include <cstddef>
#include <string>

#include "graph/status.h"

namespace resgraph::fetch {

struct GetRequest {
  std::string url;
  std::string if_none_match;    // an ETag from an earlier fetch: 304 when unchanged
  size_t max_bytes = 8u << 20;  // a larger body fails as too_large
  long timeout_ms = 20000;      // the whole exchange, redirects included
  long connect_timeout_ms = 5000;
  long max_redirects = 5;
  // Who asks: services such as Crossref want a name and a contact to reach when a client
  // misbehaves ("resgraph/1 (https://...; mailto:curator@example.org)").
  std::string user_agent = "resgraph (+https://github.com/resgraph)";
  std::string accept;  // an Accept header, when the caller wants one kind of answer
};

struct GetResponse {
  long status = 0;  // 200, 304, or another status the caller decides about
  std::string body;
  std::string etag;       // as the server sent it, quotes included
  std::string final_url;  // after redirects
  std::string content_type;
};

// ok with any HTTP status; an error when no answer came: `invalid` for a URL that is not
// http(s) or plain http beyond loopback, `upstream` for a body past max_bytes, a failed
// connection, a timeout or too many redirects (the message says which).
Result<GetResponse> get(const GetRequest& request);

}  // namespace resgraph::fetch
