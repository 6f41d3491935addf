#include "draft_graph.h"

#include <algorithm>

#include "graph/url_key.h"
#include "text_rules.h"

namespace resgraph::importers {

size_t DraftGraph::add_node(DraftNode d, bool weak) {
  std::string tkey = d.type + "\n" + title_key(d.title);
  std::string ukey;
  if (!d.url.empty()) {
    if (auto k = url_key(d.url))
      ukey = *k;
    else
      d.url.clear();  // a malformed URL is dropped, the item kept
  }
  if (!ukey.empty())
    if (auto it = by_url_.find(ukey); it != by_url_.end()) return merge_into(it->second, d, weak);
  if (auto it = by_title_.find(tkey); it != by_title_.end()) {
    DraftNode& existing = plan_.nodes[it->second];
    // Same title, different dates: two talks of one name, told apart by their event or year.
    if (!existing.date.empty() && !d.date.empty() && existing.date != d.date) {
      auto ev = d.attrs.if_contains("event");
      d.title +=
          " (" + (ev && ev->is_string() ? std::string(ev->as_string()) : d.date.substr(0, 4)) + ")";
      tkey = d.type + "\n" + title_key(d.title);
    } else {
      return merge_into(it->second, d, weak);
    }
  }
  plan_.nodes.push_back(std::move(d));
  size_t idx = plan_.nodes.size() - 1;
  if (weak) weak_titles_.insert(idx);
  by_title_[tkey] = idx;
  if (!ukey.empty()) by_url_[ukey] = idx;
  return idx;
}

size_t DraftGraph::merge_into(size_t idx, const DraftNode& d, bool weak) {
  DraftNode& n = plan_.nodes[idx];
  if (!weak && weak_titles_.count(idx) && n.type == d.type) {
    by_title_.erase(n.type + "\n" + title_key(n.title));
    n.title = d.title;
    n.provenance = d.provenance;  // the entry is where the list names it; the prose only cites it
    by_title_[n.type + "\n" + title_key(n.title)] = idx;
    weak_titles_.erase(idx);
  }
  if (n.url.empty()) n.url = d.url;
  if (n.date.empty()) n.date = d.date;
  if (!n.year) n.year = d.year;
  if (n.summary.empty()) n.summary = d.summary;
  for (const auto& l : d.links)
    if (std::find(n.links.begin(), n.links.end(), l) == n.links.end()) n.links.push_back(l);
  for (const auto& [k, v] : d.attrs)
    if (!n.attrs.contains(k)) n.attrs[k] = v;
  return idx;
}

std::optional<size_t> DraftGraph::known_person(const std::string& name) const {
  return people_.find(name);
}

size_t DraftGraph::person(const std::string& raw, const std::string& url,
                          const boost::json::object& provenance, const std::string& why) {
  std::string name = trim(raw);
  if (auto found = people_.find(name)) {
    DraftNode& p = plan_.nodes[*found];
    if (p.url.empty() && !url.empty()) p.url = url;
    return *found;
  }
  DraftNode p;
  p.type = "person";
  p.title = name;
  p.url = url;
  p.provenance = provenance;
  p.why = why;
  p.tentative = !name_form(name).full;
  size_t idx = add_node(std::move(p));
  if (!plan_.nodes[idx].tentative) people_.add(name, idx);
  return idx;
}

void DraftGraph::add_edge(size_t from, size_t to, const std::string& type,
                          const boost::json::object& provenance) {
  if (from == to) return;
  if (!edge_keys_.insert(std::to_string(from) + ">" + std::to_string(to) + ">" + type).second)
    return;
  edges_.insert({from, to});
  plan_.edges.push_back({from, to, type, provenance});
}

bool DraftGraph::has_edge_between(size_t a, size_t b) const {
  return edges_.count({a, b}) || edges_.count({b, a});
}

bool DraftGraph::has_title(const std::string& type, const std::string& title) const {
  return by_title_.count(type + "\n" + title_key(title)) > 0;
}

void DraftGraph::mention_known_people(size_t n, const std::string& text,
                                      const boost::json::object& provenance) {
  for (size_t p = 0; p < plan_.nodes.size(); ++p) {
    const DraftNode& d = plan_.nodes[p];
    if (p == n || d.type != "person" || d.tentative || d.title.find(' ') == std::string::npos)
      continue;
    if (text.find(d.title) != std::string::npos && !has_edge_between(p, n))
      add_edge(n, p, "mentions", provenance);
  }
}

ImportPlan DraftGraph::finish() {
  std::vector<size_t> target(plan_.nodes.size());
  bool any = false;
  for (size_t i = 0; i < target.size(); ++i) {
    target[i] = i;
    const DraftNode& n = plan_.nodes[i];
    if (n.type != "person" || !n.tentative) continue;
    if (auto match = people_.find(n.title)) {
      target[i] = *match;
      any = true;
    }
  }
  if (!any) return std::move(plan_);
  std::vector<size_t> new_index(plan_.nodes.size());
  std::vector<DraftNode> kept;
  for (size_t i = 0; i < plan_.nodes.size(); ++i)
    if (target[i] == i) {
      new_index[i] = kept.size();
      kept.push_back(std::move(plan_.nodes[i]));
    }
  std::vector<DraftEdge> edges;
  std::set<std::string> seen;
  for (auto e : plan_.edges) {
    e.from = new_index[target[e.from]];
    e.to = new_index[target[e.to]];
    if (e.from == e.to) continue;
    if (seen.insert(std::to_string(e.from) + ">" + std::to_string(e.to) + ">" + e.type).second)
      edges.push_back(std::move(e));
  }
  for (auto& t : plan_.trails)
    for (auto& s : t.steps) s = new_index[target[s]];
  plan_.nodes = std::move(kept);
  plan_.edges = std::move(edges);
  return std::move(plan_);
}

}  // namespace resgraph::importers
