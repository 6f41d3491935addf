#include "router.h"

#include <exception>
#include <iostream>
#include <string_view>

#include "graph/accounts.h"
#include "graph/text.h"
#include "handlers/handlers.h"
#include "problem.h"
#include "services.h"

namespace resgraph::server {

const std::vector<Route>& routes() {
  using A = Access;
  static const std::vector<Route> table = {
      {"GET", "/healthz", A::anyone, healthz, "Liveness and write health"},
      {"GET", "/metrics", A::anyone, metrics, "Prometheus metrics"},
      {"GET", "/api/openapi.json", A::anyone, openapi, "This description"},
      {"GET", "/docs/problems", A::anyone, problem_docs,
       "The problem types errors are answered with"},
      {"GET", "/api/me", A::anyone, whoami, "The user the bearer token names, and its role"},
      {"GET", "/api/types", A::anyone, list_types, "Registered node and edge types"},
      {"GET", "/api/graph", A::anyone, whole_graph,
       "The whole graph, compact, for the browser (limit)", true},
      {"GET", "/api/nodes", A::anyone, list_nodes, "List nodes (type, tag, cursor, limit)"},
      {"POST", "/api/nodes", A::contributor, create_node, "Create a node"},
      {"GET", "/api/nodes/{id}", A::anyone, get_node, "A node by id or slug"},
      {"PATCH", "/api/nodes/{id}", A::contributor, patch_node,
       "Change fields of a node (If-Match)"},
      {"DELETE", "/api/nodes/{id}", A::moderator, delete_node,
       "Delete a node and its edges (If-Match)"},
      {"GET", "/api/nodes/{id}/edges", A::anyone, node_edges,
       "Edges of a node (direction, type, limit)"},
      {"GET", "/api/nodes/{id}/history", A::anyone, node_history,
       "Revisions of a node, newest first"},
      {"GET", "/api/nodes/{id}/history/{rev}", A::anyone, node_revision,
       "One revision with its snapshot"},
      {"POST", "/api/nodes/{id}/revert", A::moderator, revert_node, "Restore an earlier revision"},
      {"GET", "/api/nodes/{id}/trails", A::anyone, node_trails, "Trails that pass through a node"},
      {"GET", "/api/nodes/{id}/neighbors", A::anyone, node_neighbours,
       "Ego graph (depth 1-3, types, edge_types, limit)", true},
      {"GET", "/api/nodes/{id}/related", A::anyone, node_related,
       "Nodes ranked by shared neighbours (limit)", true},
      {"GET", "/api/path", A::anyone, find_path,
       "Shortest path between two nodes (from, to, edge_types, max_depth)", true},
      {"GET", "/api/trails", A::anyone, list_trails, "List trails (cursor, limit)"},
      {"POST", "/api/trails", A::contributor, create_trail, "Create a trail"},
      {"POST", "/api/trails/generate", A::contributor, generate_trail,
       "Generate a trail from a person's works", true},
      {"GET", "/api/trails/{slug}", A::anyone, get_trail, "A trail with its steps (gaps marked)"},
      {"PATCH", "/api/trails/{slug}", A::contributor, patch_trail, "Change a trail (If-Match)"},
      {"DELETE", "/api/trails/{slug}", A::contributor, delete_trail,
       "Delete a trail (owner or moderator, If-Match)"},
      {"GET", "/api/trails/{slug}/history", A::anyone, trail_history,
       "Revisions of a trail, newest first"},
      {"GET", "/api/trails/{slug}/history/{rev}", A::anyone, trail_revision,
       "One revision of a trail with its snapshot"},
      {"POST", "/api/trails/{slug}/revert", A::contributor, revert_trail,
       "Restore an earlier revision of a trail (owner or moderator; If-Match)"},
      {"POST", "/api/trails/{slug}/steps", A::contributor, insert_step,
       "Insert a step (node, note, position; If-Match)"},
      {"GET", "/api/trails/{slug}/steps/{n}", A::anyone, get_step,
       "Walk: step n with previous, next and neighbourhood", true},
      {"DELETE", "/api/trails/{slug}/steps/{n}", A::contributor, remove_step,
       "Remove step n (If-Match)"},
      {"POST", "/api/trails/{slug}/steps/{n}/move", A::contributor, move_step,
       "Move step n ({to}; If-Match)"},
      {"POST", "/api/edges", A::contributor, create_edge, "Link two nodes"},
      {"GET", "/api/edges/{id}", A::anyone, get_edge, "An edge by id"},
      {"DELETE", "/api/edges/{id}", A::contributor, delete_edge, "Remove an edge"},
      {"GET", "/api/search", A::anyone, search, "Full-text search (q, type, sort, page, per_page)",
       true},
      {"GET", "/api/suggest", A::anyone, suggest,
       "Title completions for a prefix, most-linked first (q, limit)", true},
      {"POST", "/api/import", A::contributor, import_upload,
       "Import a Markdown list, a dataset, or {url} to fetch a list (source, file, dry_run, "
       "explain, "
       "format)",
       true},
      {"GET", "/api/sources", A::anyone, list_sources, "Lists imported from their URLs", true},
      {"POST", "/api/sources/{id}/sync", A::contributor, sync_source,
       "Fetch a source's files again and import what changed (dry_run)", true},
      {"GET", "/api/export", A::anyone, export_graph,
       "The graph as a JSON dataset or a Markdown list (format, type)", true},
      {"GET", "/api/changes", A::anyone, list_changes,
       "The change log after a sequence number (since, limit)", true},
      {"POST", "/api/admin/users", A::admin, admin_add_user, "Add a user (loopback, admin token)"},
      {"POST", "/api/admin/import", A::admin, admin_import,
       "Import a dataset (loopback, admin token)", true},
      {"POST", "/api/admin/sources/{id}/sync", A::admin, sync_source,
       "Sync a source (loopback, admin token)", true},
      {"POST", "/api/admin/trails/generate", A::admin, generate_trail,
       "Generate a trail (loopback, admin token)", true},
      {"POST", "/api/admin/backup", A::admin, admin_backup,
       "Back the store up (loopback, admin token)", true},
      {"GET", "/api/admin/check", A::admin, admin_check, "Check the store (loopback, admin token)",
       true},
      {"POST", "/api/admin/check", A::admin, admin_check,
       "Repair invalid text, then check (loopback, admin token)", true},
  };
  return table;
}

namespace {

// Matches "/api/nodes/{id}" against a decoded path, capturing the {…} segments.
bool match(std::string_view pattern, std::string_view path, std::vector<std::string>& params) {
  params.clear();
  while (!pattern.empty() || !path.empty()) {
    if (pattern.empty() || path.empty() || pattern[0] != '/' || path[0] != '/') return false;
    pattern.remove_prefix(1);
    path.remove_prefix(1);
    auto pe = pattern.find('/');
    auto se = path.find('/');
    std::string_view pseg = pattern.substr(0, pe), seg = path.substr(0, se);
    if (pseg.starts_with('{')) {
      if (seg.empty()) return false;
      params.emplace_back(seg);
    } else if (pseg != seg) {
      return false;
    }
    pattern = pe == std::string_view::npos ? std::string_view() : pattern.substr(pe);
    path = se == std::string_view::npos ? std::string_view() : path.substr(se);
  }
  return true;
}

// Sets request.user from the bearer token; a token that is present but wrong is an error
// even on routes anyone may read, so a client never mistakes a typo for anonymous access.
Status authenticate(Request& request, Services& services) {
  auto auth = request.header("authorization");
  if (!auth) return Status::ok();
  std::string_view v = *auth;
  if (!v.starts_with("Bearer ") && !v.starts_with("bearer "))
    return Status(Code::unauthorized, "use 'Authorization: Bearer TOKEN'");
  auto user = services.store.authenticate(v.substr(7));
  if (!user) return user.status();
  request.user = *user;
  return Status::ok();
}

Status authorize(const Route& route, const Request& request, const Services& services) {
  switch (route.access) {
    case Access::anyone:
      return Status::ok();
    case Access::admin: {
      auto token = request.header("x-admin-token");
      if (!is_loopback(request.remote) || services.options.admin_token.empty() || !token ||
          !constant_time_equal(*token, services.options.admin_token))
        return Status(Code::forbidden, "admin endpoints take the local admin token from loopback");
      return Status::ok();
    }
    case Access::contributor:
    case Access::moderator: {
      Role needed = route.access == Access::moderator ? Role::moderator : Role::contributor;
      if (request.user.role == Role::anonymous)
        return Status(Code::unauthorized, "this needs a " + std::string(role_name(needed)) +
                                              " token: send 'Authorization: Bearer TOKEN'");
      if (request.user.role < needed)
        return Status(Code::forbidden, "user '" + request.user.name + "' is a " +
                                           role_name(request.user.role) + "; this needs a " +
                                           role_name(needed));
      return Status::ok();
    }
  }
  return Status(Code::internal, "unknown access rule");
}

// Every string a request carries in is checked before any handler sees it, the one way text is
// checked (graph/text.h): a path, parameter or header that is not valid UTF-8 would otherwise
// reach the store as a comment, a provenance or a name.
Status check_request_text(const Request& request) {
  using text::Shape;
  if (auto s = text::check("the request path", request.path, Shape::line); !s.is_ok()) return s;
  for (const auto& [key, value] : request.query) {
    if (auto s = text::check("a query parameter's name", key, Shape::line); !s.is_ok()) return s;
    if (auto s = text::check("query parameter '" + key + "'", value, Shape::line); !s.is_ok())
      return s;
  }
  for (const auto& [name, value] : request.headers)
    if (auto s = text::check("header '" + name + "'", value, Shape::line); !s.is_ok()) return s;
  return Status::ok();
}

Response route_to_handler(const RouteMatch& m, Request& request, Services& services) {
  if (auto s = authenticate(request, services); !s.is_ok()) return problem(s);
  if (auto s = authorize(*m.route, request, services); !s.is_ok()) return problem(s);
  return m.route->handler(request, services);
}

}  // namespace

bool is_loopback(const std::string& addr) {
  return addr.starts_with("127.") || addr == "::1" || addr.starts_with("::ffff:127.");
}

RouteMatch find_route(Request& request) {
  RouteMatch m;
  m.slot = other_slot(OtherSlot::unmatched);
  const auto& table = routes();
  for (size_t i = 0; i < table.size(); ++i) {
    const auto& route = table[i];
    if (!match(route.pattern, request.path, request.params)) continue;
    if (request.method != route.method &&
        !(request.method == "HEAD" && std::string_view(route.method) == "GET")) {
      m.allowed += m.allowed.empty() ? route.method : std::string(", ") + route.method;
      continue;
    }
    m.route = &route;
    m.slot = i;
    return m;
  }
  if (m.allowed.empty() && (request.method == "GET" || request.method == "HEAD") &&
      !request.path.starts_with("/api/"))
    m.slot = other_slot(OtherSlot::static_files);
  return m;
}

Response dispatch(const RouteMatch& m, Request& request, Services& services) {
  if (auto s = check_request_text(request); !s.is_ok()) return problem(s);
  if (m.route) {
    // The one catch-all: a handler's failure is this request's 500, never the process's end.
    try {
      return route_to_handler(m, request, services);
    } catch (const std::exception& e) {
      services.metrics.count_fault();
      std::cerr << "resgraph: " << request.method << " " << m.route->pattern
                << " failed: " << e.what() << "\n";
    } catch (...) {
      services.metrics.count_fault();
      std::cerr << "resgraph: " << request.method << " " << m.route->pattern << " failed\n";
    }
    return problem(
        internal("the server failed to answer this request; it is logged, and nothing "
                 "was changed unless the answer to a retry says so"));
  }
  if (!m.allowed.empty()) {
    Response r =
        problem(Status(Code::method_not_allowed,
                       "method " + request.method + " is not allowed here; use " + m.allowed));
    r.headers.emplace_back("Allow", m.allowed);
    return r;
  }
  if (m.slot == other_slot(OtherSlot::static_files)) return serve_static(request, services);
  return problem(not_found("no such endpoint: " + request.path));
}

size_t other_slot(OtherSlot s) { return routes().size() + static_cast<size_t>(s); }

std::vector<std::string> metrics_slot_labels() {
  std::vector<std::string> labels;
  for (const auto& r : routes())
    labels.push_back("method=\"" + std::string(r.method) + "\",route=\"" + r.pattern + "\"");
  for (const char* other : {"static", "unmatched", "rejected", "/api/live"})
    labels.push_back("route=\"" + std::string(other) + "\"");
  return labels;
}

}  // namespace resgraph::server
