#include "graph/change_query.h"

#include <map>

#include "graph/ids.h"

namespace resgraph {

namespace {

bool kind_matches(const std::string& kind, const std::string& wanted) {
  return wanted.empty() || kind == wanted ||
         (kind.size() > wanted.size() && kind.starts_with(wanted) && kind[wanted.size()] == '.');
}

bool is_edit(const ChangeEntry& e) {
  return e.entity == "node" || e.entity == "edge" || e.entity == "trail" || e.entity == "comment";
}

// Whether each author is new, read once per author per request.
class NewAuthors {
 public:
  NewAuthors(const Store& store, const NewContributorRule& rule)
      : store_(store), rule_(rule), now_(now_ms()) {}
  Result<bool> is_new(const std::string& author) {
    if (auto known = seen_.find(author); known != seen_.end()) return known->second;
    auto c = store_.contributions(author);
    if (!c) return c.status();
    return seen_[author] = rule_.is_new(*c, now_);
  }

 private:
  const Store& store_;
  const NewContributorRule& rule_;
  int64_t now_;
  std::map<std::string, bool> seen_;
};

}  // namespace

Result<ChangePage> query_changes(const Store& store, const ChangeQuery& q) {
  const bool filtered =
      !q.user.empty() || !q.kind.empty() || q.new_contributors || q.unpatrolled || !q.moderator;
  NewAuthors authors(store, q.rule);
  ChangePage page;
  page.next_since = q.since;
  while (page.changes.size() < q.limit && page.next_since - q.since < q.max_scanned) {
    auto entries = store.changes_since(page.next_since, filtered ? 1000 : q.limit);
    if (!entries) return entries.status();
    if (entries->empty()) break;
    // Patrol marks are for moderators: others' pages cost no extra reads.
    std::vector<uint64_t> seqs;
    if (q.moderator || q.unpatrolled)
      for (const auto& e : *entries) seqs.push_back(e.seq);
    auto marks = store.patrolled(seqs);
    if (!marks) return marks.status();
    marks->resize(entries->size(), false);
    const bool marked = !seqs.empty();
    for (size_t i = 0; i < entries->size() && page.changes.size() < q.limit; ++i) {
      auto& e = (*entries)[i];
      page.next_since = e.seq;
      if (moderators_only(e) && !q.moderator) continue;
      if (!q.user.empty() && e.author != q.user) continue;
      if (!kind_matches(e.kind, q.kind)) continue;
      const bool edit = is_edit(e);
      if (q.unpatrolled && (!edit || (*marks)[i])) continue;
      if (q.new_contributors) {
        auto fresh = authors.is_new(e.author);
        if (!fresh) return fresh.status();
        if (!edit || !*fresh) continue;
      }
      page.changes.push_back(
          {std::move(e), edit && marked ? std::optional<bool>((*marks)[i]) : std::nullopt});
    }
  }
  return page;
}

}  // namespace resgraph
