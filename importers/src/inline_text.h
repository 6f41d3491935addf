// A paragraph's inline content, flattened into runs of plain text and links: what every list
// reader works on, whatever the Markdown's emphasis and nesting.
#pragma once

#include <cmark-gfm.h>

#include <functional>
#include <string>
#include <vector>

#include "graph/node.h"

namespace resgraph::importers {

struct Segment {
  std::string text;
  std::string url;  // empty for plain text
  bool image = false;
};

std::vector<Segment> flatten(cmark_node* node);
// The plain text of a block or inline node, trimmed.
std::string plain_text(cmark_node* node);
bool is_external(const std::string& url);

// The parts of a linked entry around its main link (segment `main`).
struct AroundLink {
  std::string before, after;  // text before the main link, text after it (links left out)
  std::vector<Link> annotations;
  std::vector<size_t> secondary;  // other links that name resources of their own
};

// Sorts the entry's other links: inside brackets, unlabelled or annotation-worded ones annotate
// the main link; capitalized ones name resources of their own.
AroundLink around_link(const std::vector<Segment>& segs, size_t main,
                       const std::function<bool(const std::string&)>& is_annotation);

}  // namespace resgraph::importers
