// The handlers, one file per resource. Each parses, calls one module function, responds.
#pragma once

#include <optional>

#include "../problem.h"
#include "../services.h"
#include "graph/walks.h"
#include "server/http.h"

namespace resgraph::server {

// nodes_handler.cpp
Response list_nodes(const Request&, Services&);
Response create_node(const Request&, Services&);
Response get_node(const Request&, Services&);
Response patch_node(const Request&, Services&);
Response delete_node(const Request&, Services&);
Response node_edges(const Request&, Services&);
// history_handler.cpp
// The revisions of the record `id` (a node, an edge or a trail), and one of them (params[1]).
Response history_of(const Request& r, Services& s, const std::string& id);
Response revision_of(const Request& r, Services& s, const std::string& id);
Response node_history(const Request&, Services&);
Response node_revision(const Request&, Services&);
Response revert_node(const Request&, Services&);
Response edge_history(const Request&, Services&);
Response edge_revision(const Request&, Services&);
Response revert_edge(const Request&, Services&);
Response trail_history(const Request&, Services&);
Response trail_revision(const Request&, Services&);
Response revert_trail(const Request&, Services&);
// edges_handler.cpp
Response create_edge(const Request&, Services&);
Response get_edge(const Request&, Services&);
Response delete_edge(const Request&, Services&);
// search_handler.cpp
Response search(const Request&, Services&);
Response suggest(const Request&, Services&);
// trails_handler.cpp
Response list_trails(const Request&, Services&);
Response create_trail(const Request&, Services&);
Response get_trail(const Request&, Services&);
Response patch_trail(const Request&, Services&);
Response delete_trail(const Request&, Services&);
Response insert_step(const Request&, Services&);
Response move_step(const Request&, Services&);
Response remove_step(const Request&, Services&);
Response get_step(const Request&, Services&);
Response node_trails(const Request&, Services&);
Response generate_trail(const Request&, Services&);
// walks_handler.cpp
Response node_neighbours(const Request&, Services&);
Response find_path(const Request&, Services&);
Response node_related(const Request&, Services&);
boost::json::object node_summary(const Node& node);
boost::json::object neighbourhood_json(const Neighbourhood& hood);
// graph_handler.cpp, static_handler.cpp
Response whole_graph(const Request&, Services&);
Response serve_static(const Request&, Services&);
// accounts_handler.cpp
Response create_invitation(const Request&, Services&);
Response list_invitations(const Request&, Services&);
Response show_invitation(const Request&, Services&);
Response join(const Request&, Services&);
Response sign_in(const Request&, Services&);
Response sign_out(const Request&, Services&);
Response list_tokens(const Request&, Services&);
Response create_token(const Request&, Services&);
Response revoke_token(const Request&, Services&);
Response list_users(const Request&, Services&);
Response patch_user(const Request&, Services&);
Response rollback_user(const Request&, Services&);
// discussion_handler.cpp
Response node_comments(const Request&, Services&);
Response trail_comments(const Request&, Services&);
Response add_node_comment(const Request&, Services&);
Response add_trail_comment(const Request&, Services&);
Response patch_comment(const Request&, Services&);
Response patrol_changes(const Request&, Services&);
Response watch_node(const Request&, Services&);
Response unwatch_node(const Request&, Services&);
Response seen_node(const Request&, Services&);
Response watch_trail(const Request&, Services&);
Response unwatch_trail(const Request&, Services&);
Response seen_trail(const Request&, Services&);
Response list_watches(const Request&, Services&);
// feeds_handler.cpp
Response changes_feed(const Request&, Services&);
// changes_handler.cpp
Response list_changes(const Request&, Services&);
// health_handler.cpp
Response healthz(const Request&, Services&);
Response metrics(const Request&, Services&);
Response whoami(const Request&, Services&);
Response list_types(const Request&, Services&);
Response openapi(const Request&, Services&);
Response problem_docs(const Request&, Services&);
// admin_handler.cpp
Response admin_add_user(const Request&, Services&);
Response admin_import(const Request&, Services&);
// import_handler.cpp
Response import_upload(const Request&, Services&);
Response export_graph(const Request&, Services&);
Response list_sources(const Request&, Services&);
Response sync_source(const Request&, Services&);
Response enrich_work(const Request&, Services&);
Response list_links(const Request&, Services&);
Response admin_check_links(const Request&, Services&);
Response admin_check(const Request&, Services&);
Response admin_backup(const Request&, Services&);

// request_args.cpp: small shared readers of request details. Query parameters are read after
// the router has checked them against the route's Params and filled in their fallbacks
// (router.h), so these only convert: a handler never restates a default or a bound.
uint64_t integer_arg(const Request&, std::string_view name);
bool flag_arg(const Request&, std::string_view name);
std::string text_arg(const Request&, std::string_view name);               // "" when absent
std::vector<std::string> list_arg(const Request&, std::string_view name);  // comma-separated
// A 1-based number from a path segment; `what` opens the error ("steps are numbered from 1").
Result<uint64_t> positive_number(std::string_view s, const std::string& what);
// The revision in If-Match ("3", "\"3\"", W/"3"), absent when there is no header.
Result<std::optional<int64_t>> if_match(const Request&);
WriteMeta write_meta(const Request&);
Response with_etag(Response r, int64_t rev);

}  // namespace resgraph::server
