// A reader walks the Allspaw trail end to end through the API, branches off at each step, and
// finds paths between people; contributors edit trails with the same revision rules as nodes.
#include <fstream>
#include <sstream>

#include "server_fixture.h"

namespace resgraph::testing {

class TrailsApiTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerTest::SetUp();
    std::ifstream in(std::string(RESGRAPH_DATA_DIR) + "/canon.json");
    std::stringstream text;
    text << in.rdbuf();
    auto r = call("POST", "/api/import?format=json", text.str(), contributor);
    ASSERT_EQ(r.status, 200u) << r.body;
  }
};

TEST_F(TrailsApiTest, AReaderWalksTheAllspawTrailEndToEnd) {
  auto list = obj(call("GET", "/api/trails"));
  bool listed = false;
  for (const auto& t : list["trails"].as_array())
    listed = listed || t.as_object().at("slug") == "the-allspaw-trail";
  ASSERT_TRUE(listed) << json::serialize(list);

  std::string last_date;
  size_t n = 1, walked = 0;
  for (; n != 0 && walked < 30; ++walked) {
    auto r = call("GET", "/api/trails/the-allspaw-trail/steps/" + std::to_string(n));
    ASSERT_EQ(r.status, 200u) << r.body;
    auto step = obj(r);
    EXPECT_EQ(step["position"].as_int64(), static_cast<int64_t>(n));
    EXPECT_EQ(step["of"].as_int64(), 28);
    auto& node = step["node"].as_object();
    // The 25 talks in date order, then the 3 podcasts as bonus steps.
    EXPECT_EQ(node["type"].as_string(), n <= 25 ? "talk" : "podcast") << n;
    EXPECT_FALSE(std::string(step["note"].as_string()).empty()) << n;
    std::string date(node["date"].as_string());
    if (n <= 25) {
      EXPECT_GE(date, last_date) << "steps are in date order";
      last_date = date;
    }
    if (n == 1)
      EXPECT_TRUE(step["prev"].is_null());
    else
      EXPECT_EQ(step["prev"].as_object()["n"].as_int64(), static_cast<int64_t>(n - 1));
    // Branching off: the neighbourhood holds the speaker.
    bool speaker = false;
    for (const auto& x : step["neighbourhood"].as_object()["nodes"].as_array())
      speaker = speaker || x.as_object().at("title") == "John Allspaw";
    EXPECT_TRUE(speaker) << n;
    n = step["next"].is_null() ? 0 : static_cast<size_t>(step["next"].as_object()["n"].as_int64());
  }
  EXPECT_EQ(walked, 28u);
  EXPECT_EQ(last_date, "2019-07-08");
  EXPECT_EQ(call("GET", "/api/trails/the-allspaw-trail/steps/29").status, 404u);
  EXPECT_EQ(call("GET", "/api/trails/the-allspaw-trail/steps/0").status, 400u);
  auto through = obj(call("GET", "/api/nodes/stronger-and-faster/trails"));
  ASSERT_EQ(through["trails"].as_array().size(), 1u);
  EXPECT_EQ(through["trails"].as_array()[0].as_object()["positions"].as_array()[0].as_int64(), 6);
}

TEST_F(TrailsApiTest, PathsBetweenPeopleAndTheirBounds) {
  auto p = obj(call("GET", "/api/path?from=paul-hammond&to=steve-souders"));
  EXPECT_TRUE(p["found"].as_bool());
  EXPECT_EQ(p["length"].as_int64(), 4);
  auto none = obj(call("GET", "/api/path?from=paul-hammond&to=steve-souders&max_depth=2"));
  EXPECT_FALSE(none["found"].as_bool());
  EXPECT_NE(std::string(none["message"].as_string()).find("no path within 2"), std::string::npos);
  EXPECT_EQ(call("GET", "/api/path?from=paul-hammond&to=steve-souders&max_depth=9").status, 400u);
  EXPECT_EQ(call("GET", "/api/path?from=paul-hammond").status, 400u);
  auto hood =
      obj(call("GET", "/api/nodes/john-allspaw/neighbors?depth=2&types=person,talk&limit=10"));
  EXPECT_EQ(hood["nodes"].as_array().size(), 10u);
  EXPECT_TRUE(hood["truncated"].as_bool());
  EXPECT_EQ(call("GET", "/api/nodes/john-allspaw/neighbors?depth=5").status, 400u);
  auto related = obj(call("GET", "/api/nodes/stronger-and-faster/related?limit=3"));
  EXPECT_EQ(related["related"].as_array().size(), 3u);
}

TEST_F(TrailsApiTest, ContributorsEditTrailsWithRevisions) {
  auto created = call(
      "POST", "/api/trails",
      R"({"title":"Velocity talks","steps":[{"node":"stronger-and-faster","note":"2012"},{"node":"10-deploys-per-day-dev-and-ops-cooperation-at-flickr"}]})",
      contributor);
  ASSERT_EQ(created.status, 201u) << created.body;
  EXPECT_EQ(created.header("etag"), "\"1\"");
  auto moved = call("POST", "/api/trails/velocity-talks/steps/2/move", R"({"to":1})", contributor,
                    {{"If-Match", "\"1\""}});
  ASSERT_EQ(moved.status, 200u) << moved.body;
  EXPECT_EQ(obj(moved)["steps"].as_array()[0].as_object()["title"].as_string(),
            "10+ Deploys Per Day: Dev and Ops Cooperation at Flickr");
  auto stale = call("POST", "/api/trails/velocity-talks/steps", R"({"node":"ops-meta-metrics"})",
                    contributor, {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 409u);
  EXPECT_EQ(obj(stale)["current"].as_object()["rev"].as_int64(), 2);
  auto inserted =
      call("POST", "/api/trails/velocity-talks/steps",
           R"({"node":"seeing-the-invisible-discovering-operations-expertise","position":2})",
           contributor);
  ASSERT_EQ(inserted.status, 200u) << inserted.body;
  EXPECT_EQ(obj(inserted)["steps"].as_array().size(), 3u);
  EXPECT_EQ(call("DELETE", "/api/trails/velocity-talks/steps/3", "", contributor).status, 200u);
  EXPECT_EQ(
      call("POST", "/api/trails/velocity-talks/steps", R"({"node":"x","colour":1})", contributor)
          .status,
      400u);
  // A deleted node leaves a gap that readers can see.
  ASSERT_EQ(call("DELETE", "/api/nodes/seeing-the-invisible-discovering-operations-expertise", "",
                 moderator)
                .status,
            200u);
  auto trail = obj(call("GET", "/api/trails/velocity-talks"));
  EXPECT_TRUE(trail["steps"].as_array()[1].as_object()["gap"].as_bool());
  EXPECT_EQ(trail["steps"].as_array()[1].as_object()["title"].as_string(),
            "Seeing the Invisible: Discovering Operations Expertise");
  auto gap = obj(call("GET", "/api/trails/velocity-talks/steps/2"));
  EXPECT_TRUE(gap["node"].is_null());
  // Only the owner or a moderator deletes a trail.
  std::string other = *store->add_user("otto", Role::contributor);
  EXPECT_EQ(call("DELETE", "/api/trails/velocity-talks", "", other).status, 403u);
  EXPECT_EQ(call("DELETE", "/api/trails/velocity-talks", "", contributor).status, 200u);
  EXPECT_EQ(call("GET", "/api/trails/velocity-talks").status, 404u);
}

TEST_F(TrailsApiTest, GeneratedTrailsFollowTheGraph) {
  auto r = call(
      "POST", "/api/trails/generate",
      R"({"person":"John Allspaw","types":["talk","podcast"],"order":"date","slug":"allspaw-all"})",
      contributor);
  ASSERT_EQ(r.status, 201u) << r.body;
  auto t = obj(r);
  EXPECT_EQ(t["steps"].as_array().size(), 28u);
  EXPECT_EQ(t["steps"].as_array()[0].as_object()["title"].as_string(),
            "10+ Deploys Per Day: Dev and Ops Cooperation at Flickr");
  EXPECT_EQ(call("POST", "/api/trails/generate", R"({"person":"Nobody"})", contributor).status,
            404u);
}

}  // namespace resgraph::testing
