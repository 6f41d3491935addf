#include "router.h"

#include <cstdint>
#include <exception>
#include <iostream>
#include <optional>
#include <string_view>

#include "graph/accounts.h"
#include "graph/text.h"
#include "handlers/handlers.h"
#include "problem.h"
#include "rate_limits.h"
#include "services.h"

namespace resgraph::server {

namespace {

using K = ParamKind;

Param limit(const char* fallback, uint64_t max) {
  return {"limit", K::integer, "The most items to answer with", fallback, 1, max};
}
Param cursor() { return {"cursor", K::text, "Where the page starts: next_cursor of the last one"}; }
Param if_match(const char* what) { return {"If-Match", K::header, what}; }
const char* kNodeRevision = "The node's current revision as its ETag (\"3\"); a stale one is 409";
const char* kTrailRevision = "The trail's current revision as its ETag (\"3\"); a stale one is 409";
Param flag(const char* name, const char* description) { return {name, K::flag, description, "0"}; }
// POST /api/import and the CLI's hand-off read the same parameters.
std::vector<Param> import_params() {
  return {{"source", K::text, "The source the entries are credited to; the file's name by default"},
          {"file", K::text, "The file's name, for provenance", "upload.md"},
          flag("dry_run", "Report what would change and change nothing"),
          flag("explain", "Say why each entry was read as it was"),
          {"format",
           K::choice,
           "What the body is (json: a dataset, {url}, or an array of CSL-JSON items); from "
           "Content-Type when absent",
           nullptr,
           0,
           0,
           {"markdown", "json", "bibtex", "csl-json", "ris"}}};
}

std::vector<Route> core_routes();

}  // namespace

const std::vector<Route>& routes() {
  static const std::vector<Route> table = [] {
    std::vector<Route> all = core_routes();
    for (auto& r : account_routes()) all.push_back(std::move(r));
    for (auto& r : discussion_routes()) all.push_back(std::move(r));
    return all;
  }();
  return table;
}

namespace {

std::vector<Route> core_routes() {
  using A = Access;
  using B = BodyKind;
  return {
      {"GET",
       "/healthz",
       A::anyone,
       healthz,
       "Liveness and write health",
       {},
       B::none,
       {200, "Health"}},
      {"GET",
       "/metrics",
       A::anyone,
       metrics,
       "Prometheus metrics",
       {},
       B::none,
       {200, nullptr, "text/plain"}},
      {"GET",
       "/api/openapi.json",
       A::anyone,
       openapi,
       "This description",
       {},
       B::none,
       {200, "Object"}},
      {"GET",
       "/docs/problems",
       A::anyone,
       problem_docs,
       "The problem types errors are answered with",
       {},
       B::none,
       {200, nullptr, "text/html"}},
      {"GET",
       "/api/me",
       A::anyone,
       whoami,
       "The user the bearer token names, and its role",
       {},
       B::none,
       {200, "Me"}},
      {"GET",
       "/api/types",
       A::anyone,
       list_types,
       "Registered node and edge types",
       {},
       B::none,
       {200, "Types"}},
      {"GET",
       "/api/graph",
       A::anyone,
       whole_graph,
       "The whole graph, compact, for the browser",
       {limit("20000", 50000)},
       B::none,
       {200, "CompactGraph"},
       true},
      {"GET",
       "/api/nodes",
       A::anyone,
       list_nodes,
       "List nodes by type and tag, a page at a time",
       {limit("50", 1000),
        {"type", K::node_type, "Only nodes of this type"},
        {"tag", K::text, "Only nodes with this tag"},
        cursor()},
       B::none,
       {200, "NodePage"}},
      {"POST",
       "/api/nodes",
       A::contributor,
       create_node,
       "Create a node",
       {},
       B::node,
       {201, "Node"}},
      {"GET",
       "/api/nodes/{id}",
       A::anyone,
       get_node,
       "A node by id or slug",
       {},
       B::none,
       {200, "Node"}},
      {"PATCH",
       "/api/nodes/{id}",
       A::contributor,
       patch_node,
       "Change fields of a node",
       {if_match(kNodeRevision)},
       B::node_patch,
       {200, "Node"}},
      {"DELETE",
       "/api/nodes/{id}",
       A::moderator,
       delete_node,
       "Delete a node and its edges",
       {if_match(kNodeRevision)},
       B::none,
       {200, "Deleted"}},
      {"GET",
       "/api/nodes/{id}/edges",
       A::anyone,
       node_edges,
       "Edges of a node",
       {limit("500", 5000),
        {"direction",
         K::choice,
         "Which edges: out, in or both",
         "both",
         0,
         0,
         {"out", "in", "both"}},
        {"type", K::edge_type, "Only edges of this type"}},
       B::none,
       {200, "EdgeList"}},
      {"GET",
       "/api/nodes/{id}/history",
       A::anyone,
       node_history,
       "Revisions of a node, newest first",
       {limit("100", 1000)},
       B::none,
       {200, "History"}},
      {"GET",
       "/api/nodes/{id}/history/{rev}",
       A::anyone,
       node_revision,
       "One revision with its snapshot",
       {},
       B::none,
       {200, "Revision"}},
      {"POST",
       "/api/nodes/{id}/revert",
       A::moderator,
       revert_node,
       "Restore an earlier revision",
       {if_match(kNodeRevision)},
       B::revert,
       {200, "Node"}},
      {"POST",
       "/api/nodes/{id}/enrich",
       A::contributor,
       enrich_work,
       "Fill a work's missing date, venue, DOI and authors from Crossref or its page's metadata",
       {flag("dry_run", "List what would be filled in and change nothing")},
       B::none,
       {200, "ImportReport"},
       true},
      {"GET",
       "/api/nodes/{id}/trails",
       A::anyone,
       node_trails,
       "Trails that pass through a node",
       {},
       B::none,
       {200, "TrailsThrough"}},
      {"GET",
       "/api/nodes/{id}/neighbors",
       A::anyone,
       node_neighbours,
       "Ego graph: the nodes within depth hops and the edges among them",
       {{"depth", K::integer, "Hops from the node", "1", 1, 3},
        {"types", K::node_types, "Only nodes of these types (comma-separated)"},
        {"edge_types", K::edge_types, "Only follow edges of these types (comma-separated)"},
        limit("500", 5000)},
       B::none,
       {200, "Neighbourhood"},
       true},
      {"GET",
       "/api/nodes/{id}/related",
       A::anyone,
       node_related,
       "Nodes ranked by shared neighbours",
       {limit("10", 100)},
       B::none,
       {200, "Related"},
       true},
      {"GET",
       "/api/path",
       A::anyone,
       find_path,
       "Shortest path between two nodes",
       {{"from", K::text, "Start node (id or slug)", nullptr, 0, 0, {}, true},
        {"to", K::text, "End node (id or slug)", nullptr, 0, 0, {}, true},
        {"edge_types", K::edge_types, "Only follow edges of these types (comma-separated)"},
        {"max_depth", K::integer, "The longest path to look for", "4", 1, 6}},
       B::none,
       {200, "Path"},
       true},
      {"GET",
       "/api/trails",
       A::anyone,
       list_trails,
       "List trails, a page at a time",
       {cursor(), limit("50", 500)},
       B::none,
       {200, "TrailPage"}},
      {"POST",
       "/api/trails",
       A::contributor,
       create_trail,
       "Create a trail",
       {},
       B::trail,
       {201, "Trail"}},
      {"POST",
       "/api/trails/generate",
       A::contributor,
       generate_trail,
       "Generate a trail from a person's works",
       {},
       B::trail_recipe,
       {201, "Trail"},
       true},
      {"GET",
       "/api/trails/{slug}",
       A::anyone,
       get_trail,
       "A trail with its steps (gaps marked)",
       {},
       B::none,
       {200, "Trail"}},
      {"PATCH",
       "/api/trails/{slug}",
       A::contributor,
       patch_trail,
       "Change a trail",
       {if_match(kTrailRevision)},
       B::trail_patch,
       {200, "Trail"}},
      {"DELETE",
       "/api/trails/{slug}",
       A::contributor,
       delete_trail,
       "Delete a trail (owner or moderator)",
       {if_match(kTrailRevision)},
       B::none,
       {200, "Deleted"}},
      {"GET",
       "/api/trails/{slug}/history",
       A::anyone,
       trail_history,
       "Revisions of a trail, newest first",
       {limit("100", 1000)},
       B::none,
       {200, "History"}},
      {"GET",
       "/api/trails/{slug}/history/{rev}",
       A::anyone,
       trail_revision,
       "One revision of a trail with its snapshot",
       {},
       B::none,
       {200, "Revision"}},
      {"POST",
       "/api/trails/{slug}/revert",
       A::contributor,
       revert_trail,
       "Restore an earlier revision of a trail (owner or moderator)",
       {if_match(kTrailRevision)},
       B::revert,
       {200, "Trail"}},
      {"POST",
       "/api/trails/{slug}/steps",
       A::contributor,
       insert_step,
       "Insert a step",
       {if_match(kTrailRevision)},
       B::step,
       {200, "Trail"}},
      {"GET",
       "/api/trails/{slug}/steps/{n}",
       A::anyone,
       get_step,
       "Walk: step n with previous, next and neighbourhood",
       {},
       B::none,
       {200, "Step"},
       true},
      {"DELETE",
       "/api/trails/{slug}/steps/{n}",
       A::contributor,
       remove_step,
       "Remove step n",
       {if_match(kTrailRevision)},
       B::none,
       {200, "Trail"}},
      {"POST",
       "/api/trails/{slug}/steps/{n}/move",
       A::contributor,
       move_step,
       "Move step n",
       {if_match(kTrailRevision)},
       B::move,
       {200, "Trail"}},
      {"POST",
       "/api/edges",
       A::contributor,
       create_edge,
       "Link two nodes",
       {},
       B::edge,
       {201, "Edge"}},
      {"GET", "/api/edges/{id}", A::anyone, get_edge, "An edge by id", {}, B::none, {200, "Edge"}},
      {"DELETE",
       "/api/edges/{id}",
       A::contributor,
       delete_edge,
       "Remove an edge",
       {},
       B::none,
       {200, "Deleted"}},
      {"GET",
       "/api/edges/{id}/history",
       A::anyone,
       edge_history,
       "Revisions of an edge, newest first: made, removed, linked again",
       {limit("100", 1000)},
       B::none,
       {200, "History"}},
      {"GET",
       "/api/edges/{id}/history/{rev}",
       A::anyone,
       edge_revision,
       "One revision of an edge with its snapshot",
       {},
       B::none,
       {200, "Revision"}},
      {"POST",
       "/api/edges/{id}/revert",
       A::moderator,
       revert_edge,
       "Bring an edge back to a revision: linked again, or removed",
       {},
       B::revert,
       {200, "Edge"}},
      {"GET",
       "/api/search",
       A::anyone,
       search,
       "Full-text search with facets",
       {{"q", K::text, "The query: words, \"phrases\", type:, year:, tag:, author:"},
        {"type", K::node_type, "Only nodes of this type"},
        {"sort",
         K::choice,
         "The order of the hits",
         "relevance",
         0,
         0,
         {"relevance", "year", "-year", "updated"}},
        {"page", K::integer, "The page, from 1", "1", 1, 500},
        {"per_page", K::integer, "Hits per page", "20", 1, 100}},
       B::none,
       {200, "SearchResults"},
       true},
      {"GET",
       "/api/suggest",
       A::anyone,
       suggest,
       "Title completions for a prefix, most-linked first",
       {{"q", K::text, "The prefix"}, limit("8", 50)},
       B::none,
       {200, "Suggestions"},
       true},
      {"POST",
       "/api/import",
       A::contributor,
       import_upload,
       "Import a Markdown list, a JSON dataset, or {url} to fetch a list",
       import_params(),
       B::upload,
       {200, "ImportReport"},
       true},
      {"GET",
       "/api/links",
       A::anyone,
       list_links,
       "The health of the graph's links: each checked URL's state, history and archived copy",
       {{"status",
         K::choice,
         "Only links in this state",
         nullptr,
         0,
         0,
         {"ok", "redirected", "failing", "dead"}},
        {"node", K::text, "Only this node's links (its URL and its other links)"},
        limit("100", 1000)},
       B::none,
       {200, "Links"},
       true},
      {"GET",
       "/api/sources",
       A::anyone,
       list_sources,
       "Lists imported from their URLs",
       {},
       B::none,
       {200, "Sources"},
       true},
      {"POST",
       "/api/sources/{id}/sync",
       A::contributor,
       sync_source,
       "Fetch a source's files again and import what changed",
       {flag("dry_run", "Report what would change and change nothing")},
       B::none,
       {200, "ImportReport"},
       true},
      {"GET",
       "/api/export",
       A::anyone,
       export_graph,
       "The graph as a JSON dataset or a Markdown list, or its works as citations",
       {{"format",
         K::choice,
         "json (a dataset), markdown (a list), or citations: bibtex, csl-json, ris",
         "json",
         0,
         0,
         {"json", "markdown", "bibtex", "csl-json", "ris"}},
        {"type", K::node_type, "Markdown and citations: only nodes of this type"},
        {"trail", K::text, "Citations: the works of this trail, in step order"},
        {"node", K::text, "Citations: the works around this node"},
        {"depth", K::integer, "Citations with node: how many hops around it", "1", 1, 3},
        {"person", K::text, "Citations: the works this person authored or presented"},
        {"q", K::text, "Citations: the works this search finds (up to 1000), as /api/search"},
        {"sort",
         K::choice,
         "Citations with q: the order of the works",
         "relevance",
         0,
         0,
         {"relevance", "year", "-year", "updated"}},
        {"source", K::text, "Markdown: one imported source's list, as its file reads"},
        {"file", K::text, "Markdown with source: one file of that source"},
        flag("diff", "Markdown with source: a unified diff against the file as imported"),
        flag("revisions", "JSON: with every node's revisions"),
        flag("archived_links", "Markdown: a dead link's archived copy in its place")},
       B::none,
       {200, "Dataset"},
       true},
      {"GET",
       "/api/changes",
       A::anyone,
       list_changes,
       "The change log after a sequence number, oldest first; by one user, of one kind, by new "
       "contributors, not yet patrolled",
       {{"since", K::integer, "The last sequence number seen; 0 for the beginning", "0", 0,
         UINT64_MAX},
        limit("100", 1000),
        {"user", K::text, "Only changes by this user"},
        {"kind", K::text,
         "Only changes of this kind (node.updated) or family (node, user, session)"},
        flag("new_contributors",
             "Only changes by people with fewer than 10 edits or a first edit less than 4 days "
             "ago"),
        flag("unpatrolled", "Only edits no moderator has marked patrolled yet")},
       B::none,
       {200, "Changes"},
       true},
      {"GET",
       "/api/feeds/changes",
       A::anyone,
       changes_feed,
       "An Atom feed of recent changes: the whole graph, or one node, trail, person or search",
       {limit("50", 200),
        {"node", K::text, "Changes to this node (id or slug)"},
        {"trail", K::text, "Changes to this trail and the nodes of its steps"},
        {"person", K::text, "Changes to this person and their works"},
        {"q", K::text, "Changes to what this search finds (a saved search)"},
        {"type", K::node_type, "With q: only nodes of this type"}},
       B::none,
       {200, nullptr, "application/atom+xml"},
       true},
      {"POST", "/api/admin/users", A::admin, admin_add_user, "Add a user (loopback, admin token)"},
      {"POST",
       "/api/admin/import",
       A::admin,
       admin_import,
       "Import a list or dataset (loopback, admin token)",
       import_params(),
       B::upload,
       {},
       true},
      {"POST",
       "/api/admin/links/check",
       A::admin,
       admin_check_links,
       "Check every link of the graph (loopback, admin token)",
       {},
       B::none,
       {},
       true},
      {"POST",
       "/api/admin/enrich",
       A::admin,
       enrich_work,
       "Look up works' metadata (loopback, admin token): one node, or every work lacking some",
       {{"node", K::text, "The work to look up; every work that lacks a field when absent"},
        flag("dry_run", "List what would be filled in and change nothing")},
       B::none,
       {},
       true},
      {"POST",
       "/api/admin/sources/{id}/sync",
       A::admin,
       sync_source,
       "Sync a source (loopback, admin token)",
       {flag("dry_run", "Report what would change and change nothing")},
       B::none,
       {},
       true},
      {"POST",
       "/api/admin/trails/generate",
       A::admin,
       generate_trail,
       "Generate a trail (loopback, admin token)",
       {},
       B::trail_recipe,
       {201, "Trail"},
       true},
      {"POST",
       "/api/admin/backup",
       A::admin,
       admin_backup,
       "Back the store up (loopback, admin token)",
       {},
       B::none,
       {201},
       true},
      {"GET",
       "/api/admin/check",
       A::admin,
       admin_check,
       "Check the store (loopback, admin token)",
       {},
       B::none,
       {},
       true},
      {"POST",
       "/api/admin/check",
       A::admin,
       admin_check,
       "Repair invalid text, then check (loopback, admin token)",
       {},
       B::none,
       {},
       true},
  };
}

}  // namespace

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

// Sets request.user from the bearer token or the session cookie; credentials that are present
// but wrong are an error even on routes anyone may read, so a client never mistakes a typo or
// an ended session for anonymous access (the answer also clears a dead cookie).
Status authenticate(Request& request, Services& services) {
  if (auto auth = request.header("authorization")) {
    std::string_view v = *auth;
    if (!v.starts_with("Bearer ") && !v.starts_with("bearer "))
      return Status(Code::unauthorized, "use 'Authorization: Bearer TOKEN'");
    auto user = services.store.authenticate(v.substr(7));
    if (!user) return user.status();
    request.user = *user;
    return Status::ok();
  }
  auto cookies = request.header("cookie");
  const std::string session = cookies ? cookie_value(*cookies, kSessionCookie) : "";
  if (session.empty()) return Status::ok();
  auto user = services.store.authenticate_session(session);
  if (!user) return user.status();
  request.user = *user;
  return Status::ok();
}

// A cookie rides along with any request the browser makes, a cross-site form's too: a write made
// with one must echo the session's CSRF token, which only a page of this origin can read.
Status check_csrf(const Route& route, const Request& request) {
  if (request.user.csrf.empty() || route.access == Access::anyone) return Status::ok();
  if (request.method == "GET" || request.method == "HEAD") return Status::ok();
  auto sent = request.header(kCsrfHeader);
  if (!sent || !constant_time_equal(*sent, request.user.csrf))
    return Status(Code::forbidden,
                  "a signed-in write needs the X-CSRF-Token header, as GET /api/me gives it");
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
    case Access::signed_in:
    case Access::contributor:
    case Access::moderator: {
      Role needed = route.access == Access::moderator     ? Role::moderator
                    : route.access == Access::contributor ? Role::contributor
                                                          : Role::reader;
      if (request.user.role == Role::anonymous)
        return Status(Code::unauthorized, "this needs a " + std::string(role_name(needed)) +
                                              ": sign in, or send 'Authorization: Bearer TOKEN'");
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

// Which bucket a request draws on: reads and the local operator draw on none.
std::optional<Limited> limited_as(const Route& route, const Request& request) {
  if (route.access == Access::admin || request.method == "GET" || request.method == "HEAD")
    return std::nullopt;
  const std::string_view path = route.pattern;
  if (path == "/api/session" && request.method == "POST") return Limited::sign_in;
  if (path == "/api/join") return Limited::sign_in;
  if (path == "/api/invitations") return Limited::invitation;
  // A dry run (the app's preview) writes nothing: it draws on the writes, not the imports.
  if (path == "/api/import") {
    auto dry = request.query_param("dry_run");
    return dry && (*dry == "1" || *dry == "true") ? Limited::write : Limited::import;
  }
  if (route.access == Access::anyone) return std::nullopt;  // signing out
  return Limited::write;
}

Status check_rate(const Route& route, const Request& request, Services& services) {
  auto kind = limited_as(route, request);
  if (!kind) return Status::ok();
  auto forwarded = request.header("x-forwarded-for");
  const std::string address = client_address(request.remote, forwarded ? &*forwarded : nullptr,
                                             services.options.trusted_proxies);
  if (auto s = services.limits.take(*kind, "addr:" + address); !s.is_ok()) return s;
  if (request.user.name.empty()) return Status::ok();
  return services.limits.take(*kind, "user:" + request.user.name);
}

Response route_to_handler(const RouteMatch& m, Request& request, Services& services) {
  if (auto s = authenticate(request, services); !s.is_ok()) {
    Response r = problem(s);
    if (s.code() == Code::unauthorized && !request.header("authorization"))
      r.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) +
                                               "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0");
    return r;
  }
  if (auto s = authorize(*m.route, request, services); !s.is_ok()) return problem(s);
  if (auto s = check_csrf(*m.route, request); !s.is_ok()) return problem(s);
  if (auto s = check_rate(*m.route, request, services); !s.is_ok()) return problem(s);
  if (auto s = check_params(*m.route, request); !s.is_ok()) return problem(s);
  return m.route->handler(request, services);
}

}  // namespace

std::string cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const size_t end = header.find(';');
    std::string_view pair = header.substr(0, end);
    header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
    while (pair.starts_with(' ')) pair.remove_prefix(1);
    if (pair.starts_with(name) && pair.size() > name.size() && pair[name.size()] == '=')
      return std::string(pair.substr(name.size() + 1));
  }
  return "";
}

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
