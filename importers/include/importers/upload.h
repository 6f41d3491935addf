// One import, whichever door it comes through: POST /api/import, its loopback twin the CLI
// hands work to, and `resgraph import` on a stopped store all call import_upload.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "graph/store.h"

namespace resgraph::importers {

struct Upload {
  std::string format = "markdown";  // "markdown" or "json"
  std::string body;                 // a Markdown list, a JSON dataset, or {"url": "https://..."}
  std::string source;               // Markdown: the list's name, for provenance
  std::string file;                 // Markdown: the file's path, for provenance
  bool dry_run = false;
  bool explain = false;
};

// What was read, as the API answers it: a Markdown import's summary, a dataset's report, or
// (for {"url"}) a source report with a summary per file. `kind` tells which: "markdown",
// "dataset" or "source".
struct UploadResult {
  std::string kind;
  boost::json::object report;
};

// Which reader an upload goes to: "markdown", "source" ({"url"}) or "dataset"; "" when the
// format is neither. What import_upload dispatches on, and what its answer's kind will be.
std::string upload_kind(const Upload& upload);

Result<UploadResult> import_upload(Store& store, const Upload& upload, const WriteMeta& meta);

}  // namespace resgraph::importers
