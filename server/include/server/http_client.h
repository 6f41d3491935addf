// A small blocking HTTP/1.1 client for loopback use: the CLI hands work to a running server
// with it, and the tests talk to a real server through it.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "graph/status.h"

namespace resgraph::server {

struct ClientResponse {
  unsigned status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string header(const std::string& name) const;
};

Result<ClientResponse> http_request(
    const std::string& host, uint16_t port, const std::string& method, const std::string& target,
    const std::string& body = "",
    const std::vector<std::pair<std::string, std::string>>& headers = {}, unsigned timeout_s = 10);

}  // namespace resgraph::server
