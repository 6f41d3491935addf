// One import, whichever door it comes through: POST /api/import, its loopback twin the CLI
// hands work to, and `resgraph import` on a stopped store all call import_upload.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "graph/store.h"
#include "importers/progress.h"

namespace resgraph::importers {

struct Upload {
  std::string format = "markdown";  // "markdown", "json", "bibtex", "csl-json" or "ris"
  // A Markdown list, a JSON dataset, {"url": "https://..."}, or citations (a "json" body that
  // is an array is CSL-JSON).
  std::string body;
  std::string source;  // Markdown: the list's name, for provenance
  std::string file;    // Markdown: the file's path, for provenance
  bool dry_run = false;
  bool explain = false;
  Progress progress;  // entries done of all, as the import goes (the CLI's terminal line)
};

// What was read, as the API answers it: a Markdown import's summary, a dataset's report, or
// (for {"url"}) a source report with a summary per file. `kind` tells which: "markdown",
// "dataset" or "source".
struct UploadResult {
  std::string kind;
  boost::json::object report;
};

// Which reader an upload goes to: "markdown", "source" ({"url"}), "dataset" or "citations";
// "" when the format is none of them. What import_upload dispatches on. Citations answer as
// a Markdown import does (kind "markdown"): the same summary of a merged plan.
std::string upload_kind(const Upload& upload);

Result<UploadResult> import_upload(Store& store, const Upload& upload, const WriteMeta& meta);

}  // namespace resgraph::importers
