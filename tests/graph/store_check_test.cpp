#include <rocksdb/db.h>

#include "../../graph/src/keys.h"
#include "store_fixture.h"

namespace resgraph::testing {

TEST_F(StoreTest, CheckPassesOnAHealthyStore) {
  Node a = make("person", "Jessica DeVita");
  Node b = make("podcast", "Resilience in Software");
  link(a, b, "presented");
  auto report = store->check();
  EXPECT_TRUE(report.ok()) << (report.problems.empty() ? "" : report.problems[0]);
  EXPECT_EQ(report.nodes, 2u);
  EXPECT_EQ(report.edges, 1u);
  EXPECT_EQ(report.changes, 3u);
}

// Damage the store behind the API's back and expect check to notice each kind of damage.
TEST_F(StoreTest, CheckReportsDanglingEdgesBrokenIndexesAndLogGaps) {
  Node a = make("person", "Richard Cook");
  Node b = make("paper", "Above the Line, Below the Line",
                "https://queue.acm.org/detail.cfm?id=3380777");
  link(a, b, "authored");
  store.reset();
  {
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), dir.sub("store"), &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), keys::node(b.id)).ok());
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), keys::change(2)).ok());
  }
  reopen();
  auto report = store->check();
  EXPECT_FALSE(report.ok());
  auto mentions = [&](const std::string& what) {
    for (const auto& p : report.problems)
      if (p.find(what) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(mentions("target " + b.id + " missing"));
  EXPECT_TRUE(mentions("missing node " + b.id));
  EXPECT_TRUE(mentions("change log jumps from 1 to 3"));
}

}  // namespace resgraph::testing
