// JSON datasets: {"nodes": [node fields...], "edges": [{from, to, type}...]}, where edges name
// nodes by slug. Import is idempotent (an existing node, by URL or type+title, is reused, never
// overwritten); export writes what import reads, so export -> import reproduces the graph.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"
#include "graph/store.h"

namespace resgraph::importers {

struct ImportReport {
  size_t nodes_created = 0, nodes_existing = 0, edges_created = 0, edges_existing = 0;
  std::vector<std::string> problems;  // entries skipped, each with its reason
};

Result<ImportReport> import_dataset(Store& store, std::string_view json, const WriteMeta& meta);
// With `revisions`, each node also carries its history ("revisions", newest first), which
// import ignores: a node's past is the store's, not the dataset's.
std::string export_dataset(const Store& store, bool revisions = false);
boost::json::object to_json(const ImportReport& report);

}  // namespace resgraph::importers
