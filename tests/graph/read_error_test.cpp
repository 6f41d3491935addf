// A read that fails is never taken for a key that is absent: damage in the store's files shows
// as an internal error (or the store refusing to open), never as "no such node", an empty
// page or an empty log, any of which would let a writer create a duplicate or a reader believe
// a record is gone.
#include <random>

#include "damaged_store.h"
#include "store_fixture.h"

namespace resgraph::testing {

TEST_F(StoreTest, DamagedRecordsAreErrorsNeverAbsent) {
  std::mt19937 rng(1);
  std::vector<std::string> ids;
  for (int i = 0; i < 1500; ++i) {
    NodeFields f;
    f.type = "paper";
    f.title = "Paper " + std::to_string(i);
    std::string summary;  // incompressible, so the nodes fill many blocks
    for (int c = 0; c < 1200; ++c) summary += static_cast<char>('a' + rng() % 26);
    f.summary = summary;
    auto n = store->create_node(f, meta);
    ASSERT_TRUE(n.is_ok()) << n.status().message();
    ids.push_back(n->id);
  }
  ASSERT_TRUE(store->compact().is_ok());
  store.reset();
  damage_tables(dir.sub("store"), 64 << 10);

  auto reopened = Store::open({dir.sub("store")});
  if (!reopened) {
    // Damage where the change log ends: refusing to open beats numbering new writes from 1.
    EXPECT_NE(reopened.status().code(), Code::not_found) << reopened.status().message();
    return;
  }
  store = std::move(*reopened);
  size_t failed = 0;
  for (const auto& id : ids) {
    auto n = store->get_node(id);
    if (n) continue;
    EXPECT_NE(n.status().code(), Code::not_found) << id << ": " << n.status().message();
    ++failed;
  }
  EXPECT_GT(failed, 0u) << "the damage reached no node: the test proves nothing";

  // A scan through the damage fails rather than ending early with a short page.
  NodeQuery all;
  all.limit = 1000;
  bool scan_failed = false;
  for (int page = 0; page < 10; ++page) {
    auto p = store->list_nodes(all);
    if (!p) {
      scan_failed = true;
      EXPECT_EQ(p.status().code(), Code::internal) << p.status().message();
      break;
    }
    if (p->next.empty()) break;
    all.after = p->next;
  }
  EXPECT_TRUE(scan_failed) << "list_nodes read past damaged blocks as if they were not there";
  // And a writer is not told the title is free when it cannot tell.
  auto dup = store->find_duplicate("paper", "Paper 750", "");
  if (dup) {
    EXPECT_TRUE(dup->has_value());
  }
}

}  // namespace resgraph::testing
