// Every route of the API in one table (router.cpp), with the role each one needs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"
#include "server/http.h"

namespace resgraph::server {

struct Services;
using Handler = Response (*)(const Request&, Services&);

// signed_in: any account (a reader too), by bearer token or session cookie.
enum class Access { anyone, signed_in, contributor, moderator, admin };

// A query parameter or header a route reads. The router checks every query parameter against
// its Param before the handler runs and fills in `fallback` when it is absent, so a handler
// reads values already known to be well formed (request_args.cpp); /api/openapi.json describes
// the same Params.
enum class ParamKind {
  text,        // any string
  integer,     // from `min` to `max`
  flag,        // 1/0, true/false
  choice,      // one of `choices`
  node_type,   // a registered node type
  edge_type,   // a registered edge type
  node_types,  // comma-separated node types
  edge_types,  // comma-separated edge types
  header,      // a request header, read by the handler (If-Match)
};

struct Param {
  const char* name;
  ParamKind kind;
  const char* description;
  const char* fallback = nullptr;  // the value an absent parameter takes
  uint64_t min = 0, max = 0;       // integer (every count here is unsigned)
  std::vector<const char*> choices = {};
  bool required = false;
};

// What a route reads in its body, for the API description: one of importers' JSON bodies
// (create or patch), or an upload (a Markdown list, a JSON dataset or {url}).
enum class BodyKind {
  none,
  node,
  node_patch,
  edge,
  trail,
  trail_patch,
  step,
  revert,
  move,
  trail_recipe,
  upload,
  invitation,
  join,
  sign_in,
  token,
  account,
  rollback,
  comment,
  comment_state,
  patrol
};

// The answer a route gives when it succeeds: a status and a schema in the description's
// components (openapi_handler.cpp), or a media type other than JSON.
struct Answer {
  unsigned status = 200;
  const char* schema = "Object";
  const char* media = "application/json";
};

struct Route {
  const char* method;
  const char* pattern;  // "/api/nodes/{id}/history/{rev}"
  Access access;
  Handler handler;
  const char* summary;
  std::vector<Param> params = {};
  BodyKind body = BodyKind::none;
  Answer answer = {};
  // Takes long enough (imports, exports, backups, the whole graph) to stall every connection
  // sharing its event loop, so it runs on the blocking pool instead.
  bool blocking = false;
};

const std::vector<Route>& routes();
// The accounts' routes (account_routes.cpp): invitations, joining, signing in, tokens, roles.
std::vector<Route> account_routes();
// Comments, patrol marks and watches (discussion_routes.cpp).
std::vector<Route> discussion_routes();

// The session cookie's name, and the header a cookie-authenticated write echoes its CSRF token in.
inline constexpr std::string_view kSessionCookie = "rg_session";
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";
// The value of cookie `name` in a Cookie header, or empty.
std::string cookie_value(std::string_view header, std::string_view name);

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

// Checks the request's query parameters against the route's Params and fills in fallbacks
// (route_params.cpp).
Status check_params(const Route& route, Request& request);
// The items of a comma-separated parameter ("talk,podcast"), empty ones left out: how a list
// Param is both checked and read.
std::vector<std::string> comma_list(std::string_view value);

}  // namespace resgraph::server
