#include "graph/store.h"
#include "handlers.h"
#include "importers/json_fields.h"

namespace resgraph::server {
namespace json = boost::json;

Response list_nodes(const Request& r, Services& s) {
  NodeQuery q;
  q.type = text_arg(r, "type");
  q.tag = text_arg(r, "tag");
  q.after = text_arg(r, "cursor");
  q.limit = static_cast<size_t>(integer_arg(r, "limit"));
  auto page = s.store.list_nodes(q);
  if (!page) return problem(page.status());
  json::array nodes;
  for (const auto& n : page->nodes) nodes.push_back(to_json(n));
  json::object body{{"nodes", std::move(nodes)}};
  body["next_cursor"] = page->next.empty() ? json::value(nullptr) : json::value(page->next);
  return json_response(200, body);
}

Response create_node(const Request& r, Services& s) {
  auto fields = importers::parse_node_fields(r.body, true);
  if (!fields) return problem(fields.status());
  auto node = s.store.create_node(*fields, write_meta(r));
  if (!node) return problem(node.status(), &s);
  Response res = with_etag(json_response(201, to_json(*node)), node->rev);
  res.headers.emplace_back("Location", "/api/nodes/" + node->id);
  return res;
}

Response get_node(const Request& r, Services& s) {
  auto node = s.store.get_node_json(r.params[0]);
  if (!node) return problem(node.status());
  Response res;
  res.body = std::move(node->json);
  return with_etag(std::move(res), node->rev);
}

Response patch_node(const Request& r, Services& s) {
  auto rev = if_match(r);
  if (!rev) return problem(rev.status());
  auto fields = importers::parse_node_fields(r.body, false);
  if (!fields) return problem(fields.status());
  auto node = s.store.update_node(r.params[0], *fields, *rev, write_meta(r));
  if (!node) return problem(node.status(), &s);
  return with_etag(json_response(200, to_json(*node)), node->rev);
}

Response delete_node(const Request& r, Services& s) {
  auto rev = if_match(r);
  if (!rev) return problem(rev.status());
  auto node = s.store.delete_node(r.params[0], *rev, write_meta(r));
  if (!node) return problem(node.status(), &s);
  return with_etag(json_response(200, json::object{{"deleted", node->id}, {"rev", node->rev}}),
                   node->rev);
}

Response node_edges(const Request& r, Services& s) {
  std::string dir = text_arg(r, "direction");
  Direction d = dir == "out" ? Direction::out : dir == "in" ? Direction::in : Direction::both;
  auto edges = s.store.edges_of(r.params[0], d, text_arg(r, "type"),
                                static_cast<size_t>(integer_arg(r, "limit")));
  if (!edges) return problem(edges.status());
  json::array out;
  for (const auto& e : *edges) out.push_back(to_json(e));
  return json_response(200, json::object{{"edges", std::move(out)}});
}

}  // namespace resgraph::server
