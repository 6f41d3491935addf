// The graph as a README-style Markdown list that the Markdown importer reads back: people with
// their publications and talks, then every other node by type and theme.
#pragma once

#include <string>

#include "graph/store.h"

namespace resgraph::importers {

// `type`, when not empty, limits the export to nodes of that type (and the people linked to them).
// With `archived_links`, every Markdown export writes a dead link's archived copy in its place
// (links/: the link checker finds dead links and their copies): a list to republish, or a diff
// to propose upstream, without the links that went 404.
Result<std::string> export_markdown(const Store& store, const std::string& type = "",
                                    bool archived_links = false);

// One source's list in its own shape (headings, order and entries as imported, with the graph's
// corrections and later additions in place): `source` is a recorded source's id or URL, or the
// provenance source name of a file imported by path; `file` picks one of its files (default:
// the first).
Result<std::string> export_source_markdown(const Store& store, const std::string& source,
                                           const std::string& file = "",
                                           bool archived_links = false);
// That list as a unified diff against the file upstream, ready to propose to the list's
// maintainers; empty when they agree. Only for sources imported from a URL.
Result<std::string> diff_source_markdown(const Store& store, const std::string& source,
                                         const std::string& file = "", bool archived_links = false);

}  // namespace resgraph::importers
