#include "importers/json_fields.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

namespace resgraph::importers {

TEST(JsonFields, ReadsEveryNodeField) {
  auto f = parse_node_fields(
      R"({"type":"talk","title":"Ops Meta-Metrics","url":"https://example.org/t","date":"2010-06-22",
          "summary":"s","tags":["velocity"],"links":[{"url":"https://example.org/slides","label":"slides"}],
          "attrs":{"event":"Velocity 2010"},"slug":"ops-meta-metrics","year":2010})",
      true);
  ASSERT_TRUE(f.is_ok()) << f.status().message();
  EXPECT_EQ(*f->type, "talk");
  EXPECT_EQ(*f->year, 2010);
  ASSERT_EQ(f->links->size(), 1u);
  EXPECT_EQ((*f->links)[0].label, "slides");
  EXPECT_EQ(f->attrs->at("event").as_string(), "Velocity 2010");
  EXPECT_FALSE(f->provenance.has_value());
}

TEST(JsonFields, NamesTheOffendingField) {
  auto unknown = parse_node_fields(R"({"type":"paper","title":"x","colour":"red"})", true);
  EXPECT_NE(unknown.status().message().find("colour"), std::string::npos);
  auto wrong = parse_node_fields(R"({"type":"paper","title":42})", true);
  EXPECT_NE(wrong.status().message().find("'title' must be a string"), std::string::npos);
  auto tags = parse_node_fields(R"({"tags":["a",1]})", false);
  EXPECT_NE(tags.status().message().find("tags"), std::string::npos);
  auto missing = parse_node_fields(R"({"type":"paper"})", true);
  EXPECT_NE(missing.status().message().find("title"), std::string::npos);
  EXPECT_TRUE(parse_node_fields(R"({"summary":"only this"})", false).is_ok());
}

TEST(JsonFields, RefusesMalformedJsonBadUtf8AndDeepNesting) {
  EXPECT_EQ(parse_node_fields("{\"type\":", true).status().code(), Code::invalid);
  EXPECT_EQ(parse_node_fields("[1,2]", true).status().code(), Code::invalid);
  auto utf8 = parse_node_fields("{\"type\":\"paper\",\"title\":\"\xff\xfe\"}", true);
  EXPECT_NE(utf8.status().message().find("UTF-8"), std::string::npos);
  std::string deep = R"({"type":"paper","title":"x","attrs":)" + std::string(100, '[') +
                     std::string(100, ']') + "}";
  auto nested = parse_node_fields(deep, true);
  EXPECT_NE(nested.status().message().find("nested"), std::string::npos);
}

TEST(JsonFields, EdgesNeedFromToAndType) {
  auto e = parse_edge_fields(R"({"from":"a","to":"b","type":"cites","attrs":{"note":"x"}})");
  ASSERT_TRUE(e.is_ok());
  EXPECT_EQ(e->type, "cites");
  EXPECT_FALSE(parse_edge_fields(R"({"from":"a","type":"cites"})").is_ok());
  EXPECT_FALSE(parse_edge_fields(R"({"from":"a","to":"b","type":"cites","weight":1})").is_ok());
}

}  // namespace resgraph::importers

namespace resgraph::importers {
namespace {

// A value the schema accepts: the first of an enum, a property's minimum, an array of one.
boost::json::value sample(const boost::json::object& schema) {
  if (auto* e = schema.if_contains("enum")) return e->as_array().front();
  const auto& type = schema.at("type");
  std::string t = type.is_array() ? std::string(type.as_array().front().as_string())
                                  : std::string(type.as_string());
  if (t == "string") return "x";
  if (t == "boolean") return true;
  if (t == "integer") return schema.contains("minimum") ? schema.at("minimum") : 1;
  if (t == "array") {
    boost::json::array a;
    if (auto* items = schema.if_contains("items")) a.push_back(sample(items->as_object()));
    return a;
  }
  boost::json::object o;
  if (auto* props = schema.if_contains("properties"))
    for (const auto& [name, s] : props->as_object()) o[name] = sample(s.as_object());
  return o;
}

Status parse_as(Body body, const std::string& json) {
  switch (body) {
    case Body::node:
      return parse_node_fields(json, true).status();
    case Body::edge:
      return parse_edge_fields(json).status();
    case Body::trail:
      return parse_trail_fields(json, true).status();
    case Body::step:
      return parse_step(json).status();
    case Body::revert:
      return parse_revision(json).status();
    case Body::move:
      return parse_move(json).status();
    case Body::trail_recipe:
      return parse_trail_recipe(json).status();
    case Body::invitation:
    case Body::join:
    case Body::sign_in:
    case Body::token:
    case Body::account:
    case Body::rollback:
      return parse_account_body(body, json).status();
    case Body::comment:
    case Body::comment_state:
    case Body::patrol:
      return parse_discussion_body(body, json).status();
  }
  return Status::ok();
}

}  // namespace

// The body schemas in /api/openapi.json come from the parsers' own table: every described field
// is accepted with a value its schema allows, the required ones are required, and a field the
// schema does not name is refused.
TEST(JsonFields, TheBodySchemaDescribesWhatTheParserTakes) {
  for (Body body :
       {Body::node, Body::edge, Body::trail, Body::step, Body::revert, Body::move,
        Body::trail_recipe, Body::invitation, Body::join, Body::sign_in, Body::token, Body::account,
        Body::rollback, Body::comment, Body::comment_state, Body::patrol}) {
    auto schema = body_schema(body, true);
    const auto& props = schema.at("properties").as_object();
    const boost::json::array none;
    const auto* listed = schema.if_contains("required");
    const auto& required = listed ? listed->as_array() : none;
    boost::json::object minimal;
    for (const auto& r : required)
      minimal[r.as_string()] = sample(props.at(r.as_string()).as_object());
    EXPECT_TRUE(parse_as(body, boost::json::serialize(minimal)).is_ok())
        << boost::json::serialize(minimal);
    for (const auto& [name, s] : props) {
      boost::json::object full = minimal;
      full[name] = sample(s.as_object());
      Status st = parse_as(body, boost::json::serialize(full));
      EXPECT_TRUE(st.is_ok()) << name << ": " << st.message();
    }
    for (const auto& r : required) {
      boost::json::object without = minimal;
      without.erase(r.as_string());
      EXPECT_NE(parse_as(body, boost::json::serialize(without)).message().find(r.as_string()),
                std::string::npos);
    }
    boost::json::object extra = minimal;
    extra["colour"] = "red";
    EXPECT_NE(parse_as(body, boost::json::serialize(extra)).message().find("unknown field"),
              std::string::npos);
  }
  EXPECT_FALSE(body_schema(Body::node, false).contains("required"));  // a PATCH takes any subset
}

}  // namespace resgraph::importers
