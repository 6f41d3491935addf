#include "graph/rollback.h"

#include <algorithm>
#include <functional>
#include <set>

namespace resgraph {
namespace json = boost::json;

namespace {

json::array strings(const std::vector<std::string>& list) {
  json::array out;
  for (const auto& s : list) out.emplace_back(s);
  return out;
}

// How one kind of entity is removed and brought back to a revision, for the undo below.
struct Undo {
  std::function<Status(const std::string& id, int64_t head)> remove;
  std::function<Status(const std::string& id, int64_t rev, int64_t head)> revert;
};

template <typename T>
Status status_of(const Result<T>& r) {
  return r ? Status::ok() : r.status();
}

Undo undo_for(Store& store, const std::string& entity, const WriteMeta& meta) {
  if (entity == "edge")
    return {[&store, meta](const std::string& id, int64_t) {
              return status_of(store.delete_edge(id, meta));
            },
            [&store, meta](const std::string& id, int64_t rev, int64_t) {
              return status_of(store.revert_edge(id, rev, meta));
            }};
  if (entity == "trail")
    return {[&store, meta](const std::string& id, int64_t head) {
              return status_of(store.delete_trail(id, head, meta));
            },
            [&store, meta](const std::string& id, int64_t rev, int64_t head) {
              return status_of(store.revert_trail(id, rev, head, meta));
            }};
  return {[&store, meta](const std::string& id, int64_t head) {
            return status_of(store.delete_node(id, head, meta));
          },
          [&store, meta](const std::string& id, int64_t rev, int64_t head) {
            return status_of(store.revert_node(id, rev, head, meta));
          }};
}

// Adds the undo of `user`'s latest run of revisions on `id` (a node, edge or trail) to `report`.
Status undo_latest_run(Store& store, const std::string& entity, const std::string& id,
                       const std::string& user, const WriteMeta& meta, RollbackReport& report,
                       bool quiet_if_not_theirs) {
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
  const bool gone_now = revisions->front().kind == "deleted";
  auto before = std::find_if(revisions->begin(), revisions->end(),
                             [&](const Revision& r) { return r.author != user; });
  if (before == revisions->end() && revisions->size() == 1000)
    return invalid("more than 1000 edits of '" + id + "' in a row are " + user +
                   "'s: revert it to a revision by hand");
  const Undo undo = undo_for(store, entity, meta);
  auto& removed = entity == "edge" ? report.unlinked : report.deleted;
  // Theirs from the start, or someone else had deleted it: it goes (or stays gone).
  if (before == revisions->end() || before->kind == "deleted") {
    if (gone_now) return Status::ok();
    if (auto s = undo.remove(id, head); !s.is_ok()) return s;
    removed.push_back(id);
    return Status::ok();
  }
  if (auto s = undo.revert(id, before->rev, head); !s.is_ok()) return s;
  (entity == "edge" ? report.relinked : report.reverted).push_back(id);
  return Status::ok();
}

}  // namespace

json::object to_json(const RollbackReport& r) {
  return {{"reverted", strings(r.reverted)}, {"deleted", strings(r.deleted)},
          {"unlinked", strings(r.unlinked)}, {"relinked", strings(r.relinked)},
          {"hidden", strings(r.hidden)},     {"skipped", strings(r.skipped)}};
}

Result<RollbackReport> rollback_node(Store& store, std::string_view id_or_slug,
                                     const std::string& user, const WriteMeta& meta) {
  auto node = if_found(store.get_node(id_or_slug));
  if (!node) return node.status();
  // A deleted node is named by its id (its slug went with it).
  const std::string id = *node ? (*node)->id : std::string(id_or_slug);
  RollbackReport report;
  if (auto s = undo_latest_run(store, "node", id, user, meta, report, false); !s.is_ok()) return s;
  return report;
}

Result<RollbackReport> rollback_since(Store& store, const std::string& user, int64_t since_ms,
                                      const WriteMeta& meta, size_t max_scan) {
  // The log first, then the undo: the undo's own entries are not read back as the user's.
  std::vector<std::pair<std::string, std::string>> touched;  // {entity, id}, first edit first
  std::set<std::pair<std::string, std::string>> seen;
  std::vector<std::string> comments;
  const uint64_t end = store.last_seq();
  for (uint64_t after = 0, scanned = 0; after < end && scanned < max_scan;) {
    auto page = store.changes_since(after, 1000);
    if (!page) return page.status();
    if (page->empty()) break;
    for (const auto& e : *page) {
      if (e.seq > end) break;
      if (e.author != user || e.at_ms < since_ms) continue;
      if (e.kind == "comment.created") comments.push_back(e.id);
      if (e.entity != "node" && e.entity != "edge" && e.entity != "trail") continue;
      if (seen.emplace(e.entity, e.id).second) touched.emplace_back(e.entity, e.id);
    }
    scanned += page->size();
    after = page->back().seq;
  }
  // Edges the user made go before nodes (so none is removed along with a node and reported as
  // someone else's), and edges the user removed come back after them (once both ends are back).
  RollbackReport report;
  std::vector<std::string> removed_edges;
  for (const auto& [entity, id] : touched) {
    if (entity != "edge") continue;
    auto present = if_found(store.get_edge(id));
    if (!present) return present.status();
    if (!*present) {
      removed_edges.push_back(id);
      continue;
    }
    if (auto s = undo_latest_run(store, entity, id, user, meta, report, true); !s.is_ok()) return s;
  }
  for (const auto& [entity, id] : touched)
    if (entity != "edge")
      if (auto s = undo_latest_run(store, entity, id, user, meta, report, true); !s.is_ok())
        return s;
  for (const auto& id : comments) {  // what they said is hidden, not erased
    auto c = store.get_comment(id);
    if (!c) return c.status();
    if (c->hidden) continue;
    if (auto hidden = store.set_comment_hidden(id, true, meta); !hidden) return hidden.status();
    report.hidden.push_back(id);
  }
  for (const auto& id : removed_edges) {
    // An end someone else removed, or a like edge made since: left for a person to look at.
    Status s = undo_latest_run(store, "edge", id, user, meta, report, true);
    if (s.code() == Code::invalid || s.code() == Code::conflict)
      report.skipped.push_back(id);
    else if (!s.is_ok())
      return s;
  }
  return report;
}

}  // namespace resgraph
