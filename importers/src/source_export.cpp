// One source's list in its own shape: the headings, order and entries as they were imported,
// with the graph's corrections (a fixed URL, a summary) and additions (works linked since to a
// theme of the list) in place; and the unified diff against the file upstream.
#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "fetch/http_get.h"
#include "graph/url_key.h"
#include "importers/markdown_export.h"
#include "markdown_entry.h"
#include "unified_diff.h"

namespace resgraph::importers {
namespace json = boost::json;
namespace {

struct Placed {
  int line = 0;
  std::vector<std::string> headings;
  const Node* node = nullptr;
};

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> out;
  for (size_t start = 0;;) {
    size_t at = path.find(" > ", start);
    out.push_back(path.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + 3;
  }
  return out;
}

// The source's provenance name and the file to write: from a recorded source, or the name as
// given (a file imported by path carries its file name as its source).
std::pair<std::string, std::string> resolve(const Store& store, const std::string& source,
                                            const std::string& file) {
  if (auto s = store.get_source(source); s && !s->files.empty())
    return {s->name, file.empty() ? s->files.front().path : file};
  return {source, file};
}

class SourceWriter {
 public:
  SourceWriter(const Store& store, std::vector<Node> nodes)
      : reads_(store), nodes_(std::move(nodes)) {
    for (const auto& n : nodes_) by_id_[n.id] = &n;
  }

  Result<std::string> write(const std::string& name, std::string file) {
    std::vector<Placed> placed;
    for (const auto& n : nodes_)
      for (const auto& p : n.provenance) {
        if (!p.is_object()) continue;
        const auto& o = p.as_object();
        auto str = [&](const char* k) {
          auto* v = o.if_contains(k);
          return v && v->is_string() ? std::string(v->as_string()) : std::string();
        };
        if (str("source") != name) continue;
        if (file.empty()) file = str("file");
        if (str("file") != file) continue;
        auto* line = o.if_contains("line");
        placed.push_back({line && line->is_int64() ? static_cast<int>(line->as_int64()) : 0,
                          split_path(str("heading")), &n});
        from_source_.insert(n.id);
      }
    if (placed.empty()) return not_found("no node came from source '" + name + "'");
    std::stable_sort(placed.begin(), placed.end(),
                     [](const Placed& a, const Placed& b) { return a.line < b.line; });
    // One entry per line: a work rather than the byline's people, the event or the theme it
    // brought along.
    std::map<int, const Node*> primary;
    for (const auto& p : placed) {
      const Node*& first = primary[p.line];
      bool work = p.node->type != "person" && p.node->type != "event" &&
                  p.node->type != "concept" && p.node->type != "organization";
      bool first_is_work = first && first->type != "person" && first->type != "event" &&
                           first->type != "concept" && first->type != "organization";
      if (!first || (work && !first_is_work)) first = p.node;
    }
    std::vector<std::string> open;
    for (const auto& p : placed) {
      size_t same = 0;
      while (same < open.size() && same < p.headings.size() && open[same] == p.headings[same])
        ++same;
      if (same < open.size() || same < p.headings.size()) {
        for (size_t i = open.size(); i-- > same;) additions(open[i]);
        if (in_list_) out_ << "\n";  // a blank line ends the list before the next heading
        in_list_ = false;
        for (size_t i = same; i < p.headings.size(); ++i)
          if (!p.headings[i].empty())
            out_ << std::string(std::min<size_t>(i + 1, 6), '#') << " " << text(p.headings[i])
                 << "\n\n";
        open = p.headings;
      }
      if (primary[p.line] != p.node || is_heading_itself(*p.node, p.headings) ||
          !written_.insert(p.node->id).second)
        continue;
      out_ << "- " << line_of(*p.node, p.headings) << "\n";
      in_list_ = true;
    }
    for (size_t i = open.size(); i-- > 0;) additions(open[i]);
    if (!reads_.status().is_ok()) return reads_.status();
    return out_.str();
  }

 private:
  // A person's or organization's heading, or a theme's: the heading shows it.
  static bool is_heading_itself(const Node& n, const std::vector<std::string>& headings) {
    return std::any_of(headings.begin(), headings.end(),
                       [&](const std::string& h) { return title_key(h) == title_key(n.title); });
  }

  std::string line_of(const Node& n, const std::vector<std::string>& headings) {
    std::string event;
    if (auto at = reads_.edges_of(n.id, Direction::out, "at_event", 1); !at.empty())
      if (by_id_.count(at.front().to)) event = by_id_[at.front().to]->title;
    std::vector<std::string> names;
    for (const char* type : {"authored", "presented"})
      for (const auto& e : reads_.edges_of(n.id, Direction::in, type, 100))
        if (by_id_.count(e.from) && !is_heading_itself(*by_id_[e.from], headings) &&
            n.title.find(by_id_[e.from]->title) == std::string::npos)  // a byline in the title
          names.push_back(by_id_[e.from]->title);
    std::string line = entry(n, {}, event);
    if (!names.empty()) {
      std::string by;
      for (size_t i = 0; i < names.size(); ++i)
        by += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
      size_t dash = line.find(" - ");
      line.insert(dash == std::string::npos ? line.size() : dash, " by " + by);
    }
    return line;
  }

  // Works linked since to the theme this heading names, which the list does not have yet.
  void additions(const std::string& heading) {
    const Node* theme = nullptr;
    for (const auto& n : nodes_)
      if ((n.type == "concept" || n.type == "question") && from_source_.count(n.id) &&
          title_key(n.title) == title_key(heading))
        theme = &n;
    if (!theme) return;
    std::vector<const Node*> added;
    for (const char* type : {"about", "answers", "related"})
      for (const auto& e : reads_.edges_of(theme->id, Direction::in, type, 1000))
        if (by_id_.count(e.from) && !from_source_.count(e.from) && !written_.count(e.from) &&
            by_id_[e.from]->type != "person")
          added.push_back(by_id_[e.from]);
    std::sort(added.begin(), added.end(),
              [](const Node* a, const Node* b) { return a->title < b->title; });
    if (added.empty()) return;
    for (const Node* n : added) {
      written_.insert(n->id);
      out_ << "- " << line_of(*n, {heading}) << "\n";
    }
    in_list_ = true;
  }

  ExportReads reads_;
  std::vector<Node> nodes_;
  std::map<std::string, const Node*> by_id_;
  std::set<std::string> from_source_, written_;
  std::ostringstream out_;
  bool in_list_ = false;  // entries written since the last heading
};

}  // namespace

Result<std::string> export_source_markdown(const Store& store, const std::string& source,
                                           const std::string& file, bool archived_links) {
  auto [name, path] = resolve(store, source, file);
  auto nodes = all_nodes(store, archived_links);
  if (!nodes) return nodes.status();
  return SourceWriter(store, std::move(*nodes)).write(name, path);
}

Result<std::string> diff_source_markdown(const Store& store, const std::string& source,
                                         const std::string& file, bool archived_links) {
  auto recorded = store.get_source(source);
  if (!recorded)
    return invalid("'" + source + "' was not imported from a URL: there is no upstream to diff");
  const auto resolved = resolve(store, source, file);
  const std::string& name = resolved.first;
  const std::string& path = resolved.second;  // a lambda below reads it: no structured binding
  auto it = std::find_if(recorded->files.begin(), recorded->files.end(),
                         [&](const SourceFile& f) { return f.path == path; });
  if (it == recorded->files.end()) return not_found("source has no file '" + path + "'");
  auto nodes = all_nodes(store, archived_links);
  if (!nodes) return nodes.status();
  auto ours = SourceWriter(store, std::move(*nodes)).write(name, path);
  if (!ours) return ours.status();
  auto upstream = fetch::get({it->url});
  if (!upstream) return upstream.status();
  if (upstream->status != 200)
    return resgraph::upstream(it->url + " answered HTTP " + std::to_string(upstream->status));
  return unified_diff(upstream->body, *ours, "a/" + path, "b/" + path);
}

}  // namespace resgraph::importers
