// A paragraph's inline content, flattened into runs of plain text and links: what every list
// reader works on, whatever the Markdown's emphasis and nesting.
#pragma once

#include <cmark-gfm.h>

#include <string>
#include <vector>

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

}  // namespace resgraph::importers
