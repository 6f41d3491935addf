// A list's legend: the paragraph that explains the markers its entries carry ("a [TWRR](…)
// link indicates a review in Thinking With Resilience", "📺 marks a video"). Its markers are
// annotations everywhere in the file, kept as labelled links on the entry they follow and never
// made nodes; the legend itself names no resource.
#pragma once

#include <cmark-gfm.h>

#include <set>
#include <string>

namespace resgraph::importers {

struct Legend {
  std::set<std::string> markers;  // title_key of each marker's label
  std::set<cmark_node*> blocks;   // the paragraphs that explain them
};

Legend find_legend(cmark_node* document);

}  // namespace resgraph::importers
