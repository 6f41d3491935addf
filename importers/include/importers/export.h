// Every export in one place: GET /api/export and `resgraph export` (on a stopped store or
// through a running server) ask export_graph() the same request and get the same answer.
#pragma once

#include <string>

#include "graph/store.h"

namespace resgraph::importers {

struct ExportRequest {
  std::string format = "json";  // the whole graph: "json" (a dataset) or "markdown" (a list)
  std::string type;             // markdown: only nodes of this type
  std::string source;           // one imported list in its own shape (markdown, whatever format)
  std::string file;             // with source: one of its files
  bool diff = false;            // with source: a unified diff against the file upstream
  bool revisions = false;       // json: with every node's revisions
};

struct Exported {
  std::string content_type;
  std::string body;
};

Result<Exported> export_graph(const Store& store, const ExportRequest& request);

}  // namespace resgraph::importers
