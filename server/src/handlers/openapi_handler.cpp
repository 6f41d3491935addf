// GET /api/openapi.json: the API description, generated from the route table (paths, each
// route's Params, body and answer) and from importers' body fields (request schemas, and the
// writable part of the Node, Edge and Trail answers), so it cannot drift from what the handlers
// accept.
#include "../router.h"
#include "handlers.h"
#include "importers/json_fields.h"

namespace resgraph::server {
namespace json = boost::json;
namespace {

json::object ref(std::string_view name) {
  return {{"$ref", "#/components/schemas/" + std::string(name)}};
}

json::object type_of(const char* type) { return {{"type", type}}; }

json::object array_of(json::object item) { return {{"type", "array"}, {"items", std::move(item)}}; }

json::object nullable(const char* type) { return {{"type", json::array{type, "null"}}}; }

json::array names(const std::vector<std::string>& list) {
  json::array out;
  for (const auto& s : list) out.emplace_back(s);
  return out;
}

json::object object_of(json::object properties, json::array required, bool closed = true) {
  json::object o{{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) o["required"] = std::move(required);
  if (closed) o["additionalProperties"] = false;
  return o;
}

json::object param_schema(const Param& p) {
  using K = ParamKind;
  json::object s;
  switch (p.kind) {
    case K::text:
    case K::header:
      s = type_of("string");
      break;
    case K::integer:
      s = {{"type", "integer"}, {"minimum", p.min}, {"maximum", p.max}};
      if (p.fallback) s["default"] = std::stoull(p.fallback);
      return s;
    case K::flag:
      return {{"type", "boolean"}, {"default", false}};
    case K::choice: {
      json::array choices;
      for (const char* c : p.choices) choices.emplace_back(c);
      s = {{"type", "string"}, {"enum", std::move(choices)}};
      break;
    }
    case K::node_type:
      s = {{"type", "string"}, {"enum", names(node_types())}};
      break;
    case K::edge_type:
      s = {{"type", "string"}, {"enum", names(edge_types())}};
      break;
    case K::node_types:
      return array_of({{"type", "string"}, {"enum", names(node_types())}});
    case K::edge_types:
      return array_of({{"type", "string"}, {"enum", names(edge_types())}});
  }
  if (p.fallback) s["default"] = p.fallback;
  return s;
}

json::array parameters(const Route& route) {
  json::array out;
  std::string_view p = route.pattern;
  for (size_t open = p.find('{'); open != std::string_view::npos; open = p.find('{', open + 1)) {
    auto close = p.find('}', open);
    out.push_back(json::object{{"name", p.substr(open + 1, close - open - 1)},
                               {"in", "path"},
                               {"required", true},
                               {"schema", type_of("string")}});
  }
  for (const auto& param : route.params) {
    bool header = param.kind == ParamKind::header;
    json::object o{{"name", param.name},
                   {"in", header ? "header" : "query"},
                   {"description", param.description},
                   {"required", param.required},
                   {"schema", param_schema(param)}};
    if (param.kind == ParamKind::node_types || param.kind == ParamKind::edge_types)
      o["style"] = "form", o["explode"] = false;
    out.push_back(std::move(o));
  }
  return out;
}

json::object json_body(json::object schema) {
  return {{"required", true}, {"content", {{"application/json", {{"schema", std::move(schema)}}}}}};
}

json::value request_body(BodyKind body) {
  using B = BodyKind;
  using importers::Body;
  switch (body) {
    case B::none:
      return nullptr;
    case B::node:
      return json_body(importers::body_schema(Body::node, true));
    case B::node_patch:
      return json_body(importers::body_schema(Body::node, false));
    case B::edge:
      return json_body(importers::body_schema(Body::edge, true));
    case B::trail:
      return json_body(importers::body_schema(Body::trail, true));
    case B::trail_patch:
      return json_body(importers::body_schema(Body::trail, false));
    case B::step:
      return json_body(importers::body_schema(Body::step, true));
    case B::revert:
      return json_body(importers::body_schema(Body::revert, true));
    case B::move:
      return json_body(importers::body_schema(Body::move, true));
    case B::trail_recipe:
      return json_body(importers::body_schema(Body::trail_recipe, true));
    case B::invitation:
      return json_body(importers::body_schema(Body::invitation, true));
    case B::join:
      return json_body(importers::body_schema(Body::join, true));
    case B::sign_in:
      return json_body(importers::body_schema(Body::sign_in, true));
    case B::token:
      return json_body(importers::body_schema(Body::token, true));
    case B::account:
      return json_body(importers::body_schema(Body::account, false));
    case B::rollback:
      return json_body(importers::body_schema(Body::rollback, false));
    case B::comment:
      return json_body(importers::body_schema(Body::comment, true));
    case B::comment_state:
      return json_body(importers::body_schema(Body::comment_state, true));
    case B::patrol:
      return json_body(importers::body_schema(Body::patrol, true));
    case B::upload: {
      json::object url = object_of({{"url", type_of("string")}}, {"url"}, false);
      json::object json_schema{{"oneOf", json::array{std::move(url), ref("Dataset")}}};
      json::object content;
      content["text/markdown"] = json::object{{"schema", type_of("string")}};
      content["application/json"] = json::object{{"schema", std::move(json_schema)}};
      return json::object{{"required", true}, {"content", std::move(content)}};
    }
  }
  return nullptr;
}

json::object responses(const Route& route) {
  json::object ok{{"description", route.summary}};
  json::object schema = route.answer.schema ? ref(route.answer.schema) : type_of("string");
  ok["content"] = {{route.answer.media, {{"schema", std::move(schema)}}}};
  json::object problem{{"description", "A problem (RFC 9457); its type is one of /docs/problems"},
                       {"content", {{"application/problem+json", {{"schema", ref("Problem")}}}}}};
  return {{std::to_string(route.answer.status), std::move(ok)}, {"default", std::move(problem)}};
}

json::object operation(const Route& route) {
  json::object op{{"summary", route.summary}, {"parameters", parameters(route)}};
  if (auto body = request_body(route.body); !body.is_null()) op["requestBody"] = std::move(body);
  op["responses"] = responses(route);
  if (route.access != Access::anyone)
    op["security"] = json::array{json::object{{"bearer", json::array{}}}};
  return op;
}

json::object stamp() {
  return object_of({{"by", type_of("string")}, {"at", type_of("integer")}}, {"by", "at"});
}

// A record as the store answers it: the fields a writer sets (from importers' body table), then
// the ones the store keeps.
json::object record(importers::Body body, const json::object& kept) {
  json::object schema = importers::body_schema(body, false);
  json::object& properties = schema["properties"].as_object();
  json::array required;
  for (const auto& [name, value] : properties) required.emplace_back(name);
  for (const auto& [name, value] : kept) {
    required.emplace_back(name);
    properties[name] = value;
  }
  schema["required"] = std::move(required);
  return schema;
}

json::object node_schema() {
  return record(importers::Body::node, {{"id", type_of("string")},
                                        {"rev", type_of("integer")},
                                        {"created", stamp()},
                                        {"updated", stamp()}});
}

json::object trail_schema() {
  json::object step = object_of({{"n", type_of("integer")},
                                 {"node", type_of("string")},
                                 {"note", type_of("string")},
                                 {"title", type_of("string")},
                                 {"gap", type_of("boolean")},
                                 {"slug", type_of("string")},
                                 {"type", type_of("string")}},
                                {"n", "node", "note", "title", "gap"});
  json::object schema = record(importers::Body::trail, {{"id", type_of("string")},
                                                        {"owner", type_of("string")},
                                                        {"provenance", type_of("array")},
                                                        {"rev", type_of("integer")},
                                                        {"created", stamp()},
                                                        {"updated", stamp()}});
  schema["properties"].as_object()["steps"] = array_of(std::move(step));
  return schema;
}

// A node as walks and lists name it; answers add what they are about (depth, score, degree).
json::object node_summary_schema() {
  return object_of({{"id", type_of("string")},
                    {"slug", type_of("string")},
                    {"type", type_of("string")},
                    {"title", type_of("string")},
                    {"date", type_of("string")},
                    {"year", nullable("integer")}},
                   {"id", "slug", "type", "title"}, false);
}

json::object edge_ref_schema() {
  return object_of({{"id", type_of("string")},
                    {"from", type_of("string")},
                    {"to", type_of("string")},
                    {"type", type_of("string")}},
                   {"id", "from", "to", "type"});
}

json::object search_schema() {
  json::object hit = object_of({{"id", type_of("string")},
                                {"slug", type_of("string")},
                                {"type", type_of("string")},
                                {"title", type_of("string")},
                                {"year", nullable("integer")},
                                {"score", type_of("number")},
                                {"snippet", type_of("string")},
                                {"matched_fields", array_of(type_of("string"))}},
                               {"id", "slug", "type", "title", "score"});
  json::object counts{{"type", "object"}, {"additionalProperties", type_of("integer")}};
  return object_of(
      {{"hits", array_of(std::move(hit))},
       {"estimated_total", type_of("integer")},
       {"page", type_of("integer")},
       {"per_page", type_of("integer")},
       {"facets_exact", type_of("boolean")},
       {"facets", object_of({{"type", counts}, {"year", counts}, {"tag", counts}}, {})},
       {"did_you_mean", nullable("string")}},
      {"hits", "estimated_total", "page", "per_page", "facets"});
}

json::object list_of(const char* field, json::object item, bool paged) {
  json::object properties{{field, array_of(std::move(item))}};
  json::array required{field};
  if (paged) properties["next_cursor"] = nullable("string"), required.emplace_back("next_cursor");
  return object_of(std::move(properties), std::move(required));
}

json::object answer_schemas() {
  json::object problem = object_of({{"type", type_of("string")},
                                    {"title", type_of("string")},
                                    {"status", type_of("integer")},
                                    {"detail", type_of("string")},
                                    {"current", type_of("object")},
                                    {"existing", type_of("object")}},
                                   {"type", "title", "status", "detail"});
  json::object edge =
      record(importers::Body::edge,
             {{"id", type_of("string")}, {"rev", type_of("integer")}, {"created", stamp()}});
  return {
      {"Problem", std::move(problem)},
      {"Node", node_schema()},
      {"Edge", std::move(edge)},
      {"Trail", trail_schema()},
      {"NodeSummary", node_summary_schema()},
      {"EdgeRef", edge_ref_schema()},
      {"NodePage", list_of("nodes", ref("Node"), true)},
      {"EdgeList", list_of("edges", ref("Edge"), false)},
      {"TrailPage", list_of("trails", type_of("object"), true)},
      {"TrailsThrough", list_of("trails", type_of("object"), false)},
      {"Related", list_of("related", ref("NodeSummary"), false)},
      {"Suggestions", list_of("suggestions", ref("NodeSummary"), false)},
      {"History", list_of("revisions", type_of("object"), false)},
      {"Sources", list_of("sources", type_of("object"), false)},
      {"Neighbourhood", object_of({{"nodes", array_of(ref("NodeSummary"))},
                                   {"edges", array_of(ref("EdgeRef"))},
                                   {"truncated", type_of("boolean")}},
                                  {"nodes", "edges", "truncated"})},
      {"Path", object_of({{"found", type_of("boolean")},
                          {"truncated", type_of("boolean")},
                          {"message", type_of("string")},
                          {"length", type_of("integer")},
                          {"nodes", array_of(ref("NodeSummary"))},
                          {"edges", array_of(ref("EdgeRef"))}},
                         {"found", "truncated"})},
      {"SearchResults", search_schema()},
      {"Types", object_of({{"node_types", array_of(type_of("string"))},
                           {"edge_types", array_of(type_of("string"))}},
                          {"node_types", "edge_types"})},
      {"Me",
       object_of(
           {{"role", type_of("string")}, {"name", nullable("string")}, {"csrf", type_of("string")}},
           {"role", "name"})},
      {"Invitation", object_of({{"id", type_of("string")},
                                {"role", type_of("string")},
                                {"expires", type_of("integer")},
                                {"created_by", type_of("string")},
                                {"state", type_of("string")},
                                {"used_by", type_of("string")},
                                {"note", type_of("string")},
                                {"code", type_of("string")},
                                {"link", type_of("string")}},
                               {"id", "role", "expires", "state"})},
      {"Health", object_of({{"status", {{"type", "string"}, {"enum", {"ok", "degraded"}}}},
                            {"writes", type_of("string")},
                            {"last_seq", type_of("integer")}},
                           {"status", "writes", "last_seq"})},
      {"Changes", object_of({{"changes", array_of(type_of("object"))},
                             {"next_since", type_of("integer")},
                             {"last_seq", type_of("integer")}},
                            {"changes", "next_since", "last_seq"})},
      {"Comment", object_of({{"id", type_of("string")},
                             {"entity", type_of("string")},
                             {"target", type_of("string")},
                             {"reply_to", type_of("string")},
                             {"author", type_of("string")},
                             {"body", type_of("string")},
                             {"html", type_of("string")},
                             {"created", type_of("integer")},
                             {"hidden", type_of("boolean")},
                             {"hidden_by", type_of("string")},
                             {"rev", type_of("integer")}},
                            {"id", "target", "author", "body", "html", "hidden"})},
      {"Comments", list_of("comments", ref("Comment"), false)},
      {"Watch", object_of({{"user", type_of("string")},
                           {"entity", type_of("string")},
                           {"target", type_of("string")},
                           {"seen_seq", type_of("integer")},
                           {"seen", type_of("integer")},
                           {"added", type_of("integer")}},
                          {"user", "entity", "target", "seen_seq"})},
      {"Deleted",
       object_of({{"deleted", type_of("string")}, {"rev", type_of("integer")}}, {"deleted"})},
      {"Step", type_of("object")},
      {"Revision", type_of("object")},
      {"ImportReport", type_of("object")},
      {"Links", object_of({{"links", array_of(type_of("object"))}, {"total", type_of("integer")}},
                          {"links", "total"})},
      {"Dataset",
       object_of(
           {{"nodes", type_of("array")}, {"edges", type_of("array")}, {"trails", type_of("array")}},
           {}, false)},
      {"CompactGraph", object_of({{"nodes", type_of("array")}, {"edges", type_of("array")}},
                                 {"nodes", "edges"}, false)},
      {"Object", type_of("object")},
  };
}

}  // namespace

// The OpenAPI description is generated from the route table, so it cannot drift from it.
Response openapi(const Request&, Services&) {
  json::object paths;
  for (const auto& route : routes()) {
    if (route.access == Access::admin) continue;
    std::string method(route.method);
    for (auto& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    json::value& path = paths[route.pattern];
    if (!path.is_object()) path.emplace_object();
    path.as_object()[method] = operation(route);
  }
  json::object doc{
      {"openapi", "3.1.0"},
      {"info",
       {{"title", "resgraph"},
        {"version", RESGRAPH_VERSION},
        {"description",
         "A collaborative knowledge graph of the resilience-engineering-in-software literature. "
         "Errors are application/problem+json; their types are described at /docs/problems."}}},
      {"paths", std::move(paths)},
      {"components",
       {{"securitySchemes", {{"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
        {"schemas", answer_schemas()}}}};
  return json_response(200, doc);
}

}  // namespace resgraph::server
