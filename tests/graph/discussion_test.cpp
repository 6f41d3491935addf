#include "graph/discussion.h"

#include "graph/rollback.h"
#include "store_fixture.h"

namespace resgraph::testing {

TEST_F(StoreTest, CommentsThreadOnNodesAndTrailsWithRepliesInOrder) {
  Node n = make("paper", "Ironies of Automation");
  auto first = store->add_comment("node", n.slug, "", "Is this the **1983** version?", {"ann", ""});
  ASSERT_TRUE(first.is_ok()) << first.status().message();
  auto reply = store->add_comment("node", n.id, first->id, "Yes, Automatica.", {"bob", ""});
  ASSERT_TRUE(reply.is_ok()) << reply.status().message();
  auto thread = store->comments_of("node", n.slug);
  ASSERT_TRUE(thread.is_ok());
  ASSERT_EQ(thread->size(), 2u);
  EXPECT_EQ((*thread)[0].body, "Is this the **1983** version?");
  EXPECT_EQ((*thread)[1].reply_to, first->id);
  EXPECT_EQ((*thread)[1].author, "bob");
  EXPECT_EQ(store->changes_since(0, 100)->back().kind, "comment.created");

  // A reply names a comment of the same thread; a comment needs text and a thread.
  Node other = make("paper", "Other");
  EXPECT_EQ(store->add_comment("node", other.id, first->id, "x", {"ann", ""}).status().code(),
            Code::invalid);
  EXPECT_EQ(store->add_comment("node", n.id, "", " \n ", {"ann", ""}).status().code(),
            Code::invalid);
  EXPECT_EQ(
      store->add_comment("node", n.id, "", std::string(kMaxCommentBytes + 1, 'a'), {"ann", ""})
          .status()
          .code(),
      Code::invalid);
  EXPECT_EQ(store->add_comment("node", "no-such-node", "", "x", {"ann", ""}).status().code(),
            Code::not_found);
  EXPECT_EQ(store->add_comment("edge", n.id, "", "x", {"ann", ""}).status().code(), Code::invalid);
  EXPECT_EQ(store->comments_of("node", other.id)->size(), 0u);

  TrailFields tf;
  tf.title = "Automation";
  tf.steps = std::vector<TrailStep>{{n.slug, "", ""}};
  ASSERT_TRUE(store->create_trail(tf, meta).is_ok());
  ASSERT_TRUE(store->add_comment("trail", "automation", "", "Good start", {"ann", ""}).is_ok());
  EXPECT_EQ(store->comments_of("trail", "automation")->size(), 1u);
  EXPECT_EQ(store->comments_of("node", n.id)->size(), 2u);
  EXPECT_TRUE(store->check().ok());
}

TEST_F(StoreTest, HidingACommentKeepsItForModeratorsAndLeavesItsTextOutOfTheLog) {
  Node n = make("concept", "Drift into failure");
  auto c = store->add_comment("node", n.id, "", "buy cheap pills", {"spam", ""});
  ASSERT_TRUE(c.is_ok());
  auto hidden = store->set_comment_hidden(c->id, true, {"mod", "spam"});
  ASSERT_TRUE(hidden.is_ok()) << hidden.status().message();
  EXPECT_TRUE(hidden->hidden);
  EXPECT_EQ(hidden->hidden_by, "mod");
  auto entry = store->changes_since(0, 100)->back();
  EXPECT_EQ(entry.kind, "comment.hidden");
  EXPECT_EQ(entry.data.as_object().at("body"), "");
  EXPECT_EQ(store->get_comment(c->id)->body, "buy cheap pills");
  EXPECT_EQ(store->set_comment_hidden(c->id, true, meta).status().code(), Code::invalid);
  auto shown = store->set_comment_hidden(c->id, false, {"mod", ""});
  ASSERT_TRUE(shown.is_ok());
  EXPECT_FALSE(store->get_comment(c->id)->hidden);
  EXPECT_EQ(store->history(c->id, 10)->size(), 3u);
  EXPECT_EQ(store->get_comment("m-none").status().code(), Code::not_found);
}

TEST_F(StoreTest, PatrolMarksAreKeptOnceAndLogged) {
  make("concept", "One");
  make("concept", "Two");
  auto marked = store->mark_patrolled({1, 2}, {"mod", ""});
  ASSERT_TRUE(marked.is_ok()) << marked.status().message();
  EXPECT_EQ(*marked, 2u);
  EXPECT_EQ(*store->mark_patrolled({2}, {"mod", ""}), 0u);  // already
  EXPECT_EQ(store->changes_since(0, 100)->back().kind, "change.patrolled");
  EXPECT_EQ(store->changes_since(0, 100)->size(), 3u);  // the second mark wrote nothing
  EXPECT_EQ(*store->patrolled({1, 2, 3}), (std::vector<bool>{true, true, false}));
  EXPECT_EQ(store->mark_patrolled({99}, meta).status().code(), Code::invalid);
  EXPECT_EQ(store->mark_patrolled({}, meta).status().code(), Code::invalid);
}

TEST_F(StoreTest, ContributionsCountEditsAcrossRestarts) {
  Node a = make("concept", "One");  // by tester
  Node b = make("concept", "Two");
  ASSERT_TRUE(store->create_edge({a.id, b.id, "related", {}, {}}, {"newbie", ""}).is_ok());
  ASSERT_TRUE(store->add_comment("node", a.id, "", "hello", {"newbie", ""}).is_ok());
  EXPECT_EQ(store->contributions("tester")->edits, 2u);
  EXPECT_EQ(store->contributions("newbie")->edits, 2u);
  EXPECT_GT(store->contributions("newbie")->first_ms, 0);
  EXPECT_EQ(store->contributions("nobody")->edits, 0u);
  reopen();
  EXPECT_EQ(store->contributions("newbie")->edits, 2u);
  make("concept", "Three");
  EXPECT_EQ(store->contributions("tester")->edits, 3u);

  NewContributorRule rule;
  const int64_t now = store->contributions("tester")->first_ms;
  EXPECT_TRUE(rule.is_new({now - 5 * 24 * 3600 * 1000LL, 3}, now));    // few edits
  EXPECT_TRUE(rule.is_new({now - 3600 * 1000LL, 50}, now));            // a recent first
  EXPECT_FALSE(rule.is_new({now - 5 * 24 * 3600 * 1000LL, 50}, now));  // neither
}

TEST_F(StoreTest, WatchesRememberWhatWasSeen) {
  Node n = make("person", "Sidney Dekker");
  auto w = store->watch("ann", "node", n.slug, {"ann", ""});
  ASSERT_TRUE(w.is_ok()) << w.status().message();
  EXPECT_EQ(w->target, n.id);
  const uint64_t seen = w->seen_seq;
  EXPECT_EQ(seen, store->last_seq() - 1);  // the watch's own entry comes after
  EXPECT_EQ(store->watch("ann", "node", n.id, {"ann", ""}).status().code(), Code::conflict);
  NodeFields f;
  f.summary = "changed";
  ASSERT_TRUE(store->update_node(n.id, f, std::nullopt, {"bob", ""}).is_ok());
  EXPECT_EQ((*store->get_watch("ann", "node", n.id))->seen_seq, seen);
  auto again = store->mark_seen("ann", "node", n.id, {"ann", ""});
  ASSERT_TRUE(again.is_ok());
  EXPECT_GT(again->seen_seq, seen);
  EXPECT_EQ(store->watches_of("ann")->size(), 1u);
  EXPECT_EQ(store->watches_of("bob")->size(), 0u);
  EXPECT_TRUE(moderators_only(store->changes_since(0, 100)->back()));
  ASSERT_TRUE(store->unwatch("ann", "node", n.id, {"ann", ""}).is_ok());
  EXPECT_EQ(store->watches_of("ann")->size(), 0u);
  EXPECT_EQ(store->unwatch("ann", "node", n.id, {"ann", ""}).status().code(), Code::not_found);
  EXPECT_TRUE(store->watch("ann", "node", n.id, {"ann", ""}).is_ok());  // again, a new revision
}

TEST_F(StoreTest, RollbackSinceHidesTheUsersComments) {
  Node n = make("concept", "Safety-II");
  auto c = store->add_comment("node", n.id, "", "spam", {"vandal", ""});
  ASSERT_TRUE(c.is_ok());
  auto report = rollback_since(*store, "vandal", 0, {"mod", ""});
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  EXPECT_EQ(report->hidden, std::vector<std::string>{c->id});
  EXPECT_TRUE(store->get_comment(c->id)->hidden);
}

}  // namespace resgraph::testing
