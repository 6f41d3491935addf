#include "importers/json_fields.h"

#include <gtest/gtest.h>

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
