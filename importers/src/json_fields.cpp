#include "importers/json_fields.h"

#include <simdjson.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

namespace resgraph::importers {
namespace {

constexpr size_t kMaxDepth = 32;

simdjson::dom::parser& thread_parser() {
  thread_local simdjson::dom::parser parser = [] {
    simdjson::dom::parser p;
    if (p.allocate(64 * 1024, kMaxDepth) != simdjson::SUCCESS) {
      // Out of memory here leaves the parser to allocate again on first use.
    }
    return p;
  }();
  return parser;
}

// A key given twice is refused rather than letting one of the values silently win: parsers
// disagree on which one that is (RFC 8259 leaves it open), so a proxy and resgraph could read
// the same body differently.
Status refuse_duplicate_keys(simdjson::dom::element e, const std::string& path) {
  if (e.is_array()) {
    for (auto child : e.get_array())
      if (auto s = refuse_duplicate_keys(child, path + "[]"); !s.is_ok()) return s;
  } else if (e.is_object()) {
    std::vector<std::string_view> keys;
    for (auto field : e.get_object()) {
      keys.push_back(field.key);
      if (auto s = refuse_duplicate_keys(field.value, path.empty()
                                                          ? std::string(field.key)
                                                          : path + "." + std::string(field.key));
          !s.is_ok())
        return s;
    }
    std::sort(keys.begin(), keys.end());
    if (auto d = std::adjacent_find(keys.begin(), keys.end()); d != keys.end())
      return invalid("invalid JSON: field '" + (path.empty() ? "" : path + ".") + std::string(*d) +
                     "' is given twice");
  }
  return Status::ok();
}

Result<simdjson::dom::element> parse_text(std::string_view json) {
  auto doc = thread_parser().parse(json.data(), json.size(), true);
  if (doc.error()) {
    std::string why = simdjson::error_message(doc.error());
    if (doc.error() == simdjson::DEPTH_ERROR) why = "JSON is nested deeper than 32 levels";
    if (doc.error() == simdjson::UTF8_ERROR) why = "body is not valid UTF-8";
    return invalid("invalid JSON: " + why);
  }
  if (auto s = refuse_duplicate_keys(doc.value(), ""); !s.is_ok()) return s;
  return doc.value();
}

boost::json::value to_boost(simdjson::dom::element e) {
  using simdjson::dom::element_type;
  switch (e.type()) {
    case element_type::ARRAY: {
      boost::json::array a;
      for (auto child : e.get_array()) a.push_back(to_boost(child));
      return a;
    }
    case element_type::OBJECT: {
      boost::json::object o;
      for (auto field : e.get_object()) o[field.key] = to_boost(field.value);
      return o;
    }
    case element_type::INT64:
      return int64_t(e.get_int64());
    case element_type::UINT64:
      return uint64_t(e.get_uint64());
    case element_type::DOUBLE:
      return double(e.get_double());
    case element_type::STRING:
      return boost::json::string(std::string_view(e.get_string()));
    case element_type::BOOL:
      return bool(e.get_bool());
    case element_type::NULL_VALUE:
      return nullptr;
  }
  return nullptr;
}

Status wrong_type(std::string_view field, const char* expected) {
  return invalid("field '" + std::string(field) + "' must be " + expected);
}

Result<std::string> get_string(simdjson::dom::element v, std::string_view field) {
  std::string_view s;
  if (v.get(s)) return wrong_type(field, "a string");
  return std::string(s);
}

Result<std::vector<std::string>> get_strings(simdjson::dom::element v, std::string_view field) {
  simdjson::dom::array arr;
  if (v.get(arr)) return wrong_type(field, "an array of strings");
  std::vector<std::string> out;
  for (auto item : arr) {
    std::string_view s;
    if (item.get(s)) return wrong_type(field, "an array of strings");
    out.emplace_back(s);
  }
  return out;
}

Result<std::vector<Link>> get_links(simdjson::dom::element v) {
  simdjson::dom::array arr;
  if (v.get(arr)) return wrong_type("links", "an array of {url, label} objects");
  std::vector<Link> out;
  for (auto item : arr) {
    simdjson::dom::object o;
    if (item.get(o)) return wrong_type("links", "an array of {url, label} objects");
    Link link;
    for (auto f : o) {
      std::string_view s;
      if (f.value.get(s)) return wrong_type("links[]." + std::string(f.key), "a string");
      if (f.key == "url")
        link.url = s;
      else if (f.key == "label")
        link.label = s;
      else
        return invalid("unknown field 'links[]." + std::string(f.key) +
                       "'; a link has url and label");
    }
    if (link.url.empty()) return invalid("each link needs a url");
    out.push_back(std::move(link));
  }
  return out;
}

Result<simdjson::dom::object> top_object(std::string_view json) {
  auto doc = parse_text(json);
  if (!doc) return doc.status();
  simdjson::dom::object o;
  if (doc->get(o)) return invalid("the body must be a JSON object");
  return o;
}

}  // namespace

Result<boost::json::value> parse_json(std::string_view json) {
  auto doc = parse_text(json);
  if (!doc) return doc.status();
  return to_boost(*doc);
}

Result<NodeFields> parse_node_fields(std::string_view json, bool require_create_fields) {
  auto obj = top_object(json);
  if (!obj) return obj.status();
  NodeFields f;
  for (auto field : *obj) {
    std::string_view key = field.key;
    auto v = field.value;
    auto take = [&](std::optional<std::string>& slot) -> Status {
      auto s = get_string(v, key);
      if (!s) return s.status();
      slot = std::move(*s);
      return Status::ok();
    };
    Status st;
    if (key == "type")
      st = take(f.type);
    else if (key == "title")
      st = take(f.title);
    else if (key == "slug")
      st = take(f.slug);
    else if (key == "url")
      st = take(f.url);
    else if (key == "date")
      st = take(f.date);
    else if (key == "summary")
      st = take(f.summary);
    else if (key == "year") {
      int64_t y;
      if (v.is_null())
        f.year = 0;
      else if (v.get(y) || y < 0 || y > 9999)
        st = wrong_type(key, "an integer year or null");
      else if (y == 0)
        st = invalid("field 'year': there is no year 0; send null for an unknown year");
      else
        f.year = static_cast<int>(y);
    } else if (key == "tags") {
      auto t = get_strings(v, key);
      if (!t)
        st = t.status();
      else
        f.tags = std::move(*t);
    } else if (key == "links") {
      auto l = get_links(v);
      if (!l)
        st = l.status();
      else
        f.links = std::move(*l);
    } else if (key == "attrs") {
      if (!v.is_object())
        st = wrong_type(key, "an object");
      else
        f.attrs = to_boost(v).as_object();
    } else if (key == "provenance") {
      if (!v.is_array())
        st = wrong_type(key, "an array");
      else
        f.provenance = to_boost(v).as_array();
    } else {
      st = invalid("unknown field '" + std::string(key) +
                   "'; a node has type, title, slug, url, links, date, year, summary, tags, attrs");
    }
    if (!st.is_ok()) return st;
  }
  if (require_create_fields) {
    if (!f.type) return invalid("missing required field 'type'");
    if (!f.title) return invalid("missing required field 'title'");
  }
  return f;
}

Result<EdgeFields> parse_edge_fields(std::string_view json) {
  auto obj = top_object(json);
  if (!obj) return obj.status();
  EdgeFields f;
  bool has_from = false, has_to = false, has_type = false;
  for (auto field : *obj) {
    std::string_view key = field.key;
    auto v = field.value;
    if (key == "from" || key == "to" || key == "type") {
      auto s = get_string(v, key);
      if (!s) return s.status();
      (key == "from" ? f.from : key == "to" ? f.to : f.type) = std::move(*s);
      (key == "from" ? has_from : key == "to" ? has_to : has_type) = true;
    } else if (key == "attrs") {
      if (!v.is_object()) return wrong_type(key, "an object");
      f.attrs = to_boost(v).as_object();
    } else if (key == "provenance") {
      if (!v.is_array()) return wrong_type(key, "an array");
      f.provenance = to_boost(v).as_array();
    } else {
      return invalid("unknown field '" + std::string(key) + "'; an edge has from, to, type, attrs");
    }
  }
  if (!has_from) return invalid("missing required field 'from'");
  if (!has_to) return invalid("missing required field 'to'");
  if (!has_type) return invalid("missing required field 'type'");
  return f;
}

namespace {

Result<TrailStep> step_from(simdjson::dom::element v) {
  simdjson::dom::object o;
  if (v.get(o)) return invalid("each step is an object {node, note}");
  TrailStep step;
  for (auto f : o) {
    std::string_view s;
    if (f.key != "node" && f.key != "note")
      return invalid("unknown step field '" + std::string(f.key) + "'; a step has node and note");
    if (f.value.get(s)) return wrong_type("steps[]." + std::string(f.key), "a string");
    (f.key == "node" ? step.node : step.note) = std::string(s);
  }
  if (step.node.empty()) return invalid("each step needs a node (id or slug)");
  return step;
}

}  // namespace

Result<TrailFields> parse_trail_fields(std::string_view json, bool require_title) {
  auto obj = top_object(json);
  if (!obj) return obj.status();
  TrailFields f;
  for (auto field : *obj) {
    std::string_view key = field.key;
    if (key == "title" || key == "slug" || key == "description") {
      auto s = get_string(field.value, key);
      if (!s) return s.status();
      (key == "title" ? f.title : key == "slug" ? f.slug : f.description) = std::move(*s);
    } else if (key == "steps") {
      simdjson::dom::array arr;
      if (field.value.get(arr)) return wrong_type(key, "an array of {node, note}");
      std::vector<TrailStep> steps;
      for (auto item : arr) {
        auto step = step_from(item);
        if (!step) return step.status();
        steps.push_back(std::move(*step));
      }
      f.steps = std::move(steps);
    } else {
      return invalid("unknown field '" + std::string(key) +
                     "'; a trail has title, slug, description, steps");
    }
  }
  if (require_title && !f.title) return invalid("missing required field 'title'");
  return f;
}

Result<std::pair<TrailStep, size_t>> parse_step(std::string_view json) {
  auto obj = top_object(json);
  if (!obj) return obj.status();
  TrailStep step;
  size_t position = 0;
  for (auto field : *obj) {
    std::string_view key = field.key;
    if (key == "position") {
      int64_t p;
      if (field.value.get(p) || p < 0)
        return wrong_type(key, "a step number (1-based) or 0 for the end");
      position = static_cast<size_t>(p);
    } else if (key == "node" || key == "note") {
      auto s = get_string(field.value, key);
      if (!s) return s.status();
      (key == "node" ? step.node : step.note) = std::move(*s);
    } else {
      return invalid("unknown field '" + std::string(key) + "'; a step has node, note, position");
    }
  }
  if (step.node.empty()) return invalid("missing required field 'node'");
  return std::pair{step, position};
}

}  // namespace resgraph::importers
