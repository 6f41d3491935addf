#include "graph/rollback.h"
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

TEST_F(StoreTest, EdgesKeepRevisionsAndRevertToBeingLinkedOrRemoved) {
  Node a = make("person", "Richard Cook");
  Node b = make("paper", "How Complex Systems Fail");
  Edge e = link(a, b, "authored");
  ASSERT_TRUE(store->delete_edge(e.id, {"vandal", ""}).is_ok());
  auto h = store->history(e.id, 10);
  ASSERT_TRUE(h.is_ok());
  ASSERT_EQ(h->size(), 2u);
  EXPECT_EQ((*h)[0].kind, "deleted");

  auto back = store->revert_edge(e.id, 1, {"mod", "restore"});
  ASSERT_TRUE(back.is_ok()) << back.status().message();
  EXPECT_EQ(back->id, e.id);
  EXPECT_EQ(back->rev, 3);
  EXPECT_EQ(store->edges_of(a.id, Direction::out, "", 10)->size(), 1u);
  EXPECT_EQ(store->history(e.id, 1)->front().kind, "reverted");
  EXPECT_EQ(store->revert_edge(e.id, 1, meta).status().code(), Code::invalid);  // in place

  auto gone = store->revert_edge(e.id, 2, meta);  // revision 2 is the removal
  ASSERT_TRUE(gone.is_ok()) << gone.status().message();
  EXPECT_TRUE(store->edges_of(a.id, Direction::both, "", 10)->empty());
  EXPECT_EQ(store->revert_edge(e.id, 2, meta).status().code(), Code::invalid);

  // Not while a like edge links the two, nor once an end is gone.
  Edge again = link(a, b, "authored");
  EXPECT_EQ(store->revert_edge(e.id, 1, meta).status().code(), Code::conflict);
  ASSERT_TRUE(store->delete_node(b.id, std::nullopt, meta).is_ok());
  EXPECT_EQ(store->revert_edge(e.id, 1, meta).status().code(), Code::invalid);
  EXPECT_EQ(store->revert_edge("e-none", 1, meta).status().code(), Code::not_found);
  EXPECT_TRUE(store->check().ok());
}

TEST_F(StoreTest, RollbackSinceRelinksRemovedEdgesAndRestoresTrails) {
  Node a = make("person", "David Woods");
  Node b = make("concept", "Graceful extensibility");
  Node c = make("paper", "The Theory of Graceful Extensibility");
  Edge kept = link(a, b, "about");
  TrailFields tf;
  tf.title = "Woods";
  tf.steps = std::vector<TrailStep>{{b.slug, "", "start here"}, {c.slug, "", "then this"}};
  auto trail = store->create_trail(tf, meta);
  ASSERT_TRUE(trail.is_ok()) << trail.status().message();

  const WriteMeta vandal{"vandal", ""};
  ASSERT_TRUE(store->delete_edge(kept.id, vandal).is_ok());
  Edge made = *store->create_edge({c.id, a.id, "about", {}, {}}, vandal);
  ASSERT_TRUE(store->remove_step(trail->slug, 1, std::nullopt, vandal).is_ok());
  TrailFields retitle;
  retitle.title = "Spam";
  ASSERT_TRUE(store->update_trail(trail->slug, retitle, std::nullopt, vandal).is_ok());
  ASSERT_TRUE(store->delete_node(b.id, std::nullopt, vandal).is_ok());

  auto report = rollback_since(*store, "vandal", 0, {"mod", "rollback"});
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  EXPECT_EQ(report->unlinked, std::vector<std::string>{made.id});
  EXPECT_EQ(report->relinked, std::vector<std::string>{kept.id});
  EXPECT_TRUE(report->skipped.empty());
  EXPECT_EQ(store->get_node(b.id)->title, "Graceful extensibility");
  EXPECT_EQ(store->get_edge(kept.id)->from, a.id);
  EXPECT_EQ(store->get_edge(made.id).status().code(), Code::not_found);
  auto restored = store->get_trail(trail->id);
  ASSERT_TRUE(restored.is_ok());
  EXPECT_EQ(restored->title, "Woods");
  ASSERT_EQ(restored->steps.size(), 2u);
  EXPECT_EQ(restored->steps[0].node, b.id);
  EXPECT_TRUE(store->check().ok());
}

}  // namespace resgraph::testing
