#include "graph/node.h"

#include <algorithm>

#include "json_read.h"

namespace resgraph {
using json_read::num;
using json_read::str;
namespace json = boost::json;

const std::vector<std::string>& node_types() {
  static const std::vector<std::string> types = {
      "person",       "paper",    "talk",   "concept", "book",       "podcast", "article",
      "organization", "event",    "video",  "course",  "newsletter", "blog",    "tool",
      "website",      "question", "report", "thesis",  "postmortem"};
  return types;
}

const std::vector<std::string>& edge_types() {
  static const std::vector<std::string> types = {
      "authored",  "presented", "about",   "cites", "mentions",     "related", "at_event",
      "member_of", "part_of",   "reviews", "hosts", "published_by", "answers"};
  return types;
}

bool is_node_type(std::string_view type) {
  const auto& t = node_types();
  return std::find(t.begin(), t.end(), type) != t.end();
}

bool is_work_type(std::string_view type) {
  for (std::string_view other : {"person", "organization", "concept", "event", "question"})
    if (type == other) return false;
  return is_node_type(type);
}

bool is_edge_type(std::string_view type) {
  const auto& t = edge_types();
  return std::find(t.begin(), t.end(), type) != t.end();
}

namespace {}  // namespace

json::object to_json(const Stamp& s) { return {{"by", s.who}, {"at", s.at_ms}}; }

Stamp stamp_from_json(const json::value* v) {
  Stamp s;
  if (!v || !v->is_object()) return s;
  const auto& o = v->get_object();
  if (auto* by = o.if_contains("by"); by && by->is_string()) s.who = std::string(by->get_string());
  if (auto* at = o.if_contains("at"); at && at->is_int64()) s.at_ms = at->get_int64();
  return s;
}

json::object to_json(const Node& n) {
  json::array links;
  for (const auto& l : n.links) links.push_back(json::object{{"url", l.url}, {"label", l.label}});
  json::array tags;
  for (const auto& t : n.tags) tags.push_back(json::string(t));
  json::object o;
  o["id"] = n.id;
  o["slug"] = n.slug;
  o["type"] = n.type;
  o["title"] = n.title;
  o["url"] = n.url;
  o["links"] = std::move(links);
  o["date"] = n.date;
  if (n.year)
    o["year"] = n.year;
  else
    o["year"] = nullptr;
  o["summary"] = n.summary;
  o["tags"] = std::move(tags);
  o["attrs"] = n.attrs;
  o["provenance"] = n.provenance;
  o["rev"] = n.rev;
  o["created"] = to_json(n.created);
  o["updated"] = to_json(n.updated);
  return o;
}

json::object to_json(const Edge& e) {
  json::object o;
  o["id"] = e.id;
  o["from"] = e.from;
  o["to"] = e.to;
  o["type"] = e.type;
  o["attrs"] = e.attrs;
  o["provenance"] = e.provenance;
  o["rev"] = e.rev;
  o["created"] = to_json(e.created);
  return o;
}

Result<Node> node_from_json(const json::value& v) {
  if (!v.is_object()) return internal("stored node is not a JSON object");
  const auto& o = v.get_object();
  Node n;
  n.id = str(o, "id");
  n.slug = str(o, "slug");
  n.type = str(o, "type");
  n.title = str(o, "title");
  n.url = str(o, "url");
  if (auto* links = o.if_contains("links"); links && links->is_array())
    for (const auto& l : links->get_array())
      if (l.is_object())
        n.links.push_back({str(l.get_object(), "url"), str(l.get_object(), "label")});
  n.date = str(o, "date");
  n.year = static_cast<int>(num(o, "year"));
  n.summary = str(o, "summary");
  if (auto* tags = o.if_contains("tags"); tags && tags->is_array())
    for (const auto& t : tags->get_array())
      if (t.is_string()) n.tags.emplace_back(t.get_string());
  if (auto* a = o.if_contains("attrs"); a && a->is_object()) n.attrs = a->get_object();
  if (auto* p = o.if_contains("provenance"); p && p->is_array()) n.provenance = p->get_array();
  n.rev = num(o, "rev");
  n.created = stamp_from_json(o.if_contains("created"));
  n.updated = stamp_from_json(o.if_contains("updated"));
  if (n.id.empty() || n.type.empty()) return internal("stored node lacks id or type");
  return n;
}

Result<Edge> edge_from_json(const json::value& v) {
  if (!v.is_object()) return internal("stored edge is not a JSON object");
  const auto& o = v.get_object();
  Edge e;
  e.id = str(o, "id");
  e.from = str(o, "from");
  e.to = str(o, "to");
  e.type = str(o, "type");
  if (auto* a = o.if_contains("attrs"); a && a->is_object()) e.attrs = a->get_object();
  if (auto* p = o.if_contains("provenance"); p && p->is_array()) e.provenance = p->get_array();
  e.rev = num(o, "rev");
  e.created = stamp_from_json(o.if_contains("created"));
  if (e.id.empty() || e.from.empty() || e.to.empty()) return internal("stored edge lacks its ends");
  return e;
}

}  // namespace resgraph
