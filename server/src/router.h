// Every route of the API in one table (router.cpp), with the role each one needs.
#pragma once

#include <string>
#include <vector>

#include "server/http.h"

namespace resgraph::server {

struct Services;
using Handler = Response (*)(const Request&, Services&);

enum class Access { anyone, contributor, moderator, admin };

struct Route {
  const char* method;
  const char* pattern;  // "/api/nodes/{id}/history/{rev}"
  Access access;
  Handler handler;
  const char* summary;
};

const std::vector<Route>& routes();

// Finds the route, authenticates, checks the role and calls the handler. `route_name` is set
// to the matched pattern (for metrics) or to "unmatched".
Response dispatch(Request& request, Services& services, std::string& route_name);

}  // namespace resgraph::server
