#include "graph/change_log.h"

#include "json_read.h"

namespace resgraph {
using json_read::num;
using json_read::str;
namespace json = boost::json;
namespace {}  // namespace

json::object to_json(const ChangeEntry& e) {
  return {{"seq", e.seq},  {"kind", e.kind},       {"entity", e.entity},
          {"id", e.id},    {"rev", e.rev},         {"author", e.author},
          {"at", e.at_ms}, {"comment", e.comment}, {"data", e.data}};
}

ChangeEntry change_from_json(const json::value& v) {
  ChangeEntry e;
  if (!v.is_object()) return e;
  const auto& o = v.get_object();
  e.seq = static_cast<uint64_t>(num(o, "seq"));
  e.kind = str(o, "kind");
  e.entity = str(o, "entity");
  e.id = str(o, "id");
  e.rev = num(o, "rev");
  e.author = str(o, "author");
  e.at_ms = num(o, "at");
  e.comment = str(o, "comment");
  if (auto* d = o.if_contains("data")) e.data = *d;
  return e;
}

json::object to_json(const Revision& r) {
  return {{"id", r.id},    {"rev", r.rev},         {"kind", r.kind}, {"author", r.author},
          {"at", r.at_ms}, {"comment", r.comment}, {"seq", r.seq},   {"snapshot", r.snapshot}};
}

Revision revision_from_json(const json::value& v) {
  Revision r;
  if (!v.is_object()) return r;
  const auto& o = v.get_object();
  r.id = str(o, "id");
  r.rev = num(o, "rev");
  r.kind = str(o, "kind");
  r.author = str(o, "author");
  r.at_ms = num(o, "at");
  r.comment = str(o, "comment");
  r.seq = static_cast<uint64_t>(num(o, "seq"));
  if (auto* s = o.if_contains("snapshot")) r.snapshot = *s;
  return r;
}

}  // namespace resgraph
