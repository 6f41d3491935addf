#include "graph/walks.h"

#include "store_fixture.h"

namespace resgraph::testing {

// people: cook, woods, allspaw, hammond; works: hcsf (cook), stella (cook, woods, allspaw),
// deploys (allspaw, hammond); concept: complexity <- hcsf, stella. An island: lonely.
class WalkTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    cook = make("person", "Richard Cook");
    woods = make("person", "David Woods");
    allspaw = make("person", "John Allspaw");
    hammond = make("person", "Paul Hammond");
    hcsf = make("paper", "How Complex Systems Fail");
    stella = make("paper", "STELLA");
    deploys = make("talk", "10+ Deploys Per Day");
    complexity = make("concept", "Complexity");
    lonely = make("concept", "Lonely");
    link(cook, hcsf, "authored");
    link(cook, stella, "authored");
    link(woods, stella, "authored");
    link(allspaw, stella, "authored");
    link(allspaw, deploys, "presented");
    link(hammond, deploys, "presented");
    link(hcsf, complexity, "about");
    link(stella, complexity, "about");
  }
  std::set<std::string> titles(const Neighbourhood& h) {
    std::set<std::string> out;
    for (const auto& n : h.nodes) out.insert(n.node.title);
    return out;
  }
  Node cook, woods, allspaw, hammond, hcsf, stella, deploys, complexity, lonely;
  WalkLimits limits;
};

TEST_F(WalkTest, NeighboursGrowByDepthAndFilter) {
  auto one = neighbours(*store, cook.slug, 1, {}, {}, limits);
  ASSERT_TRUE(one.is_ok());
  EXPECT_EQ(titles(*one),
            (std::set<std::string>{"Richard Cook", "How Complex Systems Fail", "STELLA"}));
  EXPECT_EQ(one->edges.size(), 2u);
  auto two = neighbours(*store, cook.slug, 2, {}, {}, limits);
  EXPECT_EQ(two->nodes.size(), 6u);  // + woods, allspaw, complexity
  EXPECT_EQ(two->edges.size(), 6u);
  auto people = neighbours(*store, stella.slug, 1, {"person"}, {}, limits);
  EXPECT_EQ(people->nodes.size(), 4u);  // stella and its three authors
  auto about = neighbours(*store, stella.slug, 1, {}, {"about"}, limits);
  EXPECT_EQ(titles(*about), (std::set<std::string>{"STELLA", "Complexity"}));
  EXPECT_FALSE(two->truncated);
}

TEST_F(WalkTest, WalksAreBounded) {
  limits.max_nodes = 3;
  auto capped = neighbours(*store, cook.slug, 3, {}, {}, limits);
  ASSERT_TRUE(capped.is_ok());
  EXPECT_EQ(capped->nodes.size(), 3u);
  EXPECT_TRUE(capped->truncated);
  EXPECT_EQ(neighbours(*store, cook.slug, 4, {}, {}, {}).status().code(), Code::invalid);
  EXPECT_EQ(neighbours(*store, cook.slug, 0, {}, {}, {}).status().code(), Code::invalid);
  EXPECT_EQ(shortest_path(*store, cook.id, hammond.id, {}, 7, {}).status().code(), Code::invalid);
  EXPECT_EQ(neighbours(*store, "nobody", 1, {}, {}, {}).status().code(), Code::not_found);
}

TEST_F(WalkTest, ShortestPathBetweenTwoPeople) {
  auto p = shortest_path(*store, cook.slug, hammond.slug, {}, 6, limits);
  ASSERT_TRUE(p.is_ok());
  ASSERT_TRUE(p->found);
  std::vector<std::string> ids;
  for (const auto& n : p->nodes) ids.push_back(n.title);
  EXPECT_EQ(ids, (std::vector<std::string>{"Richard Cook", "STELLA", "John Allspaw",
                                           "10+ Deploys Per Day", "Paul Hammond"}));
  ASSERT_EQ(p->edges.size(), 4u);
  EXPECT_EQ(p->edges[3].type, "presented");
}

TEST_F(WalkTest, NoPathWithinTheLimitIsSaidPlainly) {
  auto island = shortest_path(*store, cook.id, lonely.id, {}, 6, limits);
  ASSERT_TRUE(island.is_ok());
  EXPECT_FALSE(island->found);
  EXPECT_FALSE(island->truncated);
  auto too_short = shortest_path(*store, cook.id, hammond.id, {}, 3, limits);
  EXPECT_FALSE(too_short->found);
  auto only_about = shortest_path(*store, cook.id, hammond.id, {"about"}, 6, limits);
  EXPECT_FALSE(only_about->found);
}

TEST_F(WalkTest, RelatedRanksBySharedNeighbours) {
  auto r = related(*store, hcsf.slug, 5, limits);
  ASSERT_TRUE(r.is_ok());
  ASSERT_FALSE(r->empty());
  EXPECT_EQ((*r)[0].node.title, "STELLA");  // shares both its author and its concept
  EXPECT_EQ((*r)[0].via.size(), 2u);
  for (const auto& x : *r)
    EXPECT_NE(x.node.title, "Richard Cook");  // direct neighbours are left out
}

TEST_F(WalkTest, WorksOfAPersonInDateOrder) {
  NodeFields f;
  f.date = "2009-06-23";
  ASSERT_TRUE(store->update_node(deploys.id, f, std::nullopt, meta).is_ok());
  f.date = "2017-03-01";
  ASSERT_TRUE(store->update_node(stella.id, f, std::nullopt, meta).is_ok());
  auto works = works_of(*store, "John Allspaw", {}, "date");
  ASSERT_TRUE(works.is_ok());
  ASSERT_EQ(works->size(), 2u);
  EXPECT_EQ((*works)[0].title, "10+ Deploys Per Day");
  EXPECT_EQ(works_of(*store, "John Allspaw", {"talk"}, "date")->size(), 1u);
  EXPECT_EQ(works_of(*store, "Nobody Here", {}, "date").status().code(), Code::not_found);
  EXPECT_EQ(works_of(*store, stella.slug, {}, "date").status().code(), Code::invalid);
}

}  // namespace resgraph::testing
