#include "graph/walks.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "adjacency.h"
#include "read_status.h"

namespace resgraph {
namespace {

using Clock = std::chrono::steady_clock;
using View = Adjacency::View;
using Half = Adjacency::Half;

// A node the walk reached, or nullopt if it was deleted meanwhile; a failed read stops the walk.
Result<std::optional<Node>> reached(const Store& store, const std::string& id) {
  return if_found(store.get_node(id));
}

bool allowed(const std::vector<std::string>& set, const std::string& v) {
  return set.empty() || std::find(set.begin(), set.end(), v) != set.end();
}

Status check_edge_types(const std::vector<std::string>& edge_types) {
  for (const auto& t : edge_types)
    if (!is_edge_type(t)) return invalid("unknown edge type '" + t + "'");
  return Status::ok();
}

}  // namespace

// The walks follow edges in memory (by node index) and read from RocksDB only the nodes they
// return or must look at (a type filter, a hub's title).
Result<Neighbourhood> neighbours(const Store& store, std::string_view start, int depth,
                                 const std::vector<std::string>& types,
                                 const std::vector<std::string>& edge_types, WalkLimits limits) {
  if (depth < 1 || depth > 3) return invalid("depth must be 1, 2 or 3");
  if (limits.max_nodes < 1 || limits.max_nodes > 5000)
    return invalid("limit must be between 1 and 5000");
  if (auto s = check_edge_types(edge_types); !s.is_ok()) return s;
  auto root = store.get_node(start);
  if (!root) return root.status();
  auto graph = store.walk_graph();
  if (!graph) return graph.status();
  auto deadline = Clock::now() + limits.budget;
  Neighbourhood out;
  out.nodes.push_back({*root, 0});
  View view(**graph);
  auto root_index = view.index_of(root->id);
  if (!root_index) return out;  // no edge at all
  const auto wanted = view.type_indexes(edge_types);
  std::unordered_set<uint32_t> in, left_out{};  // returned; read and not returned
  std::unordered_set<uint32_t> edge_seen;
  std::vector<std::pair<uint32_t, Half>> kept;  // (near end, half) of each edge met
  in.insert(*root_index);
  std::vector<uint32_t> frontier{*root_index};
  Status failed;
  for (int d = 1; d <= depth && !frontier.empty() && !out.truncated; ++d) {
    std::vector<uint32_t> next;
    for (uint32_t n : frontier) {
      if (out.truncated || !failed.is_ok()) break;
      if (Clock::now() > deadline) {
        out.truncated = true;
        break;
      }
      view.each_half(n, wanted, 20000, [&](const Half& h) {
        if (!in.count(h.far)) {
          if (left_out.count(h.far)) return true;
          if (out.nodes.size() >= limits.max_nodes) {
            out.truncated = true;
            return false;
          }
          auto node = reached(store, view.id_of(h.far));
          if (!node) {
            failed = node.status();
            return false;
          }
          if (!*node || (!types.empty() &&
                         std::find(types.begin(), types.end(), (*node)->type) == types.end())) {
            left_out.insert(h.far);
            return true;
          }
          in.insert(h.far);
          out.nodes.push_back({std::move(**node), d});
          next.push_back(h.far);
        }
        if (edge_seen.insert(h.edge).second) kept.emplace_back(n, h);
        return true;
      });
    }
    if (!failed.is_ok()) return failed;
    frontier = std::move(next);
  }
  // Only edges whose both ends were returned.
  for (const auto& [n, h] : kept)
    if (in.count(h.far)) out.edges.push_back(view.edge(n, h));
  return out;
}

namespace {

// Where a breadth-first search came from: the node before and the half-edge it followed.
struct Came {
  uint32_t prev;
  Half half;
};

// The ids and edge refs of a shortest path between two indexes, found by a bidirectional
// breadth-first search; empty ids when there is none within the bounds.
struct FoundPath {
  std::vector<std::string> ids;
  std::vector<Edge> edges;
  bool truncated = false;
};

FoundPath search_path(const View& view, uint32_t a, uint32_t b, const std::vector<int>& types,
                      int max_depth, size_t max_visited, Clock::time_point deadline) {
  FoundPath found;
  std::unordered_map<uint32_t, Came> came_a, came_b;
  std::unordered_set<uint32_t> seen_a{a}, seen_b{b};
  std::vector<uint32_t> front_a{a}, front_b{b};
  int depth_a = 0, depth_b = 0;
  std::optional<uint32_t> meet;
  while (!meet && depth_a + depth_b < max_depth && !front_a.empty() && !front_b.empty()) {
    bool grow_a = front_a.size() <= front_b.size();
    auto& front = grow_a ? front_a : front_b;
    auto& seen = grow_a ? seen_a : seen_b;
    auto& other_seen = grow_a ? seen_b : seen_a;
    auto& came = grow_a ? came_a : came_b;
    std::vector<uint32_t> next;
    for (uint32_t n : front) {
      if (Clock::now() > deadline || seen_a.size() + seen_b.size() > max_visited) {
        found.truncated = true;
        return found;
      }
      view.each_half(n, types, 10000, [&](const Half& h) {
        if (!seen.insert(h.far).second) return true;
        came.emplace(h.far, Came{n, h});
        if (other_seen.count(h.far)) {
          meet = h.far;
          return false;
        }
        next.push_back(h.far);
        return true;
      });
      if (meet) break;
    }
    front = std::move(next);
    (grow_a ? depth_a : depth_b)++;
  }
  if (!meet) return found;
  // Walk back from the meeting point to each end.
  found.ids.push_back(view.id_of(*meet));
  for (uint32_t cur = *meet; cur != a;) {
    const Came& c = came_a.at(cur);
    found.edges.insert(found.edges.begin(), view.edge(c.prev, c.half));
    cur = c.prev;
    found.ids.insert(found.ids.begin(), view.id_of(cur));
  }
  for (uint32_t cur = *meet; cur != b;) {
    const Came& c = came_b.at(cur);
    found.edges.push_back(view.edge(c.prev, c.half));
    cur = c.prev;
    found.ids.push_back(view.id_of(cur));
  }
  return found;
}

}  // namespace

Result<Path> shortest_path(const Store& store, std::string_view from, std::string_view to,
                           const std::vector<std::string>& edge_types, int max_depth,
                           WalkLimits limits) {
  if (max_depth < 1 || max_depth > 6) return invalid("max_depth must be between 1 and 6");
  if (auto s = check_edge_types(edge_types); !s.is_ok()) return s;
  auto a = store.get_node(from);
  if (!a) return a.status();
  auto b = store.get_node(to);
  if (!b) return b.status();
  Path path;
  if (a->id == b->id) {
    path.nodes.push_back(*a);
    path.found = true;
    return path;
  }
  auto graph = store.walk_graph();
  if (!graph) return graph.status();
  FoundPath found;
  {
    View view(**graph);
    auto ia = view.index_of(a->id), ib = view.index_of(b->id);
    if (!ia || !ib) return path;  // a node with no edge reaches nothing
    found = search_path(view, *ia, *ib, view.type_indexes(edge_types), max_depth,
                        std::max<size_t>(limits.max_nodes, 1) * 200, Clock::now() + limits.budget);
  }
  path.truncated = found.truncated;
  for (const auto& id : found.ids) {
    auto n = reached(store, id);
    if (!n) return n.status();
    if (*n) path.nodes.push_back(std::move(**n));
  }
  for (auto& e : found.edges) {  // the few edges of the answer, in full
    auto full = if_found(store.get_edge(e.id));
    if (!full) return full.status();
    if (*full) e = std::move(**full);
  }
  path.edges = std::move(found.edges);
  path.found = !found.ids.empty() && path.nodes.size() == path.edges.size() + 1;
  return path;
}

Result<std::vector<RelatedNode>> related(const Store& store, std::string_view start, size_t limit,
                                         WalkLimits limits) {
  if (limit < 1 || limit > 100) return invalid("limit must be between 1 and 100");
  auto root = store.get_node(start);
  if (!root) return root.status();
  auto graph = store.walk_graph();
  if (!graph) return graph.status();
  auto deadline = Clock::now() + limits.budget;
  std::unordered_map<std::string, double> score;
  std::unordered_map<std::string, std::vector<std::pair<double, std::string>>> via;
  {
    View view(**graph);
    auto r = view.index_of(root->id);
    if (!r) return std::vector<RelatedNode>{};
    std::vector<uint32_t> hubs;
    std::unordered_set<uint32_t> direct{*r};
    view.each_half(*r, {}, 1000, [&](const Half& h) {
      if (direct.insert(h.far).second) hubs.push_back(h.far);
      return true;
    });
    for (uint32_t hub_index : hubs) {
      if (Clock::now() > deadline) break;
      auto found = reached(store, view.id_of(hub_index));
      if (!found) return found.status();
      if (!*found) continue;
      const Node& hub = **found;
      // Adamic-Adar: a neighbour shared with few others says more than a hub does. Shared
      // people and concepts weigh double: they are what "related" means to a reader.
      double weight =
          1.0 / std::log(2.0 + static_cast<double>(std::min<size_t>(view.degree(hub_index), 500)));
      if (hub.type == "person" || hub.type == "concept") weight *= 2;
      view.each_half(hub_index, {}, 500, [&](const Half& h) {
        if (direct.count(h.far)) return true;
        const std::string& other = view.id_of(h.far);
        score[other] += weight;
        via[other].emplace_back(weight, hub.title);
        return true;
      });
    }
  }
  std::vector<std::pair<double, std::string>> ranked;
  ranked.reserve(score.size());
  for (const auto& [id, s] : score) ranked.emplace_back(s, id);
  std::sort(ranked.begin(), ranked.end(), [](auto& x, auto& y) {
    return x.first != y.first ? x.first > y.first : x.second < y.second;
  });
  std::vector<RelatedNode> out;
  for (const auto& [s, id] : ranked) {
    if (out.size() >= limit) break;
    auto n = reached(store, id);
    if (!n) return n.status();
    if (!*n) continue;
    RelatedNode r{std::move(**n), s, {}};
    auto& v = via[id];
    std::sort(v.begin(), v.end(), [](auto& x, auto& y) { return x.first > y.first; });
    for (size_t i = 0; i < v.size() && i < 3; ++i) r.via.push_back(v[i].second);
    out.push_back(std::move(r));
  }
  return out;
}

Result<std::vector<Node>> works_of(const Store& store, std::string_view person,
                                   const std::vector<std::string>& types,
                                   const std::string& order) {
  if (order != "date" && order != "title") return invalid("order must be date or title");
  for (const auto& t : types)
    if (!is_node_type(t)) return invalid("unknown node type '" + t + "'");
  auto found = if_found(store.get_node(person));
  if (!found) return found.status();
  std::optional<Node> who = std::move(*found);
  if (!who) {
    // People are usually named, not slugged: "John Allspaw".
    NodeQuery q;
    q.type = "person";
    q.limit = 1000;
    for (int pages = 0; pages < 100 && !who; ++pages) {
      auto page = store.list_nodes(q);
      if (!page) return page.status();
      for (auto& n : page->nodes)
        if (n.title == person) who = std::move(n);
      if (page->next.empty()) break;
      q.after = page->next;
    }
    if (!who) return not_found("no person '" + std::string(person) + "'");
  }
  if (who->type != "person")
    return invalid("'" + who->title + "' is a " + who->type + ", not a person");
  std::vector<Node> works;
  for (const char* type : {"authored", "presented"}) {
    auto edges = store.edges_of(who->id, Direction::out, type, 5000);
    if (!edges) return edges.status();
    for (const auto& e : *edges) {
      auto n = reached(store, e.to);
      if (!n) return n.status();
      if (*n && allowed(types, (*n)->type) &&
          std::none_of(works.begin(), works.end(), [&](auto& w) { return w.id == (*n)->id; }))
        works.push_back(std::move(**n));
    }
  }
  std::stable_sort(works.begin(), works.end(), [&](const Node& a, const Node& b) {
    if (order == "title") return a.title < b.title;
    // Undated works go last; a bare year sorts before dates within that year.
    std::string da = a.date.empty() ? (a.year ? std::to_string(a.year) : "9999") : a.date;
    std::string db = b.date.empty() ? (b.year ? std::to_string(b.year) : "9999") : b.date;
    return da < db;
  });
  return works;
}

namespace {

// "Jane Doe: talks and podcasts by date".
std::string recipe_title(const TrailRecipe& r) {
  if (!r.title.empty()) return r.title;
  std::string kinds;
  for (size_t i = 0; i < r.types.size(); ++i)
    kinds += (i == 0 ? "" : i + 1 == r.types.size() ? " and " : ", ") + r.types[i] + "s";
  return r.person + ": " + (kinds.empty() ? "works" : kinds) + " by " + r.order;
}

}  // namespace

Result<Trail> generate_trail(Store& store, const TrailRecipe& recipe, const WriteMeta& meta) {
  if (recipe.person.empty()) return invalid("a generated trail needs a person");
  auto works = works_of(store, recipe.person, recipe.types, recipe.order);
  if (!works) return works.status();
  if (works->empty()) return not_found("'" + recipe.person + "' has no works of those types");
  TrailFields f;
  f.title = recipe_title(recipe);
  if (!recipe.slug.empty()) f.slug = recipe.slug;
  std::vector<TrailStep> steps;
  for (const auto& w : *works) steps.push_back({w.id, w.title, w.date});
  f.steps = std::move(steps);
  return store.create_trail(f, meta);
}

}  // namespace resgraph
