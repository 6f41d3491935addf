// Every edge's ends in memory, by node index, so that walks (neighbourhoods, paths, related
// nodes) follow edges as integers instead of seeking RocksDB and hashing ids at each node.
// Built once from the "o" index keys (while writes go on: those that land meanwhile are
// replayed), then kept in step by each committed batch: the batch's "o" puts and deletes are
// the graph's edge changes, whoever staged them.
#pragma once

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graph/status.h"
#include "graph/store.h"

namespace resgraph {

class Adjacency {
 public:
  // Half an edge, as seen from one end. Each node's halves are kept in the index keys' order:
  // outgoing first, then by type, far end and edge id (what Store::edge_refs answers).
  struct Half {
    uint32_t far;
    uint32_t edge;
    uint16_t type;
    bool out;
  };

  // Reads every edge, once; callers that arrive while it runs wait for it.
  Status build(rocksdb::DB& db);
  bool built() const;
  // Forgets everything (a reopen may have taken back writes it saw), once a build in progress
  // is done; the next build reads again.
  void drop();
  // A committed batch's edge changes (called under the store's write lock, in commit order).
  void apply(const rocksdb::WriteBatch& batch);

  // A walk's hold on the adjacency: writers wait while it lives, so keep it short.
  class View {
   public:
    explicit View(const Adjacency& a) : a_(a), lock_(a.mu_) {}
    std::optional<uint32_t> index_of(std::string_view id) const;
    const std::string& id_of(uint32_t n) const { return a_.node_ids_[n]; }
    size_t degree(uint32_t n) const { return a_.halves_[n].size(); }
    // Edge types by name -> their indexes here; a type no edge has matches nothing.
    std::vector<int> type_indexes(const std::vector<std::string>& names) const;
    // n's halves in edge_refs' order: all of them, or those of `types` type by type; at most
    // `limit` (per type when filtered); `each(half)` returns false to stop.
    template <typename Each>
    void each_half(uint32_t n, const std::vector<int>& types, size_t limit, Each&& each) const {
      const auto& list = a_.halves_[n];
      if (types.empty()) {
        for (size_t i = 0; i < list.size() && i < limit; ++i)
          if (!each(list[i])) return;
        return;
      }
      for (int t : types) {
        size_t seen = 0;
        for (const Half& h : list)
          if (h.type == t && seen++ < limit && !each(h)) return;
      }
    }
    Edge edge(uint32_t n, const Half& h) const;  // its id, type and ends, as edge_refs gives

   private:
    const Adjacency& a_;
    std::shared_lock<std::shared_mutex> lock_;
  };

  // The edges of `id` as Store::edge_refs gives them, in the same order; nullopt when not built.
  std::optional<std::vector<Edge>> around(std::string_view id, Direction dir, std::string_view type,
                                          size_t limit) const;

  struct Stats {
    bool built = false;
    size_t nodes = 0, edges = 0, bytes = 0;
    double build_ms = 0;
  };
  Stats stats() const;

  // One "o" key's edge change (from a batch; the rest of a batch is not the graph's).
  void add(std::string_view from, std::string_view type, std::string_view to, std::string_view id);
  void remove(std::string_view from, std::string_view type, std::string_view to,
              std::string_view id);

 private:
  enum class State { absent, building, built };
  void clear();
  void read_all(rocksdb::DB& db, Status& status);
  uint32_t node_index(std::string_view id);
  uint16_t type_index(std::string_view type);
  std::string_view edge_id(uint32_t e) const {
    return std::string_view(edge_arena_).substr(edge_at_[e], edge_at_[e + 1] - edge_at_[e]);
  }
  bool before(const Half& a, const Half& b) const;
  void insert(uint32_t at, const Half& h);

  std::mutex build_mu_;  // one build at a time; the others wait for it
  mutable std::shared_mutex mu_;
  State state_ = State::absent;
  std::vector<std::string> pending_;  // batches (their data) committed while building
  double build_ms_ = 0;
  size_t edge_count_ = 0;
  std::unordered_map<std::string, uint32_t> node_of_;
  std::vector<std::string> node_ids_;
  std::vector<std::vector<Half>> halves_;  // by node index
  std::vector<std::string> types_;
  // Edge ids back to back in one arena (a removed one's bytes stay until the next start), by
  // offset: edge e is [edge_at_[e], edge_at_[e + 1]).
  std::string edge_arena_;
  std::vector<uint32_t> edge_at_{0};
};

}  // namespace resgraph
