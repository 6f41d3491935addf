// POST /api/import (contributors) and its loopback twin for the CLI: a Markdown list (or a
// JSON dataset) in the body; ?source=&file=&dry_run=1&format=markdown|json.
#include "graph/store.h"
#include "handlers.h"
#include "importers/dataset.h"
#include "importers/markdown_export.h"
#include "importers/source_import.h"
#include "importers/upload.h"

namespace resgraph::server {
namespace {

Response run_import(const Request& r, Services& s, const std::string& author) {
  importers::Upload up;
  up.format = r.query_param("format").value_or(
      r.header("content-type").value_or("").starts_with("application/json") ? "json" : "markdown");
  up.body = r.body;
  up.file = r.query_param("file").value_or("upload.md");
  up.source = r.query_param("source").value_or(up.file.substr(0, up.file.rfind('.')));
  up.dry_run = r.query_param("dry_run").value_or("0") == "1";
  up.explain = r.query_param("explain").value_or("0") == "1";
  auto result =
      importers::import_upload(s.store, up, {author, r.header("x-comment").value_or("import")});
  if (!result) return problem(result.status());
  return json_response(200, std::move(result->report));
}

}  // namespace

// GET /api/export?format=json|markdown&type=, or format=markdown&source=S&file=F&diff=1
Response export_graph(const Request& r, Services& s) {
  std::string format = r.query_param("format").value_or("json");
  std::string type = r.query_param("type").value_or("");
  if (!type.empty() && !is_node_type(type))
    return problem(invalid("unknown node type '" + type + "'"));
  Response res;
  if (auto source = r.query_param("source"); source && format == "markdown") {
    std::string file = r.query_param("file").value_or("");
    bool diff = r.query_param("diff").value_or("0") == "1";
    auto md = diff ? importers::diff_source_markdown(s.store, *source, file)
                   : importers::export_source_markdown(s.store, *source, file);
    if (!md) return problem(md.status());
    res.content_type = diff ? "text/x-diff; charset=utf-8" : "text/markdown; charset=utf-8";
    res.body = std::move(*md);
  } else if (format == "markdown") {
    res.content_type = "text/markdown; charset=utf-8";
    res.body = importers::export_markdown(s.store, type);
  } else if (format == "json") {
    if (!type.empty())
      return problem(invalid("the JSON export is always the whole graph; drop type"));
    res.body = importers::export_dataset(s.store, r.query_param("revisions").value_or("0") == "1");
  } else {
    return problem(invalid("format must be json or markdown"));
  }
  return res;
}

Response import_upload(const Request& r, Services& s) {
  return run_import(r, s, "import:" + r.user.name);
}

Response admin_import(const Request& r, Services& s) { return run_import(r, s, "import"); }

}  // namespace resgraph::server

namespace resgraph::server {

// GET /api/sources: the lists imported from their URLs, with each file's validator.
Response list_sources(const Request&, Services& s) {
  auto sources = s.store.list_sources();
  if (!sources) return problem(sources.status());
  boost::json::array out;
  for (const auto& src : *sources) out.push_back(to_json(src));
  return json_response(200, boost::json::object{{"sources", out}});
}

// POST /api/sources/{id}/sync: fetch each file again and import what changed upstream.
Response sync_source(const Request& r, Services& s) {
  WriteMeta meta{"import:" + (r.user.name.empty() ? std::string("admin") : r.user.name),
                 r.header("x-comment").value_or("sync")};
  importers::SourceOptions o;
  o.dry_run = r.query_param("dry_run").value_or("0") == "1";
  auto report = importers::sync_source(s.store, r.params.at(0), meta, o);
  if (!report) return problem(report.status());
  return json_response(200, importers::to_json(*report));
}

}  // namespace resgraph::server
