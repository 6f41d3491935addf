// Every export in one place: GET /api/export and `resgraph export` (on a stopped store or
// through a running server) ask export_graph() the same request and get the same answer.
#pragma once

#include <string>

#include "graph/store.h"
#include "importers/citations.h"

namespace resgraph::importers {

struct ExportRequest {
  // "json" (the whole graph as a dataset), "markdown" (a list), or citations of works:
  // "bibtex", "csl-json" or "ris" (importers/citations.h)
  std::string format = "json";
  std::string type;             // markdown and citations: only nodes of this type
  std::string source;           // one imported list in its own shape (markdown, whatever format)
  std::string file;             // with source: one of its files
  bool diff = false;            // with source: a unified diff against the file upstream
  bool revisions = false;       // json: with every node's revisions
  bool archived_links = false;  // markdown: a dead link's archived copy in its place
  CitationSelection cite;       // citations: which works (all of them by default)
};

struct Exported {
  std::string content_type;
  std::string body;
  std::string file_name;  // citations: what a download is saved as ("allspaw-trail.bib")
};

Result<Exported> export_graph(const Store& store, const ExportRequest& request);

}  // namespace resgraph::importers
