// Comment threads, patrol marks and watches over HTTP: parse, call the store, answer. Comments
// go out as their Markdown and as safe HTML (importers/comment_html.h); a hidden comment's text
// only to moderators.
#include "graph/store.h"
#include "graph/watch_news.h"
#include "handlers.h"
#include "importers/comment_html.h"
#include "importers/json_fields.h"

namespace resgraph::server {
namespace json = boost::json;
using importers::Body;

namespace {

json::object comment_view(const Comment& c, const User& reader) {
  json::object o = to_json(c);
  if (c.hidden && reader.role < Role::moderator) {
    o["body"] = "";
    o["html"] = "";
  } else {
    o["html"] = importers::comment_html(c.body);
  }
  return o;
}

Response thread(const Request& r, Services& s, std::string_view entity) {
  auto comments = s.store.comments_of(entity, r.params[0]);
  if (!comments) return problem(comments.status());
  json::array out;
  for (const auto& c : *comments) out.push_back(comment_view(c, r.user));
  return json_response(200, json::object{{"comments", std::move(out)}});
}

Response post_comment(const Request& r, Services& s, std::string_view entity) {
  auto body = importers::parse_discussion_body(Body::comment, r.body);
  if (!body) return problem(body.status());
  auto c = s.store.add_comment(entity, r.params[0], body->reply_to, body->body, write_meta(r));
  if (!c) return problem(c.status(), &s);
  Response res = json_response(201, comment_view(*c, r.user));
  res.headers.emplace_back("Location", "/api/comments/" + c->id);
  return res;
}

using WatchWrite = Result<Watch> (Store::*)(std::string_view, std::string_view, std::string_view,
                                            const WriteMeta&);

Response change_watch(const Request& r, Services& s, std::string_view entity, WatchWrite write,
                      unsigned status) {
  auto w = (s.store.*write)(r.user.name, entity, r.params[0], write_meta(r));
  if (!w) return problem(w.status(), &s);
  return json_response(status, to_json(*w));
}

json::object news_json(const WatchNews& news) {
  json::object o = to_json(news.watch);
  o["title"] = news.title;
  o["slug"] = news.slug;
  o["gone"] = news.gone;
  json::array changes;
  for (const auto& rev : news.changes)
    changes.push_back(json::object{{"rev", rev.rev},
                                   {"kind", rev.kind},
                                   {"author", rev.author},
                                   {"at", rev.at_ms},
                                   {"comment", rev.comment},
                                   {"seq", rev.seq}});
  o["changes"] = std::move(changes);
  o["new_comments"] = news.new_comments;
  return o;
}

}  // namespace

Response node_comments(const Request& r, Services& s) { return thread(r, s, "node"); }
Response trail_comments(const Request& r, Services& s) { return thread(r, s, "trail"); }
Response add_node_comment(const Request& r, Services& s) { return post_comment(r, s, "node"); }
Response add_trail_comment(const Request& r, Services& s) { return post_comment(r, s, "trail"); }

// PATCH /api/comments/{id} {"hidden": true|false}
Response patch_comment(const Request& r, Services& s) {
  auto body = importers::parse_discussion_body(Body::comment_state, r.body);
  if (!body) return problem(body.status());
  auto c = s.store.set_comment_hidden(r.params[0], *body->hidden, write_meta(r));
  if (!c) return problem(c.status(), &s);
  return json_response(200, comment_view(*c, r.user));
}

// POST /api/changes/patrolled {"seqs": [...]}
Response patrol_changes(const Request& r, Services& s) {
  auto body = importers::parse_discussion_body(Body::patrol, r.body);
  if (!body) return problem(body.status());
  auto marked = s.store.mark_patrolled(body->seqs, write_meta(r));
  if (!marked) return problem(marked.status(), &s);
  return json_response(200, json::object{{"marked", *marked}});
}

Response watch_node(const Request& r, Services& s) {
  return change_watch(r, s, "node", &Store::watch, 201);
}
Response unwatch_node(const Request& r, Services& s) {
  return change_watch(r, s, "node", &Store::unwatch, 200);
}
Response seen_node(const Request& r, Services& s) {
  return change_watch(r, s, "node", &Store::mark_seen, 200);
}
Response watch_trail(const Request& r, Services& s) {
  return change_watch(r, s, "trail", &Store::watch, 201);
}
Response unwatch_trail(const Request& r, Services& s) {
  return change_watch(r, s, "trail", &Store::unwatch, 200);
}
Response seen_trail(const Request& r, Services& s) {
  return change_watch(r, s, "trail", &Store::mark_seen, 200);
}

// GET /api/watches: what the signed-in user watches, each with what changed since they saw it.
Response list_watches(const Request& r, Services& s) {
  auto watches = s.store.watches_of(r.user.name);
  if (!watches) return problem(watches.status());
  json::array out;
  for (const auto& w : *watches) {
    auto news = watch_news(s.store, w, 20);
    if (!news) return problem(news.status());
    out.push_back(news_json(*news));
  }
  return json_response(200, json::object{{"watches", std::move(out)}});
}

}  // namespace resgraph::server
