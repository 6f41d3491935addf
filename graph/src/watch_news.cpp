#include "graph/watch_news.h"

namespace resgraph {

Result<WatchNews> watch_news(const Store& store, const Watch& w, size_t limit) {
  WatchNews news;
  news.watch = w;
  auto revisions = store.history(w.target, 200);  // newest first
  if (!revisions) return revisions.status();
  if (!revisions->empty()) {
    const auto& head = revisions->front();
    news.gone = head.kind == "deleted";
    if (head.snapshot.is_object()) {
      const auto& o = head.snapshot.get_object();
      if (const auto* t = o.if_contains("title"); t && t->is_string())
        news.title = std::string(t->get_string());
      if (const auto* s = o.if_contains("slug"); s && s->is_string())
        news.slug = std::string(s->get_string());
    }
  }
  for (const auto& r : *revisions) {
    if (r.seq <= w.seen_seq) break;
    if (r.author != w.user && news.changes.size() < limit) news.changes.push_back(r);
  }
  if (news.gone) return news;
  auto comments = store.comments_of(w.entity, w.target);
  if (!comments) return comments.status();
  for (const auto& c : *comments)
    if (c.created_ms > w.seen_ms && c.author != w.user && !c.hidden) ++news.new_comments;
  return news;
}

}  // namespace resgraph
