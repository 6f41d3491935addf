// Walk benchmark (issue 5): a synthetic graph of 100,000 nodes and 1,000,000 edges; 2-hop
// neighbourhoods (limit 500) and shortest paths through the store, beside the same walks on an
// in-memory adjacency list built from the same edges in the same run. Prints Markdown.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <queue>
#include <random>
#include <unordered_map>

#include "graph/store.h"
#include "graph/walks.h"

using namespace resgraph;
using Clock = std::chrono::steady_clock;

namespace {

double pct(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, size_t(p * v.size()))];
}

size_t two_hop(const std::vector<std::vector<uint32_t>>& adj, uint32_t start, size_t limit) {
  std::vector<uint32_t> seen{start};
  std::vector<uint32_t> frontier{start};
  for (int d = 0; d < 2; ++d) {
    std::vector<uint32_t> next;
    for (uint32_t n : frontier)
      for (uint32_t m : adj[n]) {
        if (std::find(seen.begin(), seen.end(), m) != seen.end()) continue;
        if (seen.size() >= limit) return seen.size();
        seen.push_back(m);
        next.push_back(m);
      }
    frontier = std::move(next);
  }
  return seen.size();
}

int bfs_path(const std::vector<std::vector<uint32_t>>& adj, uint32_t a, uint32_t b, int max_depth) {
  std::vector<int> dist(adj.size(), -1);
  std::queue<uint32_t> q;
  dist[a] = 0;
  q.push(a);
  while (!q.empty()) {
    uint32_t n = q.front();
    q.pop();
    if (n == b) return dist[n];
    if (dist[n] >= max_depth) continue;
    for (uint32_t m : adj[n])
      if (dist[m] < 0) {
        dist[m] = dist[n] + 1;
        q.push(m);
      }
  }
  return -1;
}

struct Series {
  std::vector<double> store, baseline;
};
struct Walks {
  Series hop, path;
  size_t found = 0;
};

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// 1,000 2-hop neighbourhoods and 300 shortest paths through the store, each beside the same walk
// on the plain adjacency list; the same starts in every call with the same seed.
Walks measure(const Store& store, const std::vector<std::string>& ids,
              const std::vector<std::vector<uint32_t>>& adj, unsigned seed) {
  std::mt19937_64 rng(seed);
  Walks w;
  const size_t n = ids.size();
  for (int i = 0; i < 1000; ++i) {
    uint32_t s = uint32_t(rng() % n);
    auto a = Clock::now();
    (void)neighbours(store, ids[s], 2, {}, {}, {500, std::chrono::milliseconds(1000)});
    w.hop.store.push_back(ms_since(a));
    auto b = Clock::now();
    (void)two_hop(adj, s, 500);
    w.hop.baseline.push_back(ms_since(b));
  }
  for (int i = 0; i < 300; ++i) {
    uint32_t x = uint32_t(rng() % n), y = uint32_t(rng() % n);
    auto a = Clock::now();
    auto p = shortest_path(store, ids[x], ids[y], {}, 6, {500, std::chrono::milliseconds(2000)});
    w.path.store.push_back(ms_since(a));
    w.found += p && p->found;
    auto b = Clock::now();
    (void)bfs_path(adj, x, y, 6);
    w.path.baseline.push_back(ms_since(b));
  }
  return w;
}

}  // namespace

int main(int argc, char** argv) {
  size_t n_nodes = argc > 1 ? std::stoul(argv[1]) : 100000;
  size_t n_edges = argc > 2 ? std::stoul(argv[2]) : 1000000;
  auto root =
      std::filesystem::temp_directory_path() / ("resgraph-walk-" + std::to_string(getpid()));
  auto store = std::move(*Store::open({(root / "store").string(), false}));
  std::mt19937_64 rng(7);
  std::vector<std::string> ids;
  auto t0 = Clock::now();
  for (size_t i = 0; i < n_nodes; ++i) {
    NodeFields f;
    f.type = i % 10 == 0 ? "person" : "paper";
    f.title = "node " + std::to_string(i);
    ids.push_back(store->create_node(f, {"bench", ""})->id);
  }
  // Preferential-ish attachment: a few hubs, most nodes with a handful of edges.
  std::vector<std::vector<uint32_t>> adj(n_nodes);
  std::unordered_map<uint64_t, bool> have;
  const char* types[] = {"authored", "cites", "about", "mentions", "related"};
  size_t made = 0;
  while (made < n_edges) {
    uint32_t a = uint32_t(rng() % n_nodes);
    uint32_t b = uint32_t(rng() % 100 < 20 ? rng() % (n_nodes / 100 + 1) : rng() % n_nodes);
    if (a == b) continue;
    const char* type = types[rng() % 5];
    uint64_t key = (uint64_t(a) << 32 | b) * 5 + (type[0] % 5);
    if (have[key]) continue;
    have[key] = true;
    if (!store->create_edge({ids[a], ids[b], type, {}, {}}, {"bench", ""})) continue;
    adj[a].push_back(b);
    adj[b].push_back(a);
    ++made;
  }
  double load_s = std::chrono::duration<double>(Clock::now() - t0).count();
  // A server that has been up a while has compacted its store; measure that, not a fresh load.
  (void)store->compact();

  // Walks follow the store's edges in memory (Store::load_adjacency, which `resgraph serve` runs
  // at start); the nodes they return are read from RocksDB.
  auto built_at = Clock::now();
  if (auto s = store->load_adjacency(); !s.is_ok()) {
    std::fprintf(stderr, "walk_bench: %s\n", s.message().c_str());
    return 1;
  }
  double build_ms = std::chrono::duration<double, std::milli>(Clock::now() - built_at).count();
  auto stats = store->stats();
  auto walks = measure(*store, ids, adj, 7);
  std::printf(
      "### Graph walks (%zu nodes, %zu edges, loaded through the API in %.0f s, then "
      "compacted)\n\n",
      n_nodes, made, load_s);
  std::printf(
      "The store's edges in memory (`Store::load_adjacency`, run by `resgraph serve` at start, "
      "while it serves): built in %.0f ms, %.1f MiB.\n\n",
      build_ms, stats.adjacency_bytes / 1048576.0);
  std::printf(
      "| walk | resgraph p50 / p99 ms | in-memory baseline p50 / p99 ms | resgraph / baseline at "
      "p99 |\n| --- | --- | --- | --- |\n");
  auto row = [](const std::string& what, const Series& w) {
    std::printf("| %s | %.3f / %.3f | %.3f / %.3f | %.1fx |\n", what.c_str(), pct(w.store, .5),
                pct(w.store, .99), pct(w.baseline, .5), pct(w.baseline, .99),
                pct(w.store, .99) / pct(w.baseline, .99));
  };
  row("2-hop neighbourhood, limit 500 (1,000 walks)", walks.hop);
  row("shortest path, max depth 6 (300 pairs, " + std::to_string(walks.found) + " found)",
      walks.path);
  std::printf("\n");
  store.reset();
  std::filesystem::remove_all(root);
  return 0;
}
