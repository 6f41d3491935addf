#include "importers/atom_feed.h"

#include <algorithm>

#include "graph/ids.h"

namespace resgraph::importers {
namespace json = boost::json;
namespace {

struct FeedEntry {
  uint64_t seq = 0;
  std::string kind, entity, id, author, comment;
  int64_t at_ms = 0;
  json::value data;
};

std::string xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string field(const json::value& data, const char* name) {
  const auto* o = data.if_object();
  const auto* v = o ? o->if_contains(name) : nullptr;
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// The web app's page for what changed: a node's or a trail's permalink; an edge's from end.
std::string permalink(const FeedEntry& e, const std::string& site) {
  if (e.entity == "trail") return site + "/t/" + field(e.data, "slug");
  if (e.entity == "edge") return site + "/n/" + field(e.data, "from");
  const std::string slug = field(e.data, "slug");
  return site + "/n/" + (slug.empty() ? e.id : slug);
}

std::string entry_title(const FeedEntry& e) {
  std::string what = field(e.data, "title");
  if (e.entity == "edge")
    what = field(e.data, "from") + " " + field(e.data, "type") + " " + field(e.data, "to");
  if (what.empty()) what = e.id;
  return what + ": " + e.kind.substr(e.kind.find('.') + 1);
}

// The newest `limit` node, edge and trail entries of the log, newest first.
Result<std::vector<FeedEntry>> recent(const Store& store, size_t limit) {
  std::vector<FeedEntry> out;
  const uint64_t end = store.last_seq();
  for (uint64_t window = end; window > 0 && out.size() < limit;) {
    const uint64_t from = window > 1000 ? window - 1000 : 0;
    auto page = store.changes_since(from, window - from);
    if (!page) return page.status();
    for (auto it = page->rbegin(); it != page->rend() && out.size() < limit; ++it)
      if (it->entity == "node" || it->entity == "edge" || it->entity == "trail")
        out.push_back(
            {it->seq, it->kind, it->entity, it->id, it->author, it->comment, it->at_ms, it->data});
    window = from;
  }
  return out;
}

// The newest `limit` revisions of the records `ids`, newest first.
Result<std::vector<FeedEntry>> of_records(const Store& store, const std::vector<std::string>& ids,
                                          size_t limit) {
  std::vector<FeedEntry> out;
  for (const auto& id : ids) {
    auto revisions = if_found(store.history(id, limit));
    if (!revisions) return revisions.status();
    if (!*revisions) continue;  // gone without a trace: nothing to tell
    for (const auto& r : **revisions) {
      const std::string entity = id.starts_with('t')   ? "trail"
                                 : id.starts_with('e') ? "edge"
                                                       : "node";
      out.push_back(
          {r.seq, entity + "." + r.kind, entity, r.id, r.author, r.comment, r.at_ms, r.snapshot});
    }
  }
  std::sort(out.begin(), out.end(),
            [](const FeedEntry& a, const FeedEntry& b) { return a.seq > b.seq; });
  out.erase(std::unique(out.begin(), out.end(),
                        [](const FeedEntry& a, const FeedEntry& b) { return a.seq == b.seq; }),
            out.end());
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace

Result<std::string> atom_feed(const Store& store, const FeedRequest& request) {
  auto entries =
      request.ids ? of_records(store, *request.ids, request.limit) : recent(store, request.limit);
  if (!entries) return entries.status();
  // A feed with no entries is still valid: it says when it was last looked at as the epoch.
  const std::string updated = iso_time(entries->empty() ? 0 : entries->front().at_ms);
  std::string out =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  out += "  <id>" + xml(request.self_url) + "</id>\n  <title>" + xml(request.title) +
         "</title>\n  <updated>" + updated + "</updated>\n  <link rel=\"self\" href=\"" +
         xml(request.self_url) + "\"/>\n  <link rel=\"alternate\" href=\"" +
         xml(request.site_url + "/") + "\"/>\n  <generator>resgraph</generator>\n";
  for (const auto& e : *entries) {
    out += "  <entry>\n    <id>" + xml(request.site_url) +
           "/api/changes?since=" + std::to_string(e.seq - 1) + "&amp;limit=1</id>\n    <title>" +
           xml(entry_title(e)) + "</title>\n    <updated>" + iso_time(e.at_ms) +
           "</updated>\n    <author><name>" + xml(e.author.empty() ? "unknown" : e.author) +
           "</name></author>\n    <link rel=\"alternate\" href=\"" +
           xml(permalink(e, request.site_url)) + "\"/>\n";
    if (!e.comment.empty()) out += "    <summary>" + xml(e.comment) + "</summary>\n";
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

}  // namespace resgraph::importers
