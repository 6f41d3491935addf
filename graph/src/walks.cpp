#include "graph/walks.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace resgraph {
namespace {

using Clock = std::chrono::steady_clock;

bool allowed(const std::vector<std::string>& set, const std::string& v) {
  return set.empty() || std::find(set.begin(), set.end(), v) != set.end();
}

// Edges of a node in both directions, filtered by type, bounded; from the index keys only.
Result<std::vector<Edge>> edges_around(const Store& store, const std::string& id,
                                       const std::vector<std::string>& edge_types, size_t limit) {
  if (edge_types.empty()) return store.edge_refs(id, Direction::both, "", limit);
  std::vector<Edge> out;
  for (const auto& t : edge_types) {
    auto e = store.edge_refs(id, Direction::both, t, limit);
    if (!e) return e.status();
    out.insert(out.end(), e->begin(), e->end());
  }
  return out;
}

// A node the walk reached, or nullopt if it was deleted meanwhile; a failed read stops the walk.
Result<std::optional<Node>> reached(const Store& store, const std::string& id) {
  return if_found(store.get_node(id));
}

std::string other_end(const Edge& e, const std::string& id) { return e.from == id ? e.to : e.from; }

}  // namespace

Result<Neighbourhood> neighbours(const Store& store, std::string_view start, int depth,
                                 const std::vector<std::string>& types,
                                 const std::vector<std::string>& edge_types, WalkLimits limits) {
  if (depth < 1 || depth > 3) return invalid("depth must be 1, 2 or 3");
  if (limits.max_nodes < 1 || limits.max_nodes > 5000)
    return invalid("limit must be between 1 and 5000");
  for (const auto& t : edge_types)
    if (!is_edge_type(t)) return invalid("unknown edge type '" + t + "'");
  auto root = store.get_node(start);
  if (!root) return root.status();
  auto deadline = Clock::now() + limits.budget;
  Neighbourhood out;
  std::unordered_map<std::string, size_t> index;  // id -> position in out.nodes
  std::set<std::string> edge_ids;
  index[root->id] = 0;
  out.nodes.push_back({*root, 0});
  std::vector<std::string> frontier{root->id};
  for (int d = 1; d <= depth && !frontier.empty() && !out.truncated; ++d) {
    std::vector<std::string> next;
    for (const auto& id : frontier) {
      if (out.truncated) break;
      if (Clock::now() > deadline) {
        out.truncated = true;
        break;
      }
      auto around = edges_around(store, id, edge_types, 20000);
      if (!around) return around.status();
      for (const auto& e : *around) {
        std::string other = other_end(e, id);
        if (!index.count(other)) {
          if (out.nodes.size() >= limits.max_nodes) {
            out.truncated = true;
            break;
          }
          auto n = reached(store, other);
          if (!n) return n.status();
          if (!*n || !allowed(types, (*n)->type)) continue;
          index[other] = out.nodes.size();
          out.nodes.push_back({std::move(**n), d});
          next.push_back(other);
        }
        if (edge_ids.insert(e.id).second) out.edges.push_back(e);
      }
    }
    frontier = std::move(next);
  }
  // Keep only edges whose both ends were returned.
  std::erase_if(out.edges,
                [&](const Edge& e) { return !index.count(e.from) || !index.count(e.to); });
  return out;
}

Result<Path> shortest_path(const Store& store, std::string_view from, std::string_view to,
                           const std::vector<std::string>& edge_types, int max_depth,
                           WalkLimits limits) {
  if (max_depth < 1 || max_depth > 6) return invalid("max_depth must be between 1 and 6");
  for (const auto& t : edge_types)
    if (!is_edge_type(t)) return invalid("unknown edge type '" + t + "'");
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
  auto deadline = Clock::now() + limits.budget;
  const size_t max_visited = std::max<size_t>(limits.max_nodes, 1) * 200;
  // Bidirectional breadth-first search: each side remembers the edge it arrived by.
  std::unordered_map<std::string, Edge> came_a, came_b;
  std::unordered_set<std::string> seen_a{a->id}, seen_b{b->id};
  std::vector<std::string> front_a{a->id}, front_b{b->id};
  int depth_a = 0, depth_b = 0;
  std::string meet;
  while (meet.empty() && depth_a + depth_b < max_depth && !front_a.empty() && !front_b.empty()) {
    bool grow_a = front_a.size() <= front_b.size();
    auto& front = grow_a ? front_a : front_b;
    auto& seen = grow_a ? seen_a : seen_b;
    auto& other_seen = grow_a ? seen_b : seen_a;
    auto& came = grow_a ? came_a : came_b;
    std::vector<std::string> next;
    for (const auto& id : front) {
      if (Clock::now() > deadline || seen_a.size() + seen_b.size() > max_visited) {
        path.truncated = true;
        return path;
      }
      auto around = edges_around(store, id, edge_types, 10000);
      if (!around) return around.status();
      for (const auto& e : *around) {
        std::string other = other_end(e, id);
        if (!seen.insert(other).second) continue;
        came.emplace(other, e);
        if (other_seen.count(other)) {
          meet = other;
          break;
        }
        next.push_back(other);
      }
      if (!meet.empty()) break;
    }
    front = std::move(next);
    (grow_a ? depth_a : depth_b)++;
  }
  if (meet.empty()) return path;
  // Walk back from the meeting point to each end.
  std::vector<std::string> ids{meet};
  std::vector<Edge> edges;
  for (std::string cur = meet; cur != a->id;) {
    const Edge& e = came_a.at(cur);
    edges.insert(edges.begin(), e);
    cur = other_end(e, cur);
    ids.insert(ids.begin(), cur);
  }
  for (std::string cur = meet; cur != b->id;) {
    const Edge& e = came_b.at(cur);
    edges.push_back(e);
    cur = other_end(e, cur);
    ids.push_back(cur);
  }
  for (const auto& id : ids) {
    auto n = reached(store, id);
    if (!n) return n.status();
    if (*n) path.nodes.push_back(std::move(**n));
  }
  for (auto& e : edges) {  // the few edges of the answer, in full
    auto full = if_found(store.get_edge(e.id));
    if (!full) return full.status();
    if (*full) e = std::move(**full);
  }
  path.edges = std::move(edges);
  path.found = path.nodes.size() == path.edges.size() + 1;
  return path;
}

Result<std::vector<RelatedNode>> related(const Store& store, std::string_view start, size_t limit,
                                         WalkLimits limits) {
  if (limit < 1 || limit > 100) return invalid("limit must be between 1 and 100");
  auto root = store.get_node(start);
  if (!root) return root.status();
  auto deadline = Clock::now() + limits.budget;
  auto first = edges_around(store, root->id, {}, 1000);
  if (!first) return first.status();
  std::unordered_set<std::string> direct{root->id};
  for (const auto& e : *first) direct.insert(other_end(e, root->id));
  std::unordered_map<std::string, double> score;
  std::unordered_map<std::string, std::vector<std::pair<double, std::string>>> via;
  for (const auto& id : direct) {
    if (id == root->id) continue;
    if (Clock::now() > deadline) break;
    auto found = reached(store, id);
    if (!found) return found.status();
    if (!*found) continue;
    const Node& hub = **found;
    auto around = edges_around(store, id, {}, 500);
    if (!around) return around.status();
    const auto& second = *around;
    // Adamic-Adar: a neighbour shared with few others says more than a hub does. Shared
    // people and concepts weigh double: they are what "related" means to a reader.
    double weight = 1.0 / std::log(2.0 + static_cast<double>(second.size()));
    if (hub.type == "person" || hub.type == "concept") weight *= 2;
    for (const auto& e : second) {
      std::string other = other_end(e, id);
      if (direct.count(other)) continue;
      score[other] += weight;
      via[other].emplace_back(weight, hub.title);
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
