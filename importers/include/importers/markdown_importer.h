// Markdown resource lists into graph operations. plan_markdown reads a file with cmark-gfm and
// says what it holds (typed nodes, edges, skipped parts with reasons) without touching a store;
// apply_plan merges a plan into the store idempotently, with provenance, never overwriting what
// a contributor edited by hand.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "graph/node.h"
#include "graph/status.h"
#include "graph/store.h"

namespace resgraph::importers {

struct DraftNode {
  std::string type, title, url, date, summary;
  int year = 0;
  std::vector<Link> links;
  boost::json::object attrs;
  boost::json::object provenance;  // {source, file, heading, line}
};

struct DraftEdge {
  size_t from = 0, to = 0;  // indexes into ImportPlan::nodes
  std::string type;
  boost::json::object provenance;
};

struct Skip {
  int line = 0;
  std::string reason;
};

// An ordered, dated list: offered as a trail in its own order.
struct DraftTrail {
  std::string title;
  std::vector<size_t> steps;
  boost::json::object provenance;
};

struct ImportPlan {
  std::vector<DraftNode> nodes;
  std::vector<DraftEdge> edges;
  std::vector<Skip> skipped;
  std::vector<DraftTrail> trails;
};

struct MarkdownSource {
  std::string source;  // a name for where the list comes from, e.g. "resilience-engineering"
  std::string file;    // path as given, for provenance
};

ImportPlan plan_markdown(std::string_view markdown, const MarkdownSource& source);

struct ImportSummary {
  size_t created = 0, updated = 0, unchanged = 0, skipped = 0;
  size_t edges_created = 0, edges_existing = 0;
  size_t trails = 0;                   // trails created or reordered
  std::vector<std::string> skips;      // "line N: reason"
  std::vector<std::string> conflicts;  // hand-edited nodes the import disagrees with
  std::vector<std::string> changes;    // what was (or, in a dry run, would be) done
};

Result<ImportSummary> apply_plan(Store& store, const ImportPlan& plan, const WriteMeta& meta,
                                 bool dry_run);
boost::json::object to_json(const ImportSummary& summary);

// plan_markdown then apply_plan: one file, start to end.
Result<ImportSummary> import_markdown(Store& store, std::string_view markdown,
                                      const MarkdownSource& source, const WriteMeta& meta,
                                      bool dry_run);

}  // namespace resgraph::importers
