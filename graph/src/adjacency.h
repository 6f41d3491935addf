// Every edge's ends in memory, by node index, so that walks (neighbourhoods, paths, related
// nodes) follow edges without a RocksDB seek per node. Built once from the "o" index keys, then
// kept in step by each committed batch: the batch's "o" puts and deletes are the graph's edge
// changes, whoever staged them. Until it is built (and after a reopen drops it) the store
// answers from RocksDB, as before.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/store.h"
#include "graph/status.h"

namespace resgraph {

class Adjacency {
 public:
  // Reads every edge; the caller holds the store's write lock, so no batch lands meanwhile.
  Status build(rocksdb::DB& db);
  void drop();
  // A committed batch's edge changes (called under the write lock, in commit order).
  void apply(const rocksdb::WriteBatch& batch);
  // The edges of `id` as Store::edge_refs gives them, in the same order; nullopt when not built.
  std::optional<std::vector<Edge>> around(std::string_view id, Direction dir, std::string_view type,
                                          size_t limit) const;

  struct Stats {
    bool built = false;
    size_t nodes = 0, edges = 0, bytes = 0;
    double build_ms = 0;
  };
  Stats stats() const;

  // Half an edge, as seen from one end. Kept sorted as the index keys are: outgoing first,
  // then by type, far end and edge id.
  struct Half {
    uint32_t far;
    uint32_t edge;
    uint16_t type;
    bool out;
  };

  // One "o" key's edge change, from a batch (the rest of the batch is not the graph's).
  void add(std::string_view from, std::string_view type, std::string_view to, std::string_view id);
  void remove(std::string_view from, std::string_view type, std::string_view to,
              std::string_view id);

 private:
  uint32_t node_index(std::string_view id);
  uint16_t type_index(std::string_view type);
  bool before(const Half& a, const Half& b) const;
  void insert(uint32_t at, const Half& h);

  mutable std::shared_mutex mu_;
  bool built_ = false;
  double build_ms_ = 0;
  size_t edge_count_ = 0;
  std::unordered_map<std::string, uint32_t> node_of_;
  std::vector<std::string> node_ids_;
  std::vector<std::vector<Half>> halves_;  // by node index
  std::vector<std::string> types_;
  // Edge ids back to back in one arena (an edge id is written once; a removed one's bytes stay
  // until the next start), found by offset.
  std::string edge_arena_;
  std::vector<uint32_t> edge_at_;
};

}  // namespace resgraph
