// JSON datasets: {"nodes": [node fields...], "edges": [{from, to, type}...], "trails": [{title,
// slug, description, steps: [{node, note}]}]}, where edges and steps name nodes by slug. Import is
// idempotent (an existing node, by URL or type+title, is reused, never overwritten); export writes
// what import reads, so export -> import reproduces the graph.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"
#include "graph/store.h"
#include "importers/progress.h"

namespace resgraph::importers {

struct ImportReport {
  size_t nodes_created = 0, nodes_existing = 0, edges_created = 0, edges_existing = 0;
  size_t trails_created = 0, trails_existing = 0;
  std::vector<std::string> problems;  // entries skipped, each with its reason
};

Result<ImportReport> import_dataset(Store& store, std::string_view json, const WriteMeta& meta,
                                    const Progress& progress = {});
// With `revisions`, each node also carries its history ("revisions", newest first), which
// import ignores: a node's past is the store's, not the dataset's.
Result<std::string> export_dataset(const Store& store, bool revisions = false);

// Every .json dataset and .md list in `dir` (not README.md, not below it), in name order, as
// `resgraph serve` loads its default dataset; problems are reported per file, never fatal.
struct DirectoryReport {
  size_t files = 0, nodes_created = 0, edges_created = 0, trails_created = 0;
  std::vector<std::string> problems;
};
Result<DirectoryReport> import_dataset_dir(Store& store, const std::string& dir,
                                           const WriteMeta& meta);
boost::json::object to_json(const ImportReport& report);

}  // namespace resgraph::importers
