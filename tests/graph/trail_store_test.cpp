#include "store_fixture.h"

namespace resgraph::testing {

class TrailTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    for (const char* t : {"One", "Two", "Three", "Four"}) nodes.push_back(make("talk", t));
  }
  Trail trail_of(std::vector<size_t> which) {
    TrailFields f;
    f.title = "A trail";
    std::vector<TrailStep> steps;
    for (size_t i : which) steps.push_back({nodes[i].slug, "", "note " + nodes[i].title});
    f.steps = steps;
    auto t = store->create_trail(f, meta);
    EXPECT_TRUE(t.is_ok()) << t.status().message();
    return *t;
  }
  std::vector<std::string> titles(const std::string& slug) {
    std::vector<std::string> out;
    auto trail = store->get_trail(slug);
    for (const auto& s : trail->steps) out.push_back(s.title);
    return out;
  }
  using V = std::vector<std::string>;
  std::vector<Node> nodes;
};

TEST_F(TrailTest, StepsKeepTheirOrderAndNodesKnowTheirTrails) {
  Trail t = trail_of({2, 0, 1});
  EXPECT_EQ(t.slug, "a-trail");
  EXPECT_EQ(t.rev, 1);
  EXPECT_EQ(titles("a-trail"), (V{"Three", "One", "Two"}));
  EXPECT_EQ(t.steps[0].node, nodes[2].id);  // slugs are stored as ids
  EXPECT_EQ(store->trails_through(nodes[0].slug, 10)->size(), 1u);
  EXPECT_TRUE(store->trails_through(nodes[3].id, 10)->empty());
  EXPECT_EQ(store->changes_since(0, 100)->back().kind, "trail.created");
  EXPECT_TRUE(store->check().ok());
}

TEST_F(TrailTest, InsertMoveAndRemoveSteps) {
  trail_of({0, 1});
  ASSERT_TRUE(store->insert_step("a-trail", 1, {nodes[3].id, "", ""}, std::nullopt, meta).is_ok());
  EXPECT_EQ(titles("a-trail"), (V{"Four", "One", "Two"}));
  ASSERT_TRUE(store->insert_step("a-trail", 0, {nodes[2].id, "", ""}, std::nullopt, meta).is_ok());
  EXPECT_EQ(titles("a-trail"), (V{"Four", "One", "Two", "Three"}));
  ASSERT_TRUE(store->move_step("a-trail", 1, 4, std::nullopt, meta).is_ok());
  EXPECT_EQ(titles("a-trail"), (V{"One", "Two", "Three", "Four"}));
  ASSERT_TRUE(store->remove_step("a-trail", 2, std::nullopt, meta).is_ok());
  EXPECT_EQ(titles("a-trail"), (V{"One", "Three", "Four"}));
  EXPECT_TRUE(store->trails_through(nodes[1].id, 10)->empty());
  EXPECT_EQ(store->get_trail("a-trail")->rev, 5);
  EXPECT_TRUE(store->check().ok());
}

TEST_F(TrailTest, PositionsOutsideTheTrailAreRefused) {
  trail_of({0, 1});
  uint64_t seq = store->last_seq();
  EXPECT_EQ(
      store->insert_step("a-trail", 4, {nodes[2].id, "", ""}, std::nullopt, meta).status().code(),
      Code::invalid);
  EXPECT_EQ(store->move_step("a-trail", 0, 1, std::nullopt, meta).status().code(), Code::invalid);
  EXPECT_EQ(store->move_step("a-trail", 1, 3, std::nullopt, meta).status().code(), Code::invalid);
  EXPECT_EQ(store->remove_step("a-trail", 3, std::nullopt, meta).status().code(), Code::invalid);
  EXPECT_EQ(store->insert_step("a-trail", 0, {"no-such-node", "", ""}, std::nullopt, meta)
                .status()
                .code(),
            Code::invalid);
  EXPECT_EQ(
      store->insert_step("no-trail", 0, {nodes[2].id, "", ""}, std::nullopt, meta).status().code(),
      Code::not_found);
  EXPECT_EQ(store->last_seq(), seq);
}

TEST_F(TrailTest, AStaleRevisionConflictsAndChangesNothing) {
  trail_of({0, 1});
  ASSERT_TRUE(store->move_step("a-trail", 1, 2, 1, meta).is_ok());
  auto stale = store->remove_step("a-trail", 1, 1, meta);
  EXPECT_EQ(stale.status().code(), Code::conflict);
  EXPECT_EQ(titles("a-trail"), (V{"Two", "One"}));
  EXPECT_EQ(store->delete_trail("a-trail", 1, meta).status().code(), Code::conflict);
  ASSERT_TRUE(store->delete_trail("a-trail", 2, meta).is_ok());
  EXPECT_EQ(store->get_trail("a-trail").status().code(), Code::not_found);
  EXPECT_TRUE(store->trails_through(nodes[0].id, 10)->empty());
  EXPECT_TRUE(store->check().ok());
}

TEST_F(TrailTest, ADeletedNodeLeavesAVisibleGap) {
  trail_of({0, 1, 2});
  ASSERT_TRUE(store->delete_node(nodes[1].id, std::nullopt, meta).is_ok());
  auto t = store->get_trail("a-trail");
  ASSERT_EQ(t->steps.size(), 3u);
  EXPECT_EQ(t->steps[1].node, nodes[1].id);
  EXPECT_EQ(t->steps[1].title, "Two");
  EXPECT_EQ(store->get_node(t->steps[1].node).status().code(), Code::not_found);
  // The trail can still be edited around the gap.
  ASSERT_TRUE(store->move_step("a-trail", 3, 1, std::nullopt, meta).is_ok());
  EXPECT_EQ(titles("a-trail"), (V{"Three", "One", "Two"}));
  EXPECT_TRUE(store->check().ok());
}

TEST_F(TrailTest, TrailsHaveHistory) {
  trail_of({0});
  TrailFields f;
  f.description = "Now with a description";
  ASSERT_TRUE(store->update_trail("a-trail", f, 1, {"bob", "describe"}).is_ok());
  auto h = store->history(store->get_trail("a-trail")->id, 10);
  ASSERT_EQ(h->size(), 2u);
  EXPECT_EQ((*h)[0].author, "bob");
  EXPECT_EQ((*h)[0].snapshot.as_object().at("description").as_string(), "Now with a description");
}

}  // namespace resgraph::testing
