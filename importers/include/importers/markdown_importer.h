// Markdown resource lists into graph operations. plan_markdown reads a file with cmark-gfm and
// says what it holds (typed nodes, edges, skipped parts with reasons) without touching a store;
// apply_plan merges a plan into the store idempotently, with provenance, never overwriting what
// a contributor edited by hand.
#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "graph/node.h"
#include "graph/status.h"
#include "graph/store.h"
#include "importers/progress.h"

namespace resgraph::importers {

struct DraftNode {
  std::string type, title, url, date, summary;
  int year = 0;
  std::vector<Link> links;
  boost::json::object attrs;
  boost::json::object provenance;  // {source, file, heading, line}
  std::string why;                 // what in the list made it this node, for --explain
  // A person named only by surname or initials whom the file never names in full: the merge
  // finds them in the store or keeps the name as text, never creating a person from it.
  bool tentative = false;
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

// Entries a section's reader met, by the shape of list it read them as.
struct ShapeCount {
  size_t seen = 0, understood = 0, skipped = 0;
};

struct ImportPlan {
  std::vector<DraftNode> nodes;
  std::vector<DraftEdge> edges;
  std::vector<Skip> skipped;
  std::vector<DraftTrail> trails;
  std::map<std::string, ShapeCount> shapes;  // "people", "incidents", ...
};

// What each line of the file became, in line order: "line 12: paper 'Ironies of automation'
// (a link under a Papers heading)", "line 12: authored Lisanne Bainbridge -> Ironies of
// automation", "line 3: skipped: table of contents".
std::vector<std::string> explain(const ImportPlan& plan);

struct MarkdownSource {
  std::string source;  // a name for where the list comes from, e.g. "resilience-engineering"
  std::string file;    // path as given, for provenance
  std::string url;     // where the file was fetched from, when it was (source_import.h)
  std::string etag;    // the fetched copy's validator
};

ImportPlan plan_markdown(std::string_view markdown, const MarkdownSource& source);

struct ImportSummary {
  size_t created = 0, updated = 0, unchanged = 0, skipped = 0;
  size_t edges_created = 0, edges_existing = 0;
  size_t trails = 0;                         // trails created or reordered
  std::vector<std::string> skips;            // "line N: reason"
  std::vector<std::string> conflicts;        // hand-edited nodes the import disagrees with
  std::vector<std::string> changes;          // what was (or, in a dry run, would be) done
  std::map<std::string, ShapeCount> shapes;  // entries seen, understood, skipped, by shape
  std::vector<std::string> explanation;      // with explain: what each line became
};

Result<ImportSummary> apply_plan(Store& store, const ImportPlan& plan, const WriteMeta& meta,
                                 bool dry_run, const Progress& progress = {});
boost::json::object to_json(const ImportSummary& summary);

// plan_markdown then apply_plan: one file, start to end; `explain` adds what each line became.
Result<ImportSummary> import_markdown(Store& store, std::string_view markdown,
                                      const MarkdownSource& source, const WriteMeta& meta,
                                      bool dry_run, bool explain = false,
                                      const Progress& progress = {});

}  // namespace resgraph::importers
