#include "server_fixture.h"

namespace resgraph::testing {

TEST_F(ServerTest, NodeLifecycleThroughTheApi) {
  auto created = call(
      "POST", "/api/nodes",
      R"({"type":"paper","title":"How Complex Systems Fail","url":"https://how.complexsystems.fail/","year":1998,"tags":["safety"]})",
      contributor);
  ASSERT_EQ(created.status, 201u) << created.body;
  auto node = obj(created);
  std::string id = str(node, "id");
  EXPECT_EQ(created.header("etag"), "\"1\"");
  EXPECT_EQ(created.header("location"), "/api/nodes/" + id);
  EXPECT_EQ(node["created"].as_object()["by"].as_string(), "carl");

  auto by_slug = call("GET", "/api/nodes/how-complex-systems-fail");
  ASSERT_EQ(by_slug.status, 200u);
  EXPECT_EQ(str(obj(by_slug), "id"), id);

  auto patched = call("PATCH", "/api/nodes/" + id, R"({"summary":"Eighteen short points."})",
                      contributor, {{"If-Match", "\"1\""}});
  ASSERT_EQ(patched.status, 200u) << patched.body;
  EXPECT_EQ(patched.header("etag"), "\"2\"");
  EXPECT_EQ(str(obj(patched), "summary"), "Eighteen short points.");

  auto deleted = call("DELETE", "/api/nodes/" + id, "", moderator);
  ASSERT_EQ(deleted.status, 200u) << deleted.body;
  EXPECT_EQ(call("GET", "/api/nodes/" + id).status, 404u);
}

TEST_F(ServerTest, StaleIfMatchGets409WithTheCurrentVersion) {
  std::string id = str(create("paper", "Original"), "id");
  ASSERT_EQ(call("PATCH", "/api/nodes/" + id, R"({"title":"Newer"})", contributor,
                 {{"If-Match", "\"1\""}})
                .status,
            200u);
  uint64_t seq = store->last_seq();
  auto stale = call("PATCH", "/api/nodes/" + id, R"({"title":"Lost"})", contributor,
                    {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 409u);
  EXPECT_EQ(stale.header("content-type"), "application/problem+json");
  auto body = obj(stale);
  EXPECT_EQ(body["current"].as_object()["title"].as_string(), "Newer");
  EXPECT_EQ(body["current"].as_object()["rev"].as_int64(), 2);
  EXPECT_EQ(store->last_seq(), seq);
}

TEST_F(ServerTest, DuplicateResourceGets409NamingTheExistingNode) {
  std::string id = str(
      create("talk", "Resilience Engineering", R"(,"url":"https://www.youtube.com/watch?v=abc")"),
      "id");
  auto dup = call(
      "POST", "/api/nodes",
      R"({"type":"video","title":"Other","url":"http://youtube.com/watch?v=abc&utm_source=x"})",
      contributor);
  EXPECT_EQ(dup.status, 409u);
  EXPECT_EQ(str(obj(dup)["existing"].as_object(), "id"), id);
}

TEST_F(ServerTest, EdgesLinkNodesAndAreListedPerNode) {
  std::string person = str(create("person", "John Allspaw"), "id");
  std::string talk = str(create("talk", "Ops Meta-Metrics"), "id");
  auto edge =
      call("POST", "/api/edges",
           R"({"from":"john-allspaw","to":")" + talk + R"(","type":"presented"})", contributor);
  ASSERT_EQ(edge.status, 201u) << edge.body;
  std::string edge_id = str(obj(edge), "id");
  auto out = obj(call("GET", "/api/nodes/" + person + "/edges?direction=out"));
  ASSERT_EQ(out["edges"].as_array().size(), 1u);
  EXPECT_EQ(out["edges"].as_array()[0].as_object()["to"].as_string(), talk);
  EXPECT_EQ(
      obj(call("GET", "/api/nodes/" + talk + "/edges?direction=out"))["edges"].as_array().size(),
      0u);
  EXPECT_EQ(call("GET", "/api/edges/" + edge_id).status, 200u);
  EXPECT_EQ(call("DELETE", "/api/edges/" + edge_id, "", contributor).status, 200u);
  EXPECT_EQ(obj(call("GET", "/api/nodes/" + person + "/edges"))["edges"].as_array().size(), 0u);
}

TEST_F(ServerTest, HistoryRevisionAndRevert) {
  std::string id = str(create("concept", "Adaptive capacity"), "id");
  call("PATCH", "/api/nodes/" + id, R"({"title":"Bad edit"})", contributor,
       {{"X-Comment", "oops"}});
  auto history = obj(call("GET", "/api/nodes/" + id + "/history"));
  auto& revs = history["revisions"].as_array();
  ASSERT_EQ(revs.size(), 2u);
  EXPECT_EQ(revs[0].as_object()["comment"].as_string(), "oops");
  EXPECT_EQ(revs[0].as_object()["author"].as_string(), "carl");
  auto r1 = obj(call("GET", "/api/nodes/" + id + "/history/1"));
  EXPECT_EQ(r1["snapshot"].as_object()["title"].as_string(), "Adaptive capacity");
  EXPECT_EQ(call("GET", "/api/nodes/" + id + "/history/x").status, 400u);
  EXPECT_EQ(call("POST", "/api/nodes/" + id + "/revert", R"({"rev":1})", contributor).status, 403u);
  auto reverted = call("POST", "/api/nodes/" + id + "/revert", R"({"rev":1})", moderator);
  ASSERT_EQ(reverted.status, 200u) << reverted.body;
  EXPECT_EQ(str(obj(reverted), "title"), "Adaptive capacity");
  EXPECT_EQ(reverted.header("etag"), "\"3\"");
}

TEST_F(ServerTest, ChangesSinceReturnsTheLogInOrder) {
  create("person", "Sidney Dekker");
  create("person", "Erik Hollnagel");
  create("person", "David Woods");
  const auto b = static_cast<int64_t>(base);
  auto all = obj(call("GET", "/api/changes?since=" + std::to_string(base)));
  ASSERT_EQ(all["changes"].as_array().size(), 3u);
  auto later = obj(call("GET", "/api/changes?since=" + std::to_string(b + 1) + "&limit=1"));
  auto& changes = later["changes"].as_array();
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].as_object()["seq"].as_int64(), b + 2);
  EXPECT_EQ(changes[0].as_object()["author"].as_string(), "carl");
  EXPECT_EQ(later["next_since"].as_int64(), b + 2);
  EXPECT_EQ(later["last_seq"].as_int64(), b + 3);
  EXPECT_EQ(call("GET", "/api/changes?since=abc").status, 400u);
}

TEST_F(ServerTest, ListFiltersByTypeAndPagesWithCursor) {
  for (int i = 0; i < 5; ++i) create("paper", "Paper " + std::to_string(i));
  create("person", "Person");
  auto first = obj(call("GET", "/api/nodes?type=paper&limit=3"));
  ASSERT_EQ(first["nodes"].as_array().size(), 3u);
  std::string cursor(first["next_cursor"].as_string());
  auto second = obj(call("GET", "/api/nodes?type=paper&limit=3&cursor=" + cursor));
  ASSERT_EQ(second["nodes"].as_array().size(), 2u);
  EXPECT_TRUE(second["next_cursor"].is_null());
  EXPECT_EQ(call("GET", "/api/nodes?type=starship").status, 400u);
}

TEST_F(ServerTest, MetricsCountRequestsByRouteAndStatus) {
  call("GET", "/api/nodes/missing");
  call("GET", "/api/nodes/missing");
  auto m = call("GET", "/metrics");
  ASSERT_EQ(m.status, 200u);
  EXPECT_NE(m.body.find("resgraph_http_requests_total{method=\"GET\",route=\"/api/nodes/"
                        "{id}\",status=\"404\"} 2"),
            std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("resgraph_http_request_duration_seconds_bucket"), std::string::npos);
  EXPECT_NE(m.body.find("resgraph_change_log_last_seq " + std::to_string(base)), std::string::npos);
  // The search index says how far it has read the log, so an operator sees it catch up.
  ASSERT_TRUE(index->wait_until_indexed(base, std::chrono::seconds(5)));
  EXPECT_NE(
      call("GET", "/metrics").body.find("resgraph_search_indexed_seq " + std::to_string(base)),
      std::string::npos);
}

TEST_F(ServerTest, HealthAndOpenApiDescribeTheServer) {
  auto h = obj(call("GET", "/healthz"));
  EXPECT_EQ(h["status"].as_string(), "ok");
  auto api = obj(call("GET", "/api/openapi.json"));
  auto& paths = api["paths"].as_object();
  EXPECT_TRUE(paths.contains("/api/nodes/{id}/history/{rev}"));
  EXPECT_TRUE(paths["/api/nodes/{id}"].as_object().contains("patch"));
  EXPECT_FALSE(paths.contains("/api/admin/users"));
}

}  // namespace resgraph::testing
