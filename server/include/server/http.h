// The server's own request and response types. Beast stays inside the session code; handlers
// and the router see only these, which keeps them small and fast to compile.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/accounts.h"

namespace resgraph::server {

struct Request {
  std::string method;                                        // "GET", "POST", ...
  std::string path;                                          // decoded, without the query
  std::vector<std::pair<std::string, std::string>> query;    // decoded
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string remote;               // peer address
  std::vector<std::string> params;  // captured {segments} of the matched route
  User user;                        // set by the router after authentication

  std::optional<std::string> query_param(std::string_view name) const;
  std::optional<std::string> header(std::string_view name) const;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace resgraph::server
