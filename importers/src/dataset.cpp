#include "importers/dataset.h"

#include <boost/json/serialize.hpp>
#include <map>

#include "importers/json_fields.h"

namespace resgraph::importers {
namespace json = boost::json;

Result<ImportReport> import_dataset(Store& store, std::string_view text, const WriteMeta& meta) {
  auto doc = parse_json(text);
  if (!doc) return doc.status();
  if (!doc->is_object()) return invalid("a dataset is a JSON object with 'nodes' and 'edges'");
  const auto& root = doc->get_object();
  for (const auto& [key, _] : root)
    if (key != "nodes" && key != "edges")
      return invalid("unknown dataset field '" + std::string(key) + "'");

  ImportReport report;
  std::map<std::string, std::string> id_of_slug;  // dataset slug -> node id in this store
  if (auto* nodes = root.if_contains("nodes")) {
    if (!nodes->is_array()) return invalid("'nodes' must be an array");
    size_t index = 0;
    for (const auto& item : nodes->get_array()) {
      ++index;
      json::value entry = item;
      if (entry.is_object()) entry.as_object().erase("revisions");
      auto fields = parse_node_fields(json::serialize(entry), true);
      if (!fields) {
        report.problems.push_back("node " + std::to_string(index) + ": " + fields.status().message());
        continue;
      }
      std::string slug = fields->slug.value_or("");
      if (auto existing = store.find_duplicate(*fields->type, *fields->title, fields->url.value_or(""))) {
        ++report.nodes_existing;
        if (!slug.empty()) id_of_slug[slug] = *existing;
        continue;
      }
      auto created = store.create_node(*fields, meta);
      if (!created) {
        if (created.status().code() == Code::unavailable) return created.status();
        report.problems.push_back("node " + std::to_string(index) + " (" + *fields->title +
                                  "): " + created.status().message());
        continue;
      }
      ++report.nodes_created;
      if (!slug.empty()) id_of_slug[slug] = created->id;
    }
  }
  if (auto* edges = root.if_contains("edges")) {
    if (!edges->is_array()) return invalid("'edges' must be an array");
    size_t index = 0;
    for (const auto& item : edges->get_array()) {
      ++index;
      auto fields = parse_edge_fields(json::serialize(item));
      if (!fields) {
        report.problems.push_back("edge " + std::to_string(index) + ": " + fields.status().message());
        continue;
      }
      if (auto it = id_of_slug.find(fields->from); it != id_of_slug.end()) fields->from = it->second;
      if (auto it = id_of_slug.find(fields->to); it != id_of_slug.end()) fields->to = it->second;
      auto created = store.create_edge(*fields, meta);
      if (created) ++report.edges_created;
      else if (created.status().code() == Code::conflict) ++report.edges_existing;
      else if (created.status().code() == Code::unavailable) return created.status();
      else report.problems.push_back("edge " + std::to_string(index) + ": " + created.status().message());
    }
  }
  return report;
}

std::string export_dataset(const Store& store, bool revisions) {
  json::array nodes, edges;
  std::map<std::string, std::string> slug_of;
  NodeQuery q;
  q.limit = 1000;
  std::vector<Node> all;
  for (;;) {
    auto page = store.list_nodes(q);
    if (!page) break;
    for (auto& n : page->nodes) {
      slug_of[n.id] = n.slug;
      all.push_back(std::move(n));
    }
    if (page->next.empty()) break;
    q.after = page->next;
  }
  for (const auto& n : all) {
    json::object o = resgraph::to_json(n);
    for (const char* drop : {"id", "rev", "created", "updated"}) o.erase(drop);
    if (o["year"].is_null()) o.erase("year");
    if (revisions) {
      json::array history;
      if (auto h = store.history(n.id, 1000))
        for (const auto& r : *h) history.push_back(resgraph::to_json(r));
      o["revisions"] = std::move(history);
    }
    nodes.push_back(std::move(o));
  }
  for (const auto& n : all) {
    auto out = store.edges_of(n.id, Direction::out, "", SIZE_MAX);
    if (!out) continue;
    for (const auto& e : *out)
      edges.push_back(json::object{{"from", slug_of[e.from]}, {"to", slug_of[e.to]},
                                   {"type", e.type}, {"attrs", e.attrs}, {"provenance", e.provenance}});
  }
  return json::serialize(json::object{{"nodes", std::move(nodes)}, {"edges", std::move(edges)}});
}

json::object to_json(const ImportReport& r) {
  json::array problems;
  for (const auto& p : r.problems) problems.push_back(json::string(p));
  return {{"nodes_created", r.nodes_created}, {"nodes_existing", r.nodes_existing},
          {"edges_created", r.edges_created}, {"edges_existing", r.edges_existing},
          {"problems", std::move(problems)}};
}

}  // namespace resgraph::importers
