// The one place a Status becomes an HTTP status and an RFC 9457 problem+json body.
#pragma once

#include <boost/json/value.hpp>
#include <vector>

#include "graph/status.h"
#include "server/http.h"

namespace resgraph::server {

struct Services;

// The one set of problem types: each Code's HTTP status, title and meaning. Problem bodies name
// them as `/docs/problems#CODE`, and GET /docs/problems serves this table (docs/problems.md
// says the same for readers of the repository).
struct ProblemType {
  Code code;
  unsigned status;
  const char* title;
  const char* meaning;
};
const std::vector<ProblemType>& problem_types();

Response json_response(unsigned status, const boost::json::value& body);
// The one place a Status becomes an answer. A conflict's current or existing record is put in
// the body when `services` is given.
Response problem(const Status& status, const Services* services = nullptr);

}  // namespace resgraph::server
