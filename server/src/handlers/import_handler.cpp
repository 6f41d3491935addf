// POST /api/import (contributors) and its loopback twin for the CLI: a Markdown list (or a
// JSON dataset) in the body; ?source=&file=&dry_run=1&format=markdown|json.
#include "graph/store.h"
#include "handlers.h"
#include "importers/dataset.h"
#include "importers/enrich.h"
#include "importers/export.h"
#include "importers/source_import.h"
#include "importers/upload.h"

namespace resgraph::server {
namespace {

// The format a body's media type names, when the query does not say.
std::string format_of(const std::string& content_type) {
  if (content_type.starts_with("application/json")) return "json";
  if (content_type.starts_with("application/vnd.citationstyles.csl+json")) return "csl-json";
  if (content_type.starts_with("application/x-bibtex")) return "bibtex";
  if (content_type.starts_with("application/x-research-info-systems")) return "ris";
  return "markdown";
}

Response run_import(const Request& r, Services& s, const std::string& author) {
  importers::Upload up;
  up.format = r.query_param("format").value_or(format_of(r.header("content-type").value_or("")));
  up.body = r.body;
  up.file = text_arg(r, "file");
  up.source = r.query_param("source").value_or(up.file.substr(0, up.file.rfind('.')));
  up.dry_run = flag_arg(r, "dry_run");
  up.explain = flag_arg(r, "explain");
  auto result =
      importers::import_upload(s.store, up, {author, r.header("x-comment").value_or("import")});
  if (!result) return problem(result.status());
  return json_response(200, std::move(result->report));
}

}  // namespace

// GET /api/export?format=json|markdown&type=, or ?source=S&file=F&diff=1, or citations:
// ?format=bibtex|csl-json|ris with trail=, node=&depth=, person= or q= (search's filters)
Response export_graph(const Request& r, Services& s) {
  importers::ExportRequest q;
  q.format = text_arg(r, "format");
  q.type = text_arg(r, "type");
  q.source = text_arg(r, "source");
  q.file = text_arg(r, "file");
  q.diff = flag_arg(r, "diff");
  q.revisions = flag_arg(r, "revisions");
  q.archived_links = flag_arg(r, "archived_links");
  q.cite.trail = text_arg(r, "trail");
  q.cite.node = text_arg(r, "node");
  q.cite.depth = static_cast<int>(integer_arg(r, "depth"));
  q.cite.person = text_arg(r, "person");
  if (r.query_param("q")) {
    auto hits = s.search.hit_ids({text_arg(r, "q"), text_arg(r, "type"), text_arg(r, "sort")},
                                 importers::kMaxCitedHits);
    if (!hits) return problem(hits.status());
    q.cite.ids = std::move(*hits);
  }
  auto exported = importers::export_graph(s.store, q);
  if (!exported) return problem(exported.status());
  Response res;
  res.content_type = std::move(exported->content_type);
  res.body = std::move(exported->body);
  if (!exported->file_name.empty())  // a slug and an extension: nothing to quote
    res.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"" + exported->file_name + "\"");
  return res;
}

Response import_upload(const Request& r, Services& s) {
  return run_import(r, s, "import:" + r.user.name);
}

Response admin_import(const Request& r, Services& s) { return run_import(r, s, "import"); }

// POST /api/nodes/{id}/enrich, and the CLI's POST /api/admin/enrich?node= (every work lacking a
// field when no node is named).
Response enrich_work(const Request& r, Services& s) {
  importers::EnrichOptions o;
  o.crossref_url = s.options.crossref_url;
  o.contact = s.options.contact;
  o.dry_run = flag_arg(r, "dry_run");
  const std::string node = r.params.empty() ? text_arg(r, "node") : r.params.at(0);
  WriteMeta meta{"enrich:" + (r.user.name.empty() ? std::string("admin") : r.user.name),
                 r.header("x-comment").value_or("metadata lookup")};
  auto report = node.empty() ? importers::enrich_works(s.store, o, meta)
                             : importers::enrich_node(s.store, node, o, meta);
  if (!report) return problem(report.status());
  return json_response(200, importers::to_json(*report));
}

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
  o.dry_run = flag_arg(r, "dry_run");
  auto report = importers::sync_source(s.store, r.params.at(0), meta, o);
  if (!report) return problem(report.status());
  return json_response(200, importers::to_json(*report));
}

}  // namespace resgraph::server
