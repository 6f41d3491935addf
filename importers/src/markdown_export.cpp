#include "importers/markdown_export.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <string_view>

#include "graph/url_key.h"
#include "markdown_entry.h"

namespace resgraph::importers {

namespace {

Status use_archived_copies(const Store& store, std::vector<Node>& nodes) {
  auto dead = store.list_links("dead");
  if (!dead) return dead.status();
  std::map<std::string, std::string> copy_of;  // url key -> archived copy
  for (const auto& l : *dead)
    if (auto key = url_key(l.url); key && !l.archived.empty()) copy_of[*key] = l.archived;
  if (copy_of.empty()) return Status::ok();
  auto substitute = [&](std::string& url) {
    auto key = url_key(url);
    if (!key) return;
    if (auto it = copy_of.find(*key); it != copy_of.end()) url = it->second;
  };
  for (auto& n : nodes) {
    if (!n.url.empty()) substitute(n.url);
    for (auto& l : n.links) substitute(l.url);
  }
  return Status::ok();
}

}  // namespace

Result<std::vector<Node>> all_nodes(const Store& store, bool archived_links) {
  std::vector<Node> out;
  NodeQuery q;
  q.limit = 1000;
  for (;;) {
    auto page = store.list_nodes(q);
    if (!page) return page.status();
    for (auto& n : page->nodes) out.push_back(std::move(n));
    if (page->next.empty()) break;
    q.after = page->next;
  }
  if (archived_links)
    if (auto s = use_archived_copies(store, out); !s.is_ok()) return s;
  return out;
}

std::vector<Edge> ExportReads::edges_of(std::string_view id, Direction dir, const std::string& type,
                                        size_t limit) const {
  auto edges = store_.edges_of(id, dir, type, limit);
  if (edges) return std::move(*edges);
  if (failed_.is_ok()) failed_ = edges.status();
  return {};
}

// Text exactly as written: every character Markdown could read as markup (a bracket ending the
// link, `<` opening raw HTML, `&` an entity, `*` emphasis) is backslash-escaped, which CommonMark
// reads back as the character itself, so export and re-import round-trip.
std::string text(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (std::string_view("\\`*_[]<>&!#|~").find(c) != std::string_view::npos) out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// One list entry in the form the importer reads: date first, link, "(w/ …)", "from …",
// year, " - summary", annotation links.
std::string entry(const Node& n, const std::vector<std::string>& with, const std::string& event) {
  std::string s;
  if (n.date.size() == 10) s += n.date + " ";
  s += n.url.empty() ? text(n.title) : "[" + text(n.title) + "](" + n.url + ")";
  if (!with.empty()) {
    s += " (w/ ";
    for (size_t i = 0; i < with.size(); ++i) s += (i ? ", " : "") + text(with[i]);
    s += ")";
  }
  if (!event.empty()) s += " from " + text(event);
  if (n.date.size() != 10 && n.year) s += " (" + std::to_string(n.year) + ")";
  for (const auto& l : n.links)
    s += " ([" + text(l.label.empty() ? "link" : l.label) + "](" + l.url + "))";
  if (!n.summary.empty()) {
    std::string summary = n.summary;
    std::replace(summary.begin(), summary.end(), '\n', ' ');
    s += " - " + text(summary);
  }
  return s;
}

const char* heading_for(const std::string& type) {
  static const std::map<std::string, const char*> names = {{"paper", "Papers"},
                                                           {"talk", "Talks"},
                                                           {"podcast", "Podcasts"},
                                                           {"book", "Books"},
                                                           {"article", "Articles"},
                                                           {"newsletter", "Newsletters"},
                                                           {"blog", "Blogs"},
                                                           {"event", "Events"},
                                                           {"tool", "Tools"},
                                                           {"course", "Courses"},
                                                           {"organization", "Organizations"},
                                                           {"video", "Video collections"},
                                                           {"website", "Websites"},
                                                           {"question", "Questions"},
                                                           {"concept", "Concepts"},
                                                           {"postmortem", "Incident reports"},
                                                           {"report", "Reports"},
                                                           {"thesis", "Theses"}};
  auto it = names.find(type);
  return it == names.end() ? "Other" : it->second;
}

namespace {

// A heading per kind of work (the importer needs the kind for entries without a link), each
// kind's works by title.
void write_by_kind(std::ostringstream& out,
                   std::map<std::string, std::vector<const Node*>>& by_kind) {
  for (auto& [kind, list] : by_kind) {
    std::sort(list.begin(), list.end(),
              [](const Node* a, const Node* b) { return a->title < b->title; });
    out << "#### " << kind << "\n\n";
    for (const Node* w : list) out << "- " << entry(*w, {}, "") << "\n";
    out << "\n";
  }
}

// Every work filed under each concept it is about, so that "about" edges survive a round
// trip even for works written above under their people: a heading per concept, and under it
// a heading per kind of work (the importer needs the kind for entries without a link).
void write_themes(std::ostringstream& out, const ExportReads& reads, const std::vector<Node>& nodes,
                  std::map<std::string, const Node*>& by_id, const std::string& only_type) {
  bool started = false;
  for (const auto& concept_node : nodes) {
    if (concept_node.type != "concept") continue;
    auto edges = reads.edges_of(concept_node.id, Direction::in, "about", 10000);
    if (edges.empty()) continue;
    std::map<std::string, std::vector<const Node*>> by_kind;
    for (const auto& e : edges) {
      const Node* w = by_id.count(e.from) ? by_id[e.from] : nullptr;
      if (w && (only_type.empty() || w->type == only_type))
        by_kind[heading_for(w->type)].push_back(w);
    }
    if (by_kind.empty()) continue;
    if (!started) out << "## Reading by theme\n\n";
    started = true;
    out << "### " << text(concept_node.title) << "\n\n";
    write_by_kind(out, by_kind);
  }
}

// Each organisation with the works it published, in the shape of a "how they do it" list (a
// heading per organisation under "Organizations", a heading per kind of work under it), which
// the importer reads back as "published_by"; the organisations written here are `written`.
void write_publishers(std::ostringstream& out, const ExportReads& reads,
                      const std::vector<Node>& nodes, std::map<std::string, const Node*>& by_id,
                      const std::string& only_type, std::set<std::string>& written) {
  bool started = false;
  for (const auto& org : nodes) {
    if (org.type != "organization") continue;
    std::map<std::string, std::vector<const Node*>> by_kind;
    for (const auto& e : reads.edges_of(org.id, Direction::in, "published_by", 10000)) {
      const Node* w = by_id.count(e.from) ? by_id[e.from] : nullptr;
      if (w && w->type != "person" && (only_type.empty() || w->type == only_type))
        by_kind[heading_for(w->type)].push_back(w);
    }
    if (by_kind.empty()) continue;
    if (!started) out << "## Organizations\n\n";
    started = true;
    out << "### " << text(org.title) << "\n\n";
    if (!org.url.empty()) out << "[" << text(org.title) << "](" << org.url << ")\n\n";
    write_by_kind(out, by_kind);
    written.insert(org.id);
  }
}

}  // namespace

Result<std::string> export_markdown(const Store& store, const std::string& only_type,
                                    bool archived_links) {
  auto listed = all_nodes(store, archived_links);
  if (!listed) return listed.status();
  const std::vector<Node>& nodes = *listed;
  ExportReads reads(store);
  std::map<std::string, const Node*> by_id;
  for (const auto& n : nodes) by_id[n.id] = &n;
  auto title_of = [&](const std::string& id) { return by_id.count(id) ? by_id[id]->title : id; };
  std::set<std::string> written;
  std::ostringstream out;
  out << "# resgraph export\n\n";

  // The event of a talk and the co-presenters other than the section's person.
  auto event_of = [&](const Node& n) -> std::string {
    if (auto* series = n.attrs.if_contains("series"); series && series->is_string())
      return std::string(series->as_string());
    auto edges = reads.edges_of(n.id, Direction::out, "at_event", 1);
    return !edges.empty() ? title_of(edges.front().to) : std::string();
  };
  auto people_of = [&](const Node& n, const std::string& edge_type, const std::string& except) {
    std::vector<std::string> names;
    for (const auto& e : reads.edges_of(n.id, Direction::in, edge_type, 100))
      if (e.from != except && by_id.count(e.from) && by_id[e.from]->type == "person")
        names.push_back(title_of(e.from));
    return names;
  };

  out << "## People\n\n";
  for (const auto& p : nodes) {
    if (p.type != "person") continue;
    std::map<std::string, std::vector<const Node*>> works;  // "publications" | "talks"
    for (const auto& e : reads.edges_of(p.id, Direction::out, "", 10000)) {
      const Node* w = by_id.count(e.to) ? by_id[e.to] : nullptr;
      if (!w || (!only_type.empty() && w->type != only_type)) continue;
      // Section names the importer maps back to the same types.
      if (e.type == "authored")
        works[w->type == "paper" ? "Selected publications" : heading_for(w->type)].push_back(w);
      if (e.type == "presented")
        works[w->type == "talk" ? "Selected talks" : heading_for(w->type)].push_back(w);
    }
    if (works.empty() && !only_type.empty()) continue;
    out << "### " << text(p.title) << "\n\n";
    if (!p.url.empty()) out << "[" << text(p.title) << "](" << p.url << ")\n\n";
    for (auto& [section, list] : works) {
      std::sort(list.begin(), list.end(), [](const Node* a, const Node* b) {
        return std::tie(a->date, a->year, a->title) < std::tie(b->date, b->year, b->title);
      });
      out << "#### " << section << "\n\n";
      bool dated =
          std::all_of(list.begin(), list.end(), [](const Node* w) { return w->date.size() == 10; });
      int i = 0;
      for (const Node* w : list) {
        std::string edge = w->type == "talk" || w->type == "podcast" || w->type == "video"
                               ? "presented"
                               : "authored";
        out << (dated ? std::to_string(++i) + ". " : "- ")
            << entry(*w, people_of(*w, edge, p.id), event_of(*w)) << "\n";
        written.insert(w->id);
      }
      out << "\n";
    }
    written.insert(p.id);
  }

  write_publishers(out, reads, nodes, by_id, only_type, written);
  // Everything else, by type, then by the theme each node is about.
  std::map<std::string, std::map<std::string, std::vector<const Node*>>> by_type;
  for (const auto& n : nodes) {
    if (written.count(n.id) || n.type == "person") continue;
    if (!only_type.empty() && n.type != only_type) continue;
    std::string theme;
    if (auto edges = reads.edges_of(n.id, Direction::out, "about", 1); !edges.empty())
      theme = title_of(edges.front().to);
    by_type[n.type][theme].push_back(&n);
  }
  for (const auto& [type, themes] : by_type) {
    out << "## " << heading_for(type) << "\n\n";
    for (const auto& [theme, list] : themes) {
      if (!theme.empty()) out << "### " << text(theme) << "\n\n";
      for (const Node* n : list) {
        std::vector<std::string> authors = people_of(*n, "authored", "");
        auto presenters = people_of(*n, "presented", "");
        std::string line = entry(*n, {}, event_of(*n));
        if (!authors.empty() || !presenters.empty()) {
          auto& names = authors.empty() ? presenters : authors;
          std::string by;
          for (size_t i = 0; i < names.size(); ++i)
            by += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
          size_t dash = line.find(" - ");
          line.insert(dash == std::string::npos ? line.size() : dash, " by " + by);
        }
        out << "- " << line << "\n";
      }
      out << "\n";
    }
  }
  write_themes(out, reads, nodes, by_id, only_type);
  if (!reads.status().is_ok()) return reads.status();
  return out.str();
}

}  // namespace resgraph::importers
