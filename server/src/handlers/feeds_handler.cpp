// GET /api/feeds/changes: Atom feeds of the change log, for the whole graph or what one reader
// follows, with an ETag so that a feed reader polling often costs a 304.
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "graph/accounts.h"
#include "graph/walks.h"
#include "handlers.h"
#include "importers/atom_feed.h"
#include "search/search_index.h"

namespace resgraph::server {
namespace {

// The records a feed follows, and a title saying what they are; nullopt ids: the whole graph.
Status followed(const Request& r, Services& s, importers::FeedRequest& feed) {
  const std::string node = text_arg(r, "node"), trail = text_arg(r, "trail"),
                    person = text_arg(r, "person"), q = text_arg(r, "q");
  if (!node.empty() + !trail.empty() + !person.empty() + !q.empty() > 1)
    return invalid("a feed follows one of node, trail, person or q");
  feed.title = "resgraph: recent changes";
  if (!node.empty()) {
    auto n = s.store.get_node(node);
    if (!n) return n.status();
    feed.ids = std::vector<std::string>{n->id};
    feed.title = "resgraph: changes to " + n->title;
  } else if (!trail.empty()) {
    auto t = s.store.get_trail(trail);
    if (!t) return t.status();
    std::vector<std::string> ids{t->id};
    for (const auto& step : t->steps) ids.push_back(step.node);
    feed.ids = std::move(ids);
    feed.title = "resgraph: changes along the trail " + t->title;
  } else if (!person.empty()) {
    auto p = s.store.get_node(person);
    if (!p) return p.status();
    auto works = works_of(s.store, p->id, {}, "date");
    if (!works) return works.status();
    std::vector<std::string> ids{p->id};
    for (const auto& w : *works) ids.push_back(w.id);
    feed.ids = std::move(ids);
    feed.title = "resgraph: changes to " + p->title + " and their works";
  } else if (!q.empty()) {
    auto hits = s.search.hit_ids({q, text_arg(r, "type"), "relevance"}, 100);
    if (!hits) return hits.status();
    feed.ids = std::move(*hits);
    feed.title = "resgraph: changes to what matches \"" + q + "\"";
  }
  return Status::ok();
}

// The request's query as it came, for the feed's own URL (its id and rel="self").
std::string query_string(const Request& r) {
  std::string out;
  for (const auto& [k, v] : r.query)
    out +=
        (out.empty() ? "?" : "&") + k + "=" + boost::urls::encode(v, boost::urls::unreserved_chars);
  return out;
}

}  // namespace

Response changes_feed(const Request& r, Services& s) {
  importers::FeedRequest feed;
  if (auto st = followed(r, s, feed); !st.is_ok()) return problem(st);
  const auto host = r.header("host");
  feed.site_url = std::string(s.options.cookie_secure ? "https://" : "http://") +
                  (host ? *host : s.options.bind + ":" + std::to_string(s.options.port));
  feed.self_url = feed.site_url + r.path + query_string(r);
  feed.limit = static_cast<size_t>(integer_arg(r, "limit"));
  auto xml = importers::atom_feed(s.store, feed);
  if (!xml) return problem(xml.status());
  const std::string etag = "\"" + sha256_hex(*xml).substr(0, 24) + "\"";
  Response res;
  res.headers.emplace_back("ETag", etag);
  if (auto seen = r.header("if-none-match"); seen && *seen == etag) {
    res.status = 304;
    res.content_type.clear();
    return res;
  }
  res.content_type = "application/atom+xml; charset=utf-8";
  res.body = std::move(*xml);
  return res;
}

}  // namespace resgraph::server
