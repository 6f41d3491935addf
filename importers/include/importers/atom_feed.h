// Atom feeds (RFC 4287) of the change log: the whole graph's recent changes, or those of the
// records a reader follows (a node, a trail and its steps, a person and their works, a saved
// search's results). Built from the one change log, as every other reader of it is.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "graph/store.h"

namespace resgraph::importers {

struct FeedRequest {
  std::string title;     // "resgraph: changes to Richard Cook"
  std::string self_url;  // the feed's own absolute URL: its id and rel="self"
  std::string site_url;  // "https://graph.example.org": permalinks are made under it
  // The records followed (ids); nullopt: every node, edge and trail of the graph.
  std::optional<std::vector<std::string>> ids;
  size_t limit = 50;
};

// The feed's XML; entries newest first, each with id, title, updated, author and a link to the
// record's permalink in the web app.
Result<std::string> atom_feed(const Store& store, const FeedRequest& request);

}  // namespace resgraph::importers
