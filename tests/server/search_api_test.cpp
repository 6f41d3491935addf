#include "server_fixture.h"

namespace resgraph::testing {

TEST_F(ServerTest, ANodeCreatedThroughTheApiIsFoundByTheNextSearch) {
  create("paper", "How Complex Systems Fail",
         R"(,"summary":"Catastrophe requires multiple failures.","tags":["safety"],"year":1998)");
  ASSERT_TRUE(index->wait_until_indexed(store->last_seq(), std::chrono::seconds(5)));
  auto r = call("GET", "/api/search?q=catastrophe&per_page=5");
  ASSERT_EQ(r.status, 200u) << r.body;
  auto body = obj(r);
  ASSERT_EQ(body["hits"].as_array().size(), 1u);
  auto hit = body["hits"].as_array()[0].as_object();
  EXPECT_EQ(hit["title"].as_string(), "How Complex Systems Fail");
  EXPECT_NE(std::string(hit["snippet"].as_string()).find("<mark>Catastrophe</mark>"),
            std::string::npos);
  EXPECT_EQ(body["facets"].as_object()["tag"].as_object()["safety"].as_int64(), 1);
  EXPECT_EQ(body["estimated_total"].as_int64(), 1);
}

TEST_F(ServerTest, SearchRefusesMalformedQueriesWith400) {
  auto r = call("GET", "/api/search?q=%28complex%20AND");
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_NE(obj(r)["detail"].as_string().find("parse"), std::string::npos);
  EXPECT_EQ(call("GET", "/api/search?q=x&page=0").status, 400u);
  EXPECT_EQ(call("GET", "/api/search?q=x&sort=up").status, 400u);
}

TEST_F(ServerTest, SuggestCompletesTitles) {
  create("concept", "Graceful extensibility");
  ASSERT_TRUE(index->wait_until_indexed(store->last_seq(), std::chrono::seconds(5)));
  auto r = obj(call("GET", "/api/suggest?q=grace"));
  ASSERT_EQ(r["suggestions"].as_array().size(), 1u);
  EXPECT_EQ(r["suggestions"].as_array()[0].as_object()["slug"].as_string(),
            "graceful-extensibility");
  EXPECT_EQ(call("GET", "/api/suggest?q=").status, 400u);
}

}  // namespace resgraph::testing
