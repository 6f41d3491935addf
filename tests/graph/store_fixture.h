// A fresh store in its own temp dir for each test; reopen() simulates a restart.
#pragma once

#include <gtest/gtest.h>

#include "graph/store.h"
#include "temp_dir.h"

namespace resgraph::testing {

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { reopen(); }
  void reopen() {
    store.reset();
    auto s = Store::open({dir.sub("store")});
    ASSERT_TRUE(s.is_ok()) << s.status().message();
    store = std::move(*s);
  }
  Node make(const std::string& type, const std::string& title, const std::string& url = "") {
    NodeFields f;
    f.type = type;
    f.title = title;
    if (!url.empty()) f.url = url;
    auto n = store->create_node(f, meta);
    EXPECT_TRUE(n.is_ok()) << n.status().message();
    return n.is_ok() ? *n : Node{};
  }
  Edge link(const Node& from, const Node& to, const std::string& type) {
    auto e = store->create_edge({from.id, to.id, type, {}, {}}, meta);
    EXPECT_TRUE(e.is_ok()) << e.status().message();
    return e.is_ok() ? *e : Edge{};
  }

  size_t count_of(const std::string& type) {
    NodeQuery q;
    q.type = type;
    q.limit = 1000;
    auto page = store->list_nodes(q);
    EXPECT_TRUE(page.is_ok()) << page.status().message();
    return page ? page->nodes.size() : 0;
  }

  TempDir dir;
  std::unique_ptr<Store> store;
  WriteMeta meta{"tester", "from a test"};
};

}  // namespace resgraph::testing
