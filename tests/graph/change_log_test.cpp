#include <thread>

#include "store_fixture.h"

namespace resgraph::testing {

TEST_F(StoreTest, EveryWriteAppendsOneEntryWithAuthorAndSnapshot) {
  Node a = make("person", "Nora Jones");
  Node b = make("concept", "Learning from incidents");
  Edge e = link(a, b, "about");
  auto log = *store->changes_since(0, 100);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0].seq, 1u);
  EXPECT_EQ(log[0].kind, "node.created");
  EXPECT_EQ(log[0].author, "tester");
  EXPECT_EQ(log[0].data.as_object().at("title").as_string(), "Nora Jones");
  EXPECT_EQ(log[2].kind, "edge.created");
  EXPECT_EQ(log[2].id, e.id);
  EXPECT_EQ(store->changes_since(2, 100)->size(), 1u);
  EXPECT_EQ(store->changes_since(0, 2)->size(), 2u);
  EXPECT_EQ(store->revision(a.id, 1)->seq, 1u);
}

TEST_F(StoreTest, SequenceSurvivesRestartWithoutGaps) {
  make("paper", "One");
  make("paper", "Two");
  reopen();
  EXPECT_EQ(store->last_seq(), 2u);
  make("paper", "Three");
  auto log = *store->changes_since(0, 100);
  ASSERT_EQ(log.size(), 3u);
  for (size_t i = 0; i < log.size(); ++i) EXPECT_EQ(log[i].seq, i + 1);
}

TEST_F(StoreTest, RefusedWritesConsumeNoSequenceNumber) {
  make("paper", "Only");
  NodeFields dup;
  dup.type = "paper";
  dup.title = "only";
  EXPECT_FALSE(store->create_node(dup, meta).is_ok());
  make("paper", "Second");
  auto log = *store->changes_since(0, 100);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[1].seq, 2u);
}

TEST_F(StoreTest, ConcurrentWritersGetDistinctConsecutiveSequenceNumbers) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([this, t] {
      for (int i = 0; i < 10; ++i) {
        NodeFields f;
        f.type = "concept";
        f.title = "c " + std::to_string(t) + " " + std::to_string(i);
        EXPECT_TRUE(store->create_node(f, meta).is_ok());
      }
    });
  for (auto& t : threads) t.join();
  auto log = *store->changes_since(0, 1000);
  ASSERT_EQ(log.size(), 40u);
  for (size_t i = 0; i < log.size(); ++i) EXPECT_EQ(log[i].seq, i + 1);
  EXPECT_TRUE(store->check().ok());
}

}  // namespace resgraph::testing
