// Store::with_one_sync: an import's many writes cost one fsync of the log, each still its own
// change-log entry; other threads' writes keep syncing one by one while it runs.
#include <thread>

#include "store_fixture.h"

namespace resgraph::testing {

TEST_F(StoreTest, ManyWritesInOneScopeSyncOnceAndAreEachInTheLog) {
  uint64_t seq = store->last_seq(), syncs = store->stats().syncs;
  Status s = store->with_one_sync([&] {
    for (int i = 0; i < 200; ++i) make("paper", "Paper " + std::to_string(i));
    return Status::ok();
  });
  ASSERT_TRUE(s.is_ok()) << s.message();
  EXPECT_EQ(store->stats().syncs - syncs, 1u);
  EXPECT_EQ(store->last_seq(), seq + 200);
  auto log = store->changes_since(seq, 1000);
  ASSERT_TRUE(log.is_ok());
  ASSERT_EQ(log->size(), 200u);
  for (size_t i = 0; i < log->size(); ++i) EXPECT_EQ((*log)[i].seq, seq + 1 + i);  // gapless
  make("paper", "After the scope");
  EXPECT_EQ(store->stats().syncs - syncs, 2u);  // a write after it syncs by itself again
  reopen();
  NodeQuery q;
  q.type = "paper";
  q.limit = 1000;
  EXPECT_EQ(store->list_nodes(q)->nodes.size(), 201u);
}

TEST_F(StoreTest, OtherThreadsWritesSyncOneByOneWhileAScopeIsOpen) {
  uint64_t syncs = store->stats().syncs;
  Status s = store->with_one_sync([&] {
    make("paper", "Imported first");
    std::thread writer([&] {
      for (int i = 0; i < 20; ++i) make("talk", "Written meanwhile " + std::to_string(i));
    });
    writer.join();
    make("paper", "Imported last");
    return Status::ok();
  });
  ASSERT_TRUE(s.is_ok());
  EXPECT_EQ(store->stats().syncs - syncs, 21u);  // 20 acknowledged one by one, 1 for the scope
}

TEST_F(StoreTest, NestedScopesSyncOnceAndAFailureInsideStillEndsThem) {
  uint64_t syncs = store->stats().syncs;
  auto made = store->with_one_sync([&]() -> Result<Node> {
    Status inner = store->with_one_sync([&] {
      make("concept", "Inner");
      return Status::ok();
    });
    if (!inner.is_ok()) return inner;
    NodeFields bad;
    bad.type = "poem";  // refused: not a registered type
    bad.title = "Not a type";
    return store->create_node(bad, meta);
  });
  EXPECT_FALSE(made.is_ok());
  EXPECT_EQ(store->stats().syncs - syncs, 1u);
  make("concept", "Outside");
  EXPECT_EQ(store->stats().syncs - syncs, 2u);
}

}  // namespace resgraph::testing
