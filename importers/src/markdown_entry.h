// The pieces both Markdown exports write with: an entry line in the form the importer reads
// back, escaped text, the heading that names a type.
#pragma once

#include <string>
#include <vector>

#include "graph/store.h"

namespace resgraph::importers {

std::vector<Node> all_nodes(const Store& store);
// Text exactly as written, every character Markdown could read as markup escaped.
std::string text(const std::string& s);
// One list entry: date first, link, "(w/ …)", "from …", year, annotation links, " - summary".
std::string entry(const Node& n, const std::vector<std::string>& with, const std::string& event);
// "Papers", "Selected talks"-free type headings the importer maps back to the same type.
const char* heading_for(const std::string& type);

}  // namespace resgraph::importers
