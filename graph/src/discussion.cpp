#include "graph/discussion.h"

#include "json_read.h"

namespace resgraph {
namespace json = boost::json;
using json_read::num;
using json_read::str;

json::object to_json(const Comment& c) {
  return {{"id", c.id},
          {"entity", c.entity},
          {"target", c.target},
          {"reply_to", c.reply_to},
          {"author", c.author},
          {"body", c.body},
          {"created", c.created_ms},
          {"hidden", c.hidden},
          {"hidden_by", c.hidden_by},
          {"rev", c.rev}};
}

Result<Comment> comment_from_json(const json::value& v) {
  if (!v.is_object()) return internal("a stored comment is not a JSON object");
  const auto& o = v.get_object();
  Comment c;
  c.id = str(o, "id");
  c.entity = str(o, "entity");
  c.target = str(o, "target");
  c.reply_to = str(o, "reply_to");
  c.author = str(o, "author");
  c.body = str(o, "body");
  c.created_ms = num(o, "created");
  const auto* hidden = o.if_contains("hidden");
  c.hidden = hidden && hidden->is_bool() && hidden->get_bool();
  c.hidden_by = str(o, "hidden_by");
  c.rev = num(o, "rev");
  if (c.id.empty() || c.target.empty()) return internal("a stored comment has no id or thread");
  return c;
}

json::object to_json(const Contributions& c) { return {{"first", c.first_ms}, {"edits", c.edits}}; }

json::object to_json(const Watch& w) {
  return {{"user", w.user},         {"entity", w.entity}, {"target", w.target},
          {"seen_seq", w.seen_seq}, {"seen", w.seen_ms},  {"added", w.added_ms}};
}

}  // namespace resgraph
