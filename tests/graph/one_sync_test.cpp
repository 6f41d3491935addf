// Store::with_one_sync: an import's many writes cost one fsync of the log, each still its own
// change-log entry; other threads' writes keep syncing one by one while it runs.
#include <mutex>
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

namespace resgraph::testing {
namespace {

// Sixteen writers at once, 40 writes each; answers the syncs the store made for them.
uint64_t concurrent_writes(Store& store, std::vector<std::string>& titles) {
  uint64_t before = store.stats().syncs;
  std::mutex mu;
  std::vector<std::thread> writers;
  for (int w = 0; w < 16; ++w)
    writers.emplace_back([&, w] {
      for (int i = 0; i < 40; ++i) {
        NodeFields f;
        f.type = "concept";
        f.title = "Writer " + std::to_string(w) + " write " + std::to_string(i);
        auto n = store.create_node(f, {"tester", ""});
        ASSERT_TRUE(n.is_ok()) << n.status().message();
        std::lock_guard lock(mu);
        titles.push_back(n->slug);
      }
    });
  for (auto& t : writers) t.join();
  return store.stats().syncs - before;
}

}  // namespace

// Group commit: concurrent writers share fsyncs (fewer syncs than writes), every write is
// acknowledged only once durable (all there after a reopen), and the log stays gapless. With
// group commit off, every write is its own sync.
TEST_F(StoreTest, ConcurrentWritersShareSyncsAndLoseNothing) {
  uint64_t seq = store->last_seq();
  std::vector<std::string> slugs;
  uint64_t syncs = concurrent_writes(*store, slugs);
  ASSERT_EQ(slugs.size(), 640u);
  EXPECT_LT(syncs, 640u);
  EXPECT_GE(syncs, 1u);
  EXPECT_EQ(store->last_seq(), seq + 640);
  reopen();
  for (const auto& slug : slugs) EXPECT_TRUE(store->get_node(slug).is_ok()) << slug;
  auto log = store->changes_since(seq, 1000);
  ASSERT_TRUE(log.is_ok());
  ASSERT_EQ(log->size(), 640u);
  for (size_t i = 0; i < log->size(); ++i) EXPECT_EQ((*log)[i].seq, seq + 1 + i);

  store.reset();
  auto plain = Store::open({dir.sub("plain"), true, false});
  ASSERT_TRUE(plain.is_ok());
  std::vector<std::string> more;
  EXPECT_EQ(concurrent_writes(**plain, more), 640u);
}

}  // namespace resgraph::testing
