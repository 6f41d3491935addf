// The pieces both Markdown exports write with: an entry line in the form the importer reads
// back, escaped text, the heading that names a type.
#pragma once

#include <string>
#include <vector>

#include "graph/store.h"

namespace resgraph::importers {

// Every node, or the read failure that kept one from being listed. With `archived_links`, a
// link the checker found dead and has an archived copy of reads as that copy, in the node's URL
// and its annotation links alike.
Result<std::vector<Node>> all_nodes(const Store& store, bool archived_links = false);

// Edge reads for an export: the first failed read is kept, and the export answers it instead
// of writing a list with pieces silently missing.
class ExportReads {
 public:
  explicit ExportReads(const Store& store) : store_(store) {}
  std::vector<Edge> edges_of(std::string_view id, Direction dir, const std::string& type,
                             size_t limit) const;
  const Status& status() const { return failed_; }

 private:
  const Store& store_;
  mutable Status failed_;
};
// Text exactly as written, every character Markdown could read as markup escaped.
std::string text(const std::string& s);
// One list entry: date first, link, "(w/ …)", "from …", year, annotation links, " - summary".
std::string entry(const Node& n, const std::vector<std::string>& with, const std::string& event);
// "Papers", "Selected talks"-free type headings the importer maps back to the same type.
const char* heading_for(const std::string& type);

}  // namespace resgraph::importers
