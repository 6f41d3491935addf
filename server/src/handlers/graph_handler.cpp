// GET /api/graph?limit=: the whole graph in compact form for the browser's view (nodes with
// degree and tags, edges by endpoints), bounded.
#include "graph/store.h"
#include "handlers.h"

namespace resgraph::server {
namespace json = boost::json;

// The answer depends on the store's state and the limit alone, so both name it: a browser
// that sends the tag back gets a 304 without the graph being read.
Response whole_graph(const Request& r, Services& s) {
  auto limit = static_cast<size_t>(integer_arg(r, "limit"));
  const std::string etag =
      "\"g" + std::to_string(s.store.last_seq()) + "-" + std::to_string(limit) + "\"";
  if (auto inm = r.header("if-none-match"); inm && inm->find(etag) != std::string::npos) {
    Response not_modified;
    not_modified.status = 304;
    not_modified.content_type.clear();
    not_modified.headers.emplace_back("ETag", etag);
    return not_modified;
  }
  json::array nodes, edges;
  NodeQuery q;
  q.limit = 1000;
  bool truncated = false;
  for (;;) {
    auto page = s.store.list_nodes(q);
    if (!page) return problem(page.status());
    for (const auto& n : page->nodes) {
      if (nodes.size() >= limit) {
        truncated = true;
        break;
      }
      json::object o = node_summary(n);
      json::array tags;
      for (const auto& t : n.tags) tags.push_back(json::string(t));
      o["tags"] = std::move(tags);
      auto out = s.store.edge_refs(n.id, Direction::out, "", 10000);
      if (!out) return problem(out.status());  // not a graph with edges quietly missing
      for (const auto& e : *out)
        edges.push_back(
            json::object{{"id", e.id}, {"from", e.from}, {"to", e.to}, {"type", e.type}});
      nodes.push_back(std::move(o));
    }
    if (truncated || page->next.empty()) break;
    q.after = page->next;
  }
  Response res = json_response(200, json::object{{"nodes", std::move(nodes)},
                                                 {"edges", std::move(edges)},
                                                 {"truncated", truncated},
                                                 {"last_seq", s.store.last_seq()}});
  res.headers.emplace_back("ETag", etag);
  res.headers.emplace_back("Cache-Control", "no-cache");
  return res;
}

}  // namespace resgraph::server
