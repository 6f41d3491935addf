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
  // Takes long enough (imports, exports, backups, the whole graph) to stall every connection
  // sharing its event loop, so it runs on the blocking pool instead.
  bool blocking = false;
};

const std::vector<Route>& routes();

// Metrics slots: routes()[i] counts in slot i; requests no route takes count in these.
enum class OtherSlot { static_files, unmatched, rejected, live };
size_t other_slot(OtherSlot s);
std::vector<std::string> metrics_slot_labels();

struct RouteMatch {
  const Route* route = nullptr;  // null: a static file, 404 or 405
  size_t slot = 0;               // for Metrics::observe
  std::string allowed;           // methods the path takes, for a 405
};

// Finds the route for the method and path, capturing its {segments} into request.params.
RouteMatch find_route(Request& request);

// Authenticates, checks the role and calls the handler; answers 404, 405 or a static file when
// no route matched.
Response dispatch(const RouteMatch& match, Request& request, Services& services);

bool is_loopback(const std::string& address);

}  // namespace resgraph::server
