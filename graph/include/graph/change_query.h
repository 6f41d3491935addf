// Reading the change log as a patroller does: by user, by kind, by new contributors, not yet
// patrolled. One filtered read goes through at most `max_scanned` entries, so a filter that
// rarely matches answers a short page and where to go on from, never a scan of the whole log.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "graph/store.h"

namespace resgraph {

struct ChangeQuery {
  uint64_t since = 0;
  size_t limit = 100;
  std::string user;
  std::string kind;  // "node.updated", or a family: "node"
  bool new_contributors = false;
  bool unpatrolled = false;
  bool moderator = false;  // reads moderators_only entries
  NewContributorRule rule;
  uint64_t max_scanned = 20000;
};

struct ChangeView {
  ChangeEntry entry;
  std::optional<bool> patrolled;  // for edits (nodes, edges, trails, comments) only
};

struct ChangePage {
  std::vector<ChangeView> changes;
  uint64_t next_since = 0;
};

Result<ChangePage> query_changes(const Store& store, const ChangeQuery& query);

}  // namespace resgraph
