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

// A link's health: HEAD, and GET when a server refuses HEAD (405, 501, or 403 from some CDNs),
// redirects followed and counted, the body never kept. Any http(s) URL: only its status is read.
struct ProbeRequest {
  std::string url;
  long timeout_ms = 15000;
  long connect_timeout_ms = 5000;
  long max_redirects = 8;
  std::string user_agent = "resgraph link checker (+https://github.com/resgraph)";
};

struct ProbeResult {
  // "ok", "redirected" (2xx after redirects), "client_error", "server_error", "timeout",
  // "tls_error", "connection_error" (refused, reset, no such host), "invalid" (not a URL).
  std::string outcome;
  long status = 0;  // the last HTTP status, 0 without an answer
  long redirects = 0;
  std::string final_url;
  std::string detail;  // libcurl's words for a failure
};

ProbeResult probe(const ProbeRequest& request);

}  // namespace resgraph::fetch
