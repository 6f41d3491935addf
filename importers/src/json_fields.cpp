#include "importers/json_fields.h"

#include <simdjson.h>

#include <algorithm>
#include <functional>
#include <string>
#include <variant>
#include <vector>

#include "body_fields.h"
#include "graph/accounts.h"

namespace resgraph::importers {
namespace {

constexpr size_t kMaxDepth = 32;

simdjson::dom::parser& thread_parser() {
  thread_local simdjson::dom::parser parser = [] {
    simdjson::dom::parser p;
    if (p.allocate(size_t{64} * 1024, kMaxDepth) != simdjson::SUCCESS) {
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

Result<std::vector<TrailStep>> get_steps(simdjson::dom::element v, std::string_view field) {
  simdjson::dom::array arr;
  if (v.get(arr)) return wrong_type(field, "an array of {node, note}");
  std::vector<TrailStep> steps;
  for (auto item : arr) {
    simdjson::dom::object o;
    if (item.get(o)) return invalid("each step is an object {node, note}");
    TrailStep step;
    for (auto f : o) {
      std::string_view s;
      if (f.key != "node" && f.key != "note")
        return invalid("unknown step field '" + std::string(f.key) + "'; a step has node and note");
      if (f.value.get(s)) return wrong_type("steps[]." + std::string(f.key), "a string");
      (f.key == "node" ? step.node : step.note) = std::string(s);
    }
    if (step.node.empty()) return invalid("each step needs a node (id or slug)");
    steps.push_back(std::move(step));
  }
  return steps;
}

Result<int64_t> get_year(simdjson::dom::element v, std::string_view field) {
  int64_t y = 0;
  if (v.is_null()) return int64_t{0};
  if (v.get(y) || y < 0 || y > 9999) return wrong_type(field, "an integer year or null");
  if (y == 0)
    return invalid("field '" + std::string(field) +
                   "': there is no year 0; send null for an unknown year");
  return y;
}

Result<int64_t> get_integer(simdjson::dom::element v, std::string_view field, int64_t min,
                            const char* expected) {
  int64_t n = 0;
  if (v.get(n) || n < min) return wrong_type(field, expected);
  return n;
}

Result<boost::json::array> get_counts(simdjson::dom::element v, std::string_view field) {
  simdjson::dom::array arr;
  if (v.get(arr)) return wrong_type(field, "an array of integers from 1");
  boost::json::array out;
  for (auto item : arr) {
    uint64_t n = 0;
    if (item.get(n) || n == 0) return wrong_type(field, "an array of integers from 1");
    out.push_back(n);
  }
  if (out.empty() || out.size() > 1000)
    return invalid("'" + std::string(field) + "' holds 1 to 1000 numbers");
  return out;
}

using Value = std::variant<std::string, int64_t, std::vector<std::string>, std::vector<Link>,
                           boost::json::object, boost::json::array, std::vector<TrailStep>, bool>;

template <typename T>
Result<Value> as_value(Result<T> r) {
  if (!r) return r.status();
  return Value(std::move(*r));
}

// One value, read as its field's kind says.
Result<Value> read_value(const BodyField& field, simdjson::dom::element v) {
  using K = FieldKind;
  std::string_view name = field.name;
  switch (field.kind) {
    case K::text:
    case K::node_type:
    case K::edge_type:
    case K::order:
      return as_value(get_string(v, name));
    case K::node_types:
    case K::texts:
      return as_value(get_strings(v, name));
    case K::year:
      return as_value(get_year(v, name));
    case K::links:
      return as_value(get_links(v));
    case K::object:
      if (!v.is_object()) return wrong_type(name, "an object");
      return Value(to_boost(v).as_object());
    case K::array:
      if (!v.is_array()) return wrong_type(name, "an array");
      return Value(to_boost(v).as_array());
    case K::steps:
      return as_value(get_steps(v, name));
    case K::count:
      return as_value(get_integer(v, name, 1, "an integer from 1"));
    case K::position:
      return as_value(get_integer(v, name, 0, "a step number (1-based) or 0 for the end"));
    case K::role: {
      auto text = get_string(v, name);
      if (!text) return text.status();
      if (auto role = parse_role(*text); !role) return role.status();
      return Value(std::move(*text));
    }
    case K::flag:
      if (!v.is_bool()) return wrong_type(name, "true or false");
      return Value(bool(v.get_bool()));
    case K::counts:
      return as_value(get_counts(v, name));
    case K::days: {
      auto n = get_integer(v, name, 1, "a number of days from 1 to 365");
      if (n && *n > 365) return invalid("'" + std::string(name) + "' is at most 365 days");
      return as_value(std::move(n));
    }
  }
  return invalid("unknown field kind");
}

// The fields of a body, each read by its kind; every field is one the table names, and on
// create every required one is there. Names point into the table.
using Values = std::vector<std::pair<std::string_view, Value>>;

Result<Values> read_body(Body body, std::string_view json, bool create) {
  auto obj = top_object(json);
  if (!obj) return obj.status();
  auto table = fields_of(body);
  Values values;
  for (auto entry : *obj) {
    auto field = std::find_if(table.begin(), table.end(),
                              [&](const BodyField& f) { return f.name == entry.key; });
    if (field == table.end()) {
      std::string known;
      for (const auto& f : table) known += (known.empty() ? "" : ", ") + std::string(f.name);
      return invalid("unknown field '" + std::string(entry.key) + "'; " +
                     std::string(body_noun(body)) + " has " + known);
    }
    auto value = read_value(*field, entry.value);
    if (!value) return value.status();
    values.emplace_back(field->name, std::move(*value));
  }
  for (const auto& f : table)
    if (create && f.required &&
        std::none_of(values.begin(), values.end(), [&](auto& v) { return v.first == f.name; }))
      return invalid("missing required field '" + std::string(f.name) + "'");
  return values;
}

template <typename T>
T take(Value& v) {
  return std::move(std::get<T>(v));
}

}  // namespace

Result<AccountBody> parse_account_body(Body body, std::string_view json) {
  auto values = read_body(body, json, true);
  if (!values) return values.status();
  AccountBody b;
  for (auto& [name, v] : *values) {
    if (name == "role") b.role = take<std::string>(v);
    if (name == "note") b.note = take<std::string>(v);
    if (name == "code") b.code = take<std::string>(v);
    if (name == "name") b.name = take<std::string>(v);
    if (name == "password") b.password = take<std::string>(v);
    if (name == "label") b.label = take<std::string>(v);
    if (name == "expires_days") b.expires_days = std::get<int64_t>(v);
    if (name == "suspended") b.suspended = std::get<bool>(v);
    if (name == "node") b.node = take<std::string>(v);
    if (name == "since") b.since_ms = std::get<int64_t>(v);
  }
  return b;
}

Result<DiscussionBody> parse_discussion_body(Body body, std::string_view json) {
  auto values = read_body(body, json, true);
  if (!values) return values.status();
  DiscussionBody b;
  for (auto& [name, v] : *values) {
    if (name == "body") b.body = take<std::string>(v);
    if (name == "reply_to") b.reply_to = take<std::string>(v);
    if (name == "hidden") b.hidden = std::get<bool>(v);
    if (name == "seqs")
      for (const auto& n : std::get<boost::json::array>(v)) b.seqs.push_back(n.as_uint64());
  }
  return b;
}

Result<boost::json::value> parse_json(std::string_view json) {
  auto doc = parse_text(json);
  if (!doc) return doc.status();
  return to_boost(*doc);
}

Result<NodeFields> parse_node_fields(std::string_view json, bool require_create_fields) {
  auto values = read_body(Body::node, json, require_create_fields);
  if (!values) return values.status();
  NodeFields f;
  for (auto& [name, v] : *values) {
    if (name == "type") f.type = take<std::string>(v);
    if (name == "title") f.title = take<std::string>(v);
    if (name == "slug") f.slug = take<std::string>(v);
    if (name == "url") f.url = take<std::string>(v);
    if (name == "date") f.date = take<std::string>(v);
    if (name == "summary") f.summary = take<std::string>(v);
    if (name == "year") f.year = static_cast<int>(std::get<int64_t>(v));
    if (name == "tags") f.tags = take<std::vector<std::string>>(v);
    if (name == "links") f.links = take<std::vector<Link>>(v);
    if (name == "attrs") f.attrs = take<boost::json::object>(v);
    if (name == "provenance") f.provenance = take<boost::json::array>(v);
  }
  return f;
}

Result<EdgeFields> parse_edge_fields(std::string_view json) {
  auto values = read_body(Body::edge, json, true);
  if (!values) return values.status();
  EdgeFields f;
  for (auto& [name, v] : *values) {
    if (name == "from") f.from = take<std::string>(v);
    if (name == "to") f.to = take<std::string>(v);
    if (name == "type") f.type = take<std::string>(v);
    if (name == "attrs") f.attrs = take<boost::json::object>(v);
    if (name == "provenance") f.provenance = take<boost::json::array>(v);
  }
  return f;
}

Result<TrailFields> parse_trail_fields(std::string_view json, bool require_title) {
  auto values = read_body(Body::trail, json, require_title);
  if (!values) return values.status();
  TrailFields f;
  for (auto& [name, v] : *values) {
    if (name == "title") f.title = take<std::string>(v);
    if (name == "slug") f.slug = take<std::string>(v);
    if (name == "description") f.description = take<std::string>(v);
    if (name == "steps") f.steps = take<std::vector<TrailStep>>(v);
  }
  return f;
}

Result<std::pair<TrailStep, size_t>> parse_step(std::string_view json) {
  auto values = read_body(Body::step, json, true);
  if (!values) return values.status();
  TrailStep step;
  size_t position = 0;
  for (auto& [name, v] : *values) {
    if (name == "node") step.node = take<std::string>(v);
    if (name == "note") step.note = take<std::string>(v);
    if (name == "position") position = static_cast<size_t>(std::get<int64_t>(v));
  }
  if (step.node.empty()) return invalid("the step's node is empty; name a node (id or slug)");
  return std::pair{step, position};
}

Result<int64_t> parse_revision(std::string_view json) {
  auto values = read_body(Body::revert, json, true);
  if (!values) return values.status();
  return std::get<int64_t>(values->front().second);
}

Result<size_t> parse_move(std::string_view json) {
  auto values = read_body(Body::move, json, true);
  if (!values) return values.status();
  return static_cast<size_t>(std::get<int64_t>(values->front().second));
}

Result<TrailRecipe> parse_trail_recipe(std::string_view json) {
  auto values = read_body(Body::trail_recipe, json, true);
  if (!values) return values.status();
  TrailRecipe recipe;
  for (auto& [name, v] : *values) {
    if (name == "person") recipe.person = take<std::string>(v);
    if (name == "types") recipe.types = take<std::vector<std::string>>(v);
    if (name == "order") recipe.order = take<std::string>(v);
    if (name == "title") recipe.title = take<std::string>(v);
    if (name == "slug") recipe.slug = take<std::string>(v);
  }
  return recipe;
}

}  // namespace resgraph::importers
