#include "graph/rollback.h"

#include <algorithm>
#include <set>

namespace resgraph {
namespace json = boost::json;

namespace {

json::array strings(const std::vector<std::string>& list) {
  json::array out;
  for (const auto& s : list) out.emplace_back(s);
  return out;
}

// Adds the undo of `user`'s latest run of revisions on `id` to `report`.
Status undo_latest_run(Store& store, const std::string& id, const std::string& user,
                       const WriteMeta& meta, RollbackReport& report, bool quiet_if_not_theirs) {
  auto revisions = store.history(id, 1000);  // newest first
  if (!revisions) return revisions.status();
  if (revisions->empty() || revisions->front().author != user) {
    if (quiet_if_not_theirs) {
      report.skipped.push_back(id);
      return Status::ok();
    }
    return invalid("the latest revision of '" + id + "' is not " + user +
                   "'s: nothing to roll back");
  }
  const int64_t head = revisions->front().rev;
  auto before = std::find_if(revisions->begin(), revisions->end(),
                             [&](const Revision& r) { return r.author != user; });
  if (before == revisions->end() && revisions->size() == 1000)
    return invalid("more than 1000 edits of '" + id + "' in a row are " + user +
                   "'s: revert it to a revision by hand");
  if (before == revisions->end()) {  // theirs from the start: the node goes
    if (revisions->front().kind == "deleted") return Status::ok();
    auto gone = store.delete_node(id, head, meta);
    if (!gone) return gone.status();
    report.deleted.push_back(id);
    return Status::ok();
  }
  if (before->kind == "deleted") {  // someone else had deleted it: it stays deleted
    if (revisions->front().kind != "deleted") {
      auto gone = store.delete_node(id, head, meta);
      if (!gone) return gone.status();
    }
    report.deleted.push_back(id);
    return Status::ok();
  }
  auto back = store.revert_node(id, before->rev, head, meta);
  if (!back) return back.status();
  report.reverted.push_back(id);
  return Status::ok();
}

}  // namespace

json::object to_json(const RollbackReport& r) {
  return {{"reverted", strings(r.reverted)},
          {"deleted", strings(r.deleted)},
          {"unlinked", strings(r.unlinked)},
          {"skipped", strings(r.skipped)}};
}

Result<RollbackReport> rollback_node(Store& store, std::string_view id_or_slug,
                                     const std::string& user, const WriteMeta& meta) {
  auto node = if_found(store.get_node(id_or_slug));
  if (!node) return node.status();
  // A deleted node is named by its id (its slug went with it).
  const std::string id = *node ? (*node)->id : std::string(id_or_slug);
  RollbackReport report;
  if (auto s = undo_latest_run(store, id, user, meta, report, false); !s.is_ok()) return s;
  return report;
}

Result<RollbackReport> rollback_since(Store& store, const std::string& user, int64_t since_ms,
                                      const WriteMeta& meta, size_t max_scan) {
  // The log first, then the undo: the undo's own entries are not read back as the user's.
  std::vector<std::string> nodes;
  std::set<std::string> seen;
  std::vector<std::string> edges;
  const uint64_t end = store.last_seq();
  for (uint64_t after = 0, scanned = 0; after < end && scanned < max_scan;) {
    auto page = store.changes_since(after, 1000);
    if (!page) return page.status();
    if (page->empty()) break;
    for (const auto& e : *page) {
      if (e.seq > end) break;
      if (e.author != user || e.at_ms < since_ms) continue;
      if (e.entity == "node" && seen.insert(e.id).second) nodes.push_back(e.id);
      if (e.kind == "edge.created") edges.push_back(e.id);
    }
    scanned += page->size();
    after = page->back().seq;
  }
  RollbackReport report;
  for (const auto& id : edges) {
    auto gone = if_found(store.delete_edge(id, meta));
    if (!gone) return gone.status();
    if (*gone) report.unlinked.push_back(id);
  }
  for (const auto& id : nodes)
    if (auto s = undo_latest_run(store, id, user, meta, report, true); !s.is_ok()) return s;
  return report;
}

}  // namespace resgraph
