#include "importers/dataset.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "importers/json_fields.h"
#include "importers/markdown_importer.h"

namespace resgraph::importers {
namespace json = boost::json;

namespace {

// A trail of the dataset is created once: one that exists under its slug is left as its owner
// and editors have made it since. Steps name nodes by the dataset's slugs.
Status import_trails(Store& store, const json::array& trails,
                     const std::map<std::string, std::string>& id_of_slug, const WriteMeta& meta,
                     ImportReport& report) {
  size_t index = 0;
  for (const auto& item : trails) {
    ++index;
    json::value entry = item;
    if (auto* o = entry.if_object(); o && o->contains("steps") && (*o)["steps"].is_array())
      for (auto& step : (*o)["steps"].as_array())
        if (auto* s = step.if_object(); s && s->contains("node") && (*s)["node"].is_string())
          if (auto it = id_of_slug.find(std::string((*s)["node"].as_string()));
              it != id_of_slug.end())
            (*s)["node"] = it->second;
    auto fields = parse_trail_fields(json::serialize(entry), true);
    if (!fields) {
      report.problems.push_back("trail " + std::to_string(index) + ": " +
                                fields.status().message());
      continue;
    }
    if (fields->slug && store.get_trail(*fields->slug)) {
      ++report.trails_existing;
      continue;
    }
    auto created = store.create_trail(*fields, meta);
    if (created)
      ++report.trails_created;
    else if (created.status().code() == Code::unavailable)
      return created.status();
    else
      report.problems.push_back("trail " + std::to_string(index) + " (" +
                                fields->title.value_or("") + "): " + created.status().message());
  }
  return Status::ok();
}

Result<json::array> export_trails(const Store& store,
                                  const std::map<std::string, std::string>& slug_of) {
  json::array out;
  std::string after;
  for (;;) {
    auto page = store.list_trails(after, 500);
    if (!page) return page.status();
    if (page->empty()) break;
    for (const auto& t : *page) {
      json::array steps;
      for (const auto& s : t.steps) {
        auto slug = slug_of.find(s.node);
        steps.push_back(json::object{{"node", slug == slug_of.end() ? s.node : slug->second},
                                     {"note", s.note}});
      }
      out.push_back(json::object{{"title", t.title},
                                 {"slug", t.slug},
                                 {"description", t.description},
                                 {"steps", std::move(steps)}});
    }
    after = page->back().id;
  }
  return out;
}

}  // namespace

namespace {

Result<ImportReport> import_entries(Store& store, std::string_view text, const WriteMeta& meta,
                                    const Progress& progress) {
  auto doc = parse_json(text);
  if (!doc) return doc.status();
  if (!doc->is_object()) return invalid("a dataset is a JSON object with 'nodes' and 'edges'");
  const auto& root = doc->get_object();
  for (const auto& [key, _] : root)
    if (key != "nodes" && key != "edges" && key != "trails")
      return invalid("unknown dataset field '" + std::string(key) + "'");

  ImportReport report;
  std::map<std::string, std::string> id_of_slug;  // dataset slug -> node id in this store
  size_t total = 0, done = 0;
  for (const char* part : {"nodes", "edges", "trails"})
    if (auto* list = root.if_contains(part); list && list->is_array())
      total += list->get_array().size();
  auto step = [&] {
    if (progress) progress(++done, total);
  };
  if (auto* nodes = root.if_contains("nodes")) {
    if (!nodes->is_array()) return invalid("'nodes' must be an array");
    size_t index = 0;
    for (const auto& item : nodes->get_array()) {
      ++index;
      step();
      json::value entry = item;
      if (entry.is_object()) entry.as_object().erase("revisions");
      auto fields = parse_node_fields(json::serialize(entry), true);
      if (!fields) {
        report.problems.push_back("node " + std::to_string(index) + ": " +
                                  fields.status().message());
        continue;
      }
      std::string slug = fields->slug.value_or("");
      auto existing = store.find_duplicate(*fields->type, *fields->title, fields->url.value_or(""),
                                           fields->attrs.value_or(json::object()));
      if (!existing) return existing.status();
      if (*existing) {
        ++report.nodes_existing;
        if (!slug.empty()) id_of_slug[slug] = **existing;
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
      step();
      auto fields = parse_edge_fields(json::serialize(item));
      if (!fields) {
        report.problems.push_back("edge " + std::to_string(index) + ": " +
                                  fields.status().message());
        continue;
      }
      if (auto it = id_of_slug.find(fields->from); it != id_of_slug.end())
        fields->from = it->second;
      if (auto it = id_of_slug.find(fields->to); it != id_of_slug.end()) fields->to = it->second;
      auto created = store.create_edge(*fields, meta);
      if (created)
        ++report.edges_created;
      else if (created.status().code() == Code::conflict)
        ++report.edges_existing;
      else if (created.status().code() == Code::unavailable)
        return created.status();
      else
        report.problems.push_back("edge " + std::to_string(index) + ": " +
                                  created.status().message());
    }
  }
  if (auto* trails = root.if_contains("trails")) {
    if (!trails->is_array()) return invalid("'trails' must be an array");
    if (auto s = import_trails(store, trails->get_array(), id_of_slug, meta, report); !s.is_ok())
      return s;
    if (progress) progress(total, total);
  }
  return report;
}

}  // namespace

// Every entry is its own write and change-log entry; the dataset syncs once, at the end.
Result<ImportReport> import_dataset(Store& store, std::string_view text, const WriteMeta& meta,
                                    const Progress& progress) {
  return store.with_one_sync([&] { return import_entries(store, text, meta, progress); });
}

Result<std::string> export_dataset(const Store& store, bool revisions) {
  json::array nodes, edges;
  std::map<std::string, std::string> slug_of;
  NodeQuery q;
  q.limit = 1000;
  std::vector<Node> all;
  for (;;) {
    auto page = store.list_nodes(q);
    if (!page) return page.status();
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
      auto h = store.history(n.id, 1000);
      if (!h) return h.status();
      for (const auto& r : *h) history.push_back(resgraph::to_json(r));
      o["revisions"] = std::move(history);
    }
    nodes.push_back(std::move(o));
  }
  for (const auto& n : all) {
    auto out = store.edges_of(n.id, Direction::out, "", SIZE_MAX);
    if (!out) return out.status();
    for (const auto& e : *out)
      edges.push_back(json::object{{"from", slug_of[e.from]},
                                   {"to", slug_of[e.to]},
                                   {"type", e.type},
                                   {"attrs", e.attrs},
                                   {"provenance", e.provenance}});
  }
  json::object dataset{{"nodes", std::move(nodes)}, {"edges", std::move(edges)}};
  auto trails = export_trails(store, slug_of);
  if (!trails) return trails.status();
  if (!trails->empty()) dataset["trails"] = std::move(*trails);
  return json::serialize(dataset);
}

Result<DirectoryReport> import_dataset_dir(Store& store, const std::string& dir,
                                           const WriteMeta& meta) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if ((entry.path().extension() == ".json" || entry.path().extension() == ".md") &&
        entry.path().filename() != "README.md")
      files.push_back(entry.path());
  if (ec) return invalid("cannot read the dataset folder '" + dir + "': " + ec.message());
  std::sort(files.begin(), files.end());
  DirectoryReport out;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    ++out.files;
    const std::string name = file.filename().string();
    if (file.extension() == ".json") {
      auto report = import_dataset(store, text.str(), meta);
      if (!report) {
        if (report.status().code() == Code::unavailable) return report.status();
        out.problems.push_back(name + ": " + report.status().message());
        continue;
      }
      out.nodes_created += report->nodes_created;
      out.edges_created += report->edges_created;
      out.trails_created += report->trails_created;
      for (const auto& p : report->problems) out.problems.push_back(name + ": " + p);
      continue;
    }
    auto summary = import_markdown(store, text.str(), {"data", name}, meta, false);
    if (!summary) {
      if (summary.status().code() == Code::unavailable) return summary.status();
      out.problems.push_back(name + ": " + summary.status().message());
      continue;
    }
    out.nodes_created += summary->created;
    out.edges_created += summary->edges_created;
    out.trails_created += summary->trails;
  }
  return out;
}

json::object to_json(const ImportReport& r) {
  json::array problems;
  for (const auto& p : r.problems) problems.push_back(json::string(p));
  return {{"nodes_created", r.nodes_created},   {"nodes_existing", r.nodes_existing},
          {"edges_created", r.edges_created},   {"edges_existing", r.edges_existing},
          {"trails_created", r.trails_created}, {"trails_existing", r.trails_existing},
          {"problems", std::move(problems)}};
}

}  // namespace resgraph::importers
