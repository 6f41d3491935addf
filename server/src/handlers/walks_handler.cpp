#include "graph/store.h"
#include "graph/walks.h"
#include "handlers.h"

namespace resgraph::server {
namespace json = boost::json;

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
  auto depth = static_cast<int>(integer_arg(r, "depth"));
  auto limit = static_cast<size_t>(integer_arg(r, "limit"));
  auto hood = neighbours(s.store, r.params[0], depth, list_arg(r, "types"),
                         list_arg(r, "edge_types"), {limit, std::chrono::milliseconds(250)});
  if (!hood) return problem(hood.status());
  return json_response(200, neighbourhood_json(*hood));
}

Response find_path(const Request& r, Services& s) {
  std::string from = text_arg(r, "from"), to = text_arg(r, "to");
  auto depth = static_cast<int>(integer_arg(r, "max_depth"));
  auto path = shortest_path(s.store, from, to, list_arg(r, "edge_types"), depth,
                            {500, std::chrono::milliseconds(500)});
  if (!path) return problem(path.status());
  json::object body{{"found", path->found}, {"truncated", path->truncated}};
  if (!path->found) {
    body["message"] = path->truncated ? "the search hit its time or size limit before finding a "
                                        "path; try a smaller max_depth or edge_types"
                                      : "no path within " + std::to_string(depth) +
                                            " steps between '" + from + "' and '" + to + "'";
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
  auto found = related(s.store, r.params[0], static_cast<size_t>(integer_arg(r, "limit")),
                       {500, std::chrono::milliseconds(250)});
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
