// The one place a Status becomes an HTTP status and an RFC 9457 problem+json body.
#pragma once

#include <boost/json/value.hpp>

#include "graph/status.h"
#include "server/http.h"

namespace resgraph::server {

struct Services;

unsigned http_status(Code code);
Response json_response(unsigned status, const boost::json::value& body);
// Conflicts that name a node ("current:ID", "existing:ID") carry that node in the body.
Response problem(const Status& status, const Services* services = nullptr);
Response problem(unsigned http_status, const std::string& detail);

}  // namespace resgraph::server
