// The walks' edges in memory answer exactly as RocksDB's index keys do, in the same order,
// after any mix of writes: created and deleted edges, deleted nodes, reverted deletions.
#include <random>

#include "graph/walks.h"
#include "store_fixture.h"

namespace resgraph::testing {
namespace {

class AdjacencyTest : public StoreTest {
 protected:
  // Every node's edges, each way and by one type, as edge_refs gives them now.
  std::vector<std::string> answers() {
    std::vector<std::string> out;
    for (const auto& n : nodes)
      for (auto dir : {Direction::out, Direction::in, Direction::both})
        for (const char* type : {"", "cites"}) {
          auto edges = store->edge_refs(n.id, dir, type, 1000);
          EXPECT_TRUE(edges.is_ok()) << edges.status().message();
          std::string line = n.title + ":";
          for (const auto& e : *edges)
            line += " " + e.id + "/" + e.type + "/" + e.from + ">" + e.to;
          out.push_back(line);
        }
    return out;
  }
  std::vector<Node> nodes;
};

}  // namespace

TEST_F(AdjacencyTest, AnswersAsTheStoreDoesAfterEveryKindOfWrite) {
  std::mt19937 rng(11);
  for (int i = 0; i < 25; ++i)
    nodes.push_back(make(i % 5 ? "paper" : "person", "n" + std::to_string(i)));
  const char* types[] = {"cites", "about", "authored", "related"};
  std::vector<Edge> edges;
  auto random_edge = [&] {
    auto e = store->create_edge(
        {nodes[rng() % nodes.size()].id, nodes[rng() % nodes.size()].id, types[rng() % 4], {}, {}},
        meta);
    if (e) edges.push_back(*e);
  };
  for (int i = 0; i < 60; ++i) random_edge();
  const auto from_rocksdb = answers();
  ASSERT_TRUE(store->load_adjacency().is_ok());
  EXPECT_TRUE(store->stats().adjacency_built);
  EXPECT_EQ(answers(), from_rocksdb);

  // Writes while it is in memory: new edges, deleted ones, one deletion reverted, a node (and
  // with it its edges) deleted.
  for (int i = 0; i < 30; ++i) random_edge();
  for (int i = 0; i < 10; ++i) (void)store->delete_edge(edges[i].id, meta);
  ASSERT_TRUE(store->revert_edge(edges[3].id, 1, meta).is_ok());
  ASSERT_TRUE(store->delete_node(nodes[7].id, std::nullopt, meta).is_ok());
  nodes.erase(nodes.begin() + 7);
  auto hood = neighbours(*store, nodes[0].id, 2, {}, {}, {});
  ASSERT_TRUE(hood.is_ok());
  const auto in_memory = answers();

  // The same store read from RocksDB alone, after a restart that does not load it.
  reopen();
  EXPECT_FALSE(store->stats().adjacency_built);
  EXPECT_EQ(answers(), in_memory);
  auto again = neighbours(*store, nodes[0].id, 2, {}, {}, {});
  ASSERT_TRUE(again.is_ok());
  ASSERT_EQ(again->nodes.size(), hood->nodes.size());
  for (size_t i = 0; i < hood->nodes.size(); ++i)
    EXPECT_EQ(again->nodes[i].node.id, hood->nodes[i].node.id);
  EXPECT_EQ(again->edges.size(), hood->edges.size());
}

}  // namespace resgraph::testing
