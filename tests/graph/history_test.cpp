#include "store_fixture.h"

namespace resgraph::testing {

TEST_F(StoreTest, HistoryListsRevisionsNewestFirstWithAuthorAndComment) {
  Node n = make("paper", "Draft");
  NodeFields f;
  f.summary = "A summary";
  ASSERT_TRUE(store->update_node(n.id, f, 1, {"bob", "add summary"}).is_ok());
  auto h = store->history(n.slug, 10);
  ASSERT_TRUE(h.is_ok());
  ASSERT_EQ(h->size(), 2u);
  EXPECT_EQ((*h)[0].rev, 2);
  EXPECT_EQ((*h)[0].author, "bob");
  EXPECT_EQ((*h)[0].comment, "add summary");
  EXPECT_EQ((*h)[0].kind, "updated");
  EXPECT_EQ((*h)[1].kind, "created");
  auto r1 = store->revision(n.id, 1);
  ASSERT_TRUE(r1.is_ok());
  EXPECT_EQ(r1->snapshot.as_object().at("summary").as_string(), "");
  EXPECT_EQ(store->revision(n.id, 3).status().code(), Code::not_found);
}

TEST_F(StoreTest, RevertRestoresAnEarlierRevisionAsANewOne) {
  Node n = make("paper", "Right Title");
  NodeFields f;
  f.title = "Vandalized";
  ASSERT_TRUE(store->update_node(n.id, f, std::nullopt, meta).is_ok());
  auto reverted = store->revert_node(n.id, 1, 2, {"mod", "undo vandalism"});
  ASSERT_TRUE(reverted.is_ok()) << reverted.status().message();
  EXPECT_EQ(reverted->title, "Right Title");
  EXPECT_EQ(reverted->rev, 3);
  EXPECT_EQ(store->history(n.id, 1)->front().kind, "reverted");
  EXPECT_EQ(store->revert_node(n.id, 1, 2, meta).status().code(), Code::conflict);
  EXPECT_TRUE(store->check().ok());
}

TEST_F(StoreTest, RevertBringsBackADeletedNode) {
  Node n = make("concept", "Graceful extensibility");
  ASSERT_TRUE(store->delete_node(n.id, std::nullopt, meta).is_ok());
  EXPECT_EQ(store->get_node(n.id).status().code(), Code::not_found);
  auto back = store->revert_node(n.id, 1, std::nullopt, meta);
  ASSERT_TRUE(back.is_ok()) << back.status().message();
  EXPECT_EQ(back->rev, 3);
  EXPECT_EQ(store->get_node("graceful-extensibility")->id, n.id);
  EXPECT_EQ(store->revert_node(n.id, 2, std::nullopt, meta).status().code(), Code::invalid);
  EXPECT_TRUE(store->check().ok());
}

}  // namespace resgraph::testing
