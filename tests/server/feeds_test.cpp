// Atom feeds against a real server: parsed as XML, with the elements RFC 4287 requires; one
// node's, one trail's, one person's and a saved search's changes; ETag and If-None-Match.
#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <sstream>

#include "server_fixture.h"

namespace resgraph::testing {
namespace {

namespace pt = boost::property_tree;

struct Feed {
  std::string id, title, updated;
  std::vector<pt::ptree> entries;
};

// Parses the feed and checks what every feed and entry must carry.
Feed parse_feed(const std::string& xml) {
  if (!xml.starts_with("<?xml")) {
    ADD_FAILURE() << "not a feed: " << xml;
    return {};
  }
  pt::ptree tree;
  std::istringstream in(xml);
  pt::read_xml(in, tree);  // throws on XML that is not well formed
  const auto& feed = tree.get_child("feed");
  EXPECT_EQ(feed.get<std::string>("<xmlattr>.xmlns"), "http://www.w3.org/2005/Atom");
  Feed f{feed.get<std::string>("id"),
         feed.get<std::string>("title"),
         feed.get<std::string>("updated"),
         {}};
  bool self = false;
  for (const auto& [name, child] : feed) {
    if (name == "link" && child.get<std::string>("<xmlattr>.rel") == "self") self = true;
    if (name != "entry") continue;
    EXPECT_FALSE(child.get<std::string>("id").empty());
    EXPECT_FALSE(child.get<std::string>("title").empty());
    EXPECT_EQ(child.get<std::string>("updated").size(), 24u);  // 2026-12-03T17:53:47.496Z
    EXPECT_FALSE(child.get<std::string>("author.name").empty());
    EXPECT_EQ(child.get<std::string>("link.<xmlattr>.rel"), "alternate");
    f.entries.push_back(child);
  }
  EXPECT_TRUE(self);
  return f;
}

}  // namespace

TEST_F(ServerTest, AtomFeedsFollowTheGraphANodeATrailAPersonAndASearch) {
  create("person", "Richard Cook");
  create("paper", "How Complex Systems Fail <and why> & how");
  create("concept", "Drift");
  ASSERT_EQ(
      call(
          "POST", "/api/edges",
          R"({"from":"richard-cook","to":"how-complex-systems-fail-and-why-how","type":"authored"})",
          contributor)
          .status,
      201u);
  ASSERT_EQ(
      call("PATCH", "/api/nodes/drift", R"({"summary":"Slow, then sudden"})", moderator).status,
      200u);
  ASSERT_EQ(call("POST", "/api/trails",
                 R"({"title":"Cook","steps":[{"node":"how-complex-systems-fail-and-why-how"}]})",
                 contributor)
                .status,
            201u);
  ASSERT_TRUE(index->wait_until_indexed(store->last_seq(), std::chrono::seconds(5)));

  auto all = call("GET", "/api/feeds/changes?limit=3");
  ASSERT_EQ(all.status, 200u) << all.body;
  EXPECT_EQ(all.header("content-type"), "application/atom+xml; charset=utf-8");
  Feed whole = parse_feed(all.body);
  ASSERT_EQ(whole.entries.size(), 3u);
  EXPECT_EQ(whole.entries[0].get<std::string>("title"), "Cook: created");  // newest first
  EXPECT_EQ(whole.entries[1].get<std::string>("author.name"), "mona");
  EXPECT_NE(whole.entries[1].get<std::string>("link.<xmlattr>.href").find("/n/drift"),
            std::string::npos);
  EXPECT_EQ(whole.updated, whole.entries[0].get<std::string>("updated"));

  auto node_feed = call("GET", "/api/feeds/changes?node=drift");
  ASSERT_EQ(node_feed.status, 200u) << node_feed.body;
  Feed node = parse_feed(node_feed.body);
  ASSERT_EQ(node.entries.size(), 2u);  // created, then updated
  EXPECT_EQ(node.title, "resgraph: changes to Drift");
  Feed person = parse_feed(call("GET", "/api/feeds/changes?person=richard-cook").body);
  ASSERT_EQ(person.entries.size(), 2u);  // the person and the paper they wrote
  EXPECT_EQ(person.entries[1].get<std::string>("title"), "Richard Cook: created");
  EXPECT_EQ(person.entries[0].get<std::string>("title"),
            "How Complex Systems Fail <and why> & how: created");  // escaped, read back whole
  auto trail_feed = call("GET", "/api/feeds/changes?trail=cook");
  ASSERT_EQ(trail_feed.status, 200u) << trail_feed.body;
  Feed trail = parse_feed(trail_feed.body);
  EXPECT_EQ(trail.entries.size(), 2u);  // the trail and its step's node
  Feed search = parse_feed(call("GET", "/api/feeds/changes?q=drift").body);
  ASSERT_EQ(search.entries.size(), 2u);

  // A feed reader polling: the same feed is a 304 with no body, until something changes.
  auto first = call("GET", "/api/feeds/changes?node=drift");
  const std::string etag = first.header("etag");
  ASSERT_FALSE(etag.empty());
  auto same = call("GET", "/api/feeds/changes?node=drift", "", "", {{"If-None-Match", etag}});
  EXPECT_EQ(same.status, 304u);
  EXPECT_TRUE(same.body.empty());
  ASSERT_EQ(call("PATCH", "/api/nodes/drift", R"({"summary":"Slowly"})", contributor).status, 200u);
  EXPECT_EQ(call("GET", "/api/feeds/changes?node=drift", "", "", {{"If-None-Match", etag}}).status,
            200u);

  EXPECT_EQ(call("GET", "/api/feeds/changes?node=nope").status, 404u);
  EXPECT_EQ(call("GET", "/api/feeds/changes?node=drift&person=richard-cook").status, 400u);
  EXPECT_EQ(call("GET", "/api/feeds/changes?limit=0").status, 400u);
}

}  // namespace resgraph::testing
