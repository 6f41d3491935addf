// Questions the importer tests ask of a plan: a node by title, who it is linked to.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "graph/url_key.h"
#include "importers/markdown_importer.h"

namespace resgraph::importers::plan_queries {

using V = std::vector<std::string>;

inline const DraftNode* find(const ImportPlan& p, const std::string& title) {
  for (const auto& n : p.nodes)
    if (title_key(n.title) == title_key(title)) return &n;
  return nullptr;
}

// The titles of nodes linked to `n` by an edge of `type`, in either direction.
inline V linked(const ImportPlan& p, const DraftNode* n, const std::string& type) {
  if (!n) return {"(no such node)"};
  V out;
  size_t i = static_cast<size_t>(n - p.nodes.data());
  for (const auto& e : p.edges) {
    if (e.type != type) continue;
    if (e.from == i) out.push_back(p.nodes[e.to].title);
    if (e.to == i) out.push_back(p.nodes[e.from].title);
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline size_t count_type(const ImportPlan& p, const std::string& type) {
  return std::count_if(p.nodes.begin(), p.nodes.end(), [&](auto& n) { return n.type == type; });
}

}  // namespace resgraph::importers::plan_queries
