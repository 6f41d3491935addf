// JSON Schema (2020-12, as OpenAPI 3.1 uses it) of each request body, made from the same table
// the parser reads.
#include <boost/json/array.hpp>

#include "body_fields.h"
#include "graph/node.h"

namespace resgraph::importers {
namespace json = boost::json;
namespace {

json::array names(const std::vector<std::string>& list) {
  json::array out;
  for (const auto& s : list) out.emplace_back(s);
  return out;
}

json::object text() { return {{"type", "string"}}; }

json::object array_of(json::object item) { return {{"type", "array"}, {"items", std::move(item)}}; }

json::object closed(json::object properties, json::array required) {
  json::object o{{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) o["required"] = std::move(required);
  o["additionalProperties"] = false;
  return o;
}

json::object schema_of(FieldKind kind) {
  using K = FieldKind;
  switch (kind) {
    case K::text:
      return text();
    case K::node_type:
      return {{"type", "string"}, {"enum", names(node_types())}};
    case K::edge_type:
      return {{"type", "string"}, {"enum", names(edge_types())}};
    case K::node_types:
      return array_of({{"type", "string"}, {"enum", names(node_types())}});
    case K::order:
      return {{"type", "string"}, {"enum", {"date", "title"}}};
    case K::year:
      return {{"type", json::array{"integer", "null"}}, {"minimum", 1}, {"maximum", 9999}};
    case K::texts:
      return array_of(text());
    case K::links:
      return array_of(closed({{"url", text()}, {"label", text()}}, {"url"}));
    case K::object:
      return {{"type", "object"}};
    case K::array:
      return {{"type", "array"}};
    case K::steps:
      return array_of(closed({{"node", text()}, {"note", text()}}, {"node"}));
    case K::count:
      return {{"type", "integer"}, {"minimum", 1}};
    case K::position:
      return {{"type", "integer"}, {"minimum", 0}};
    case K::role:
      return {{"type", "string"}, {"enum", {"reader", "contributor", "moderator"}}};
    case K::flag:
      return {{"type", "boolean"}};
    case K::days:
      return {{"type", "integer"}, {"minimum", 1}, {"maximum", 365}};
    case K::counts: {
      json::object a = array_of({{"type", "integer"}, {"minimum", 1}});
      a["minItems"] = 1;
      a["maxItems"] = 1000;
      return a;
    }
  }
  return {};
}

}  // namespace

json::object body_schema(Body body, bool create) {
  json::object properties;
  json::array required;
  for (const auto& f : fields_of(body)) {
    json::object s = schema_of(f.kind);
    s["description"] = f.description;
    properties[f.name] = std::move(s);
    if (create && f.required) required.emplace_back(f.name);
  }
  return closed(std::move(properties), std::move(required));
}

}  // namespace resgraph::importers
