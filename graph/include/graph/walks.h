// Graph walks over the store: ego graphs, shortest paths and related nodes. Every walk is
// bounded by depth, result size and time, and says when a bound cut it short.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "graph/store.h"

namespace resgraph {

struct WalkLimits {
  size_t max_nodes = 500;
  std::chrono::milliseconds budget{250};
};

struct WalkNode {
  Node node;
  int depth = 0;
};

struct Neighbourhood {
  std::vector<WalkNode> nodes;  // the start first, then by depth
  std::vector<Edge> edges;      // edges among the returned nodes
  bool truncated = false;       // a limit stopped the walk early
};

// The ego graph of `start` to `depth` (1..3) hops in either direction. `types` limits the
// nodes (the start always counts), `edge_types` the edges followed; empty means all.
Result<Neighbourhood> neighbours(const Store& store, std::string_view start, int depth,
                                 const std::vector<std::string>& types,
                                 const std::vector<std::string>& edge_types, WalkLimits limits);

struct Path {
  std::vector<Node> nodes;  // from … to
  std::vector<Edge> edges;  // edges[i] joins nodes[i] and nodes[i+1], in either direction
  bool found = false;
  bool truncated = false;  // the search hit a limit before it could decide
};

// A shortest path ignoring edge direction, at most `max_depth` (1..6) edges long.
Result<Path> shortest_path(const Store& store, std::string_view from, std::string_view to,
                           const std::vector<std::string>& edge_types, int max_depth,
                           WalkLimits limits);

struct RelatedNode {
  Node node;
  double score = 0;
  std::vector<std::string> via;  // titles of shared neighbours, best first
};

// Nodes that share neighbours with `start` (authors, concepts, events), weighted so that a
// shared rare neighbour counts more than a shared hub; direct neighbours are left out.
Result<std::vector<RelatedNode>> related(const Store& store, std::string_view start, size_t limit,
                                         WalkLimits limits);

// A person's works (authored or presented) of the given types, ordered by date ("date") or
// title ("title"): the steps of a generated trail.
Result<std::vector<Node>> works_of(const Store& store, std::string_view person,
                                   const std::vector<std::string>& types, const std::string& order);

// Creates the trail of a person's works (each step noted with the work's date), the one
// implementation behind POST /api/trails/generate and `resgraph trail make`. A person with no
// works of those types is not_found.
Result<Trail> generate_trail(Store& store, const TrailRecipe& recipe, const WriteMeta& meta);

}  // namespace resgraph
