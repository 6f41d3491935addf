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

  std::vector<double> hop_store, hop_mem, path_store, path_mem;
  WalkLimits limits{500, std::chrono::milliseconds(1000)};
  for (int i = 0; i < 1000; ++i) {
    uint32_t s = uint32_t(rng() % n_nodes);
    auto a = Clock::now();
    auto h = neighbours(*store, ids[s], 2, {}, {}, limits);
    auto b = Clock::now();
    size_t m = two_hop(adj, s, 500);
    auto c = Clock::now();
    (void)h;
    (void)m;
    hop_store.push_back(std::chrono::duration<double, std::milli>(b - a).count());
    hop_mem.push_back(std::chrono::duration<double, std::milli>(c - b).count());
  }
  size_t found = 0;
  for (int i = 0; i < 300; ++i) {
    uint32_t x = uint32_t(rng() % n_nodes), y = uint32_t(rng() % n_nodes);
    auto a = Clock::now();
    auto p = shortest_path(*store, ids[x], ids[y], {}, 6, {500, std::chrono::milliseconds(2000)});
    auto b = Clock::now();
    int d = bfs_path(adj, x, y, 6);
    auto c = Clock::now();
    found += p && p->found;
    (void)d;
    path_store.push_back(std::chrono::duration<double, std::milli>(b - a).count());
    path_mem.push_back(std::chrono::duration<double, std::milli>(c - b).count());
  }
  std::printf(
      "### Graph walks (%zu nodes, %zu edges, loaded through the API in %.0f s, then "
      "compacted)\n\n",
      n_nodes, made, load_s);
  std::printf(
      "| walk | store p50 ms | store p99 ms | in-memory p50 ms | in-memory p99 ms |\n| --- | --- | "
      "--- | --- | --- |\n");
  std::printf("| 2-hop neighbourhood, limit 500 (1,000 walks) | %.3f | %.3f | %.3f | %.3f |\n",
              pct(hop_store, .5), pct(hop_store, .99), pct(hop_mem, .5), pct(hop_mem, .99));
  std::printf(
      "| shortest path, max depth 6 (300 pairs, %zu found) | %.3f | %.3f | %.3f | %.3f |\n\n",
      found, pct(path_store, .5), pct(path_store, .99), pct(path_mem, .5), pct(path_mem, .99));
  store.reset();
  std::filesystem::remove_all(root);
  return 0;
}
