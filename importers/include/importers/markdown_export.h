// The graph as a README-style Markdown list that the Markdown importer reads back: people with
// their publications and talks, then every other node by type and theme.
#pragma once

#include <string>

#include "graph/store.h"

namespace resgraph::importers {

// `type`, when not empty, limits the export to nodes of that type (and the people linked to them).
std::string export_markdown(const Store& store, const std::string& type = "");

}  // namespace resgraph::importers
