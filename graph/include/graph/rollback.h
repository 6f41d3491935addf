// Rollback: a moderator undoes a user's latest edits in one action, as new revisions (nothing is
// erased; each undo is itself in the change log). Only the run of edits that are still the
// latest is undone: where someone else has edited since, the node is left for a person to look
// at and reported as skipped, so nobody's later work is lost to a rollback.
#pragma once

#include <string>
#include <vector>

#include "graph/store.h"

namespace resgraph {

struct RollbackReport {
  std::vector<std::string> reverted;  // nodes and trails back at their last revision by another
  std::vector<std::string> deleted;   // nodes and trails the user created and alone edited
  std::vector<std::string> unlinked;  // edges the user created, removed
  std::vector<std::string> relinked;  // edges the user removed, linked again
  std::vector<std::string> hidden;    // comments the user wrote, hidden
  std::vector<std::string> skipped;   // nodes, edges and trails someone else has changed since
};
boost::json::object to_json(const RollbackReport& report);

// The consecutive latest revisions `user` made to one node, undone. Invalid when the latest
// revision is not theirs; a concurrent edit makes it a stale-revision conflict.
Result<RollbackReport> rollback_node(Store& store, std::string_view id_or_slug,
                                     const std::string& user, const WriteMeta& meta);

// Every node, edge and trail `user` changed since `since_ms` (the change log's clock), each
// undone as rollback_node does (edges first), and their comments hidden; at most `max_scan` log
// entries are read.
Result<RollbackReport> rollback_since(Store& store, const std::string& user, int64_t since_ms,
                                      const WriteMeta& meta, size_t max_scan = 1000000);

}  // namespace resgraph
