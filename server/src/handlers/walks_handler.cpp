#include <charconv>
#include <sstream>

#include "graph/store.h"
#include "graph/walks.h"
#include "handlers.h"

namespace resgraph::server {
namespace json = boost::json;
namespace {

std::vector<std::string> list_param(const Request& r, const char* name) {
  std::vector<std::string> out;
  std::stringstream in(r.query_param(name).value_or(""));
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

Result<int> int_param(const Request& r, const char* name, int fallback) {
  auto v = r.query_param(name);
  if (!v) return fallback;
  int n = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || ptr != v->data() + v->size())
    return invalid(std::string(name) + " must be an integer");
  return n;
}

}  // namespace

json::object node_summary(const Node& n) {
  json::object o{
      {"id", n.id}, {"slug", n.slug}, {"type", n.type}, {"title", n.title}, {"date", n.date}};
  o["year"] = n.year ? json::value(n.year) : json::value(nullptr);
  return o;
}

json::object neighbourhood_json(const Neighbourhood& hood) {
  json::array nodes, edges;
  for (const auto& w : hood.nodes) {
    json::object o = node_summary(w.node);
    o["depth"] = w.depth;
    nodes.push_back(std::move(o));
  }
  for (const auto& e : hood.edges)
    edges.push_back(json::object{{"id", e.id}, {"from", e.from}, {"to", e.to}, {"type", e.type}});
  return {{"nodes", std::move(nodes)}, {"edges", std::move(edges)}, {"truncated", hood.truncated}};
}

Response node_neighbours(const Request& r, Services& s) {
  auto depth = int_param(r, "depth", 1);
  if (!depth) return problem(depth.status());
  auto limit = limit_param(r, 500, 5000);
  if (!limit) return problem(limit.status());
  for (const auto& t : list_param(r, "types"))
    if (!is_node_type(t)) return problem(invalid("unknown node type '" + t + "'"));
  auto hood = neighbours(s.store, r.params[0], *depth, list_param(r, "types"),
                         list_param(r, "edge_types"), {*limit, std::chrono::milliseconds(250)});
  if (!hood) return problem(hood.status());
  return json_response(200, neighbourhood_json(*hood));
}

Response find_path(const Request& r, Services& s) {
  auto from = r.query_param("from"), to = r.query_param("to");
  if (!from || !to) return problem(invalid("from and to are required (node ids or slugs)"));
  auto depth = int_param(r, "max_depth", 4);
  if (!depth) return problem(depth.status());
  auto path = shortest_path(s.store, *from, *to, list_param(r, "edge_types"), *depth,
                            {500, std::chrono::milliseconds(500)});
  if (!path) return problem(path.status());
  json::object body{{"found", path->found}, {"truncated", path->truncated}};
  if (!path->found) {
    body["message"] = path->truncated ? "the search hit its time or size limit before finding a "
                                        "path; try a smaller max_depth or edge_types"
                                      : "no path within " + std::to_string(*depth) +
                                            " steps between '" + *from + "' and '" + *to + "'";
    return json_response(200, body);
  }
  json::array nodes, edges;
  for (const auto& n : path->nodes) nodes.push_back(node_summary(n));
  for (const auto& e : path->edges)
    edges.push_back(json::object{{"id", e.id}, {"from", e.from}, {"to", e.to}, {"type", e.type}});
  body["length"] = path->edges.size();
  body["nodes"] = std::move(nodes);
  body["edges"] = std::move(edges);
  return json_response(200, body);
}

Response node_related(const Request& r, Services& s) {
  auto limit = limit_param(r, 10, 100);
  if (!limit) return problem(limit.status());
  auto found = related(s.store, r.params[0], *limit, {500, std::chrono::milliseconds(250)});
  if (!found) return problem(found.status());
  json::array out;
  for (const auto& x : *found) {
    json::object o = node_summary(x.node);
    o["score"] = x.score;
    json::array via;
    for (const auto& v : x.via) via.push_back(json::string(v));
    o["via"] = std::move(via);
    out.push_back(std::move(o));
  }
  return json_response(200, json::object{{"related", std::move(out)}});
}

}  // namespace resgraph::server
