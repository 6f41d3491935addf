// The graph side of a citation export: which works a selection names, and each work as a
// reference manager sees it (authors in the order their edges were made, publisher, event).
#include <algorithm>
#include <set>

#include "citation.h"
#include "graph/walks.h"
#include "importers/citations.h"
#include "markdown_entry.h"

namespace resgraph::importers {
namespace {

Status add_if_work(const Store& store, const std::string& id, std::vector<Node>& out) {
  auto n = if_found(store.get_node(id));
  if (!n) return n.status();
  if (*n && is_work_type((*n)->type)) out.push_back(std::move(**n));
  return Status::ok();
}

Result<std::vector<Node>> every_work(const Store& store) {
  auto all = all_nodes(store);
  if (!all) return all.status();
  std::erase_if(*all, [](const Node& n) { return !is_work_type(n.type); });
  return all;
}

Result<std::vector<Node>> selected_works(const Store& store, const CitationSelection& sel) {
  const int chosen = !sel.trail.empty() + !sel.node.empty() + !sel.person.empty();
  if (chosen > 1) return invalid("cite one of a trail, a node's neighbourhood or a person's works");
  std::vector<Node> out;
  if (!sel.trail.empty()) {
    auto trail = store.get_trail(sel.trail);
    if (!trail) return trail.status();
    for (const auto& step : trail->steps)
      if (auto s = add_if_work(store, step.node, out); !s.is_ok()) return s;
    return out;
  }
  if (!sel.node.empty()) {
    if (sel.depth < 1 || sel.depth > 3) return invalid("depth must be between 1 and 3");
    auto around = neighbours(store, sel.node, sel.depth, {}, {},
                             WalkLimits{5000, std::chrono::milliseconds(2000)});
    if (!around) return around.status();
    for (auto& w : around->nodes)
      if (is_work_type(w.node.type)) out.push_back(std::move(w.node));
    return out;
  }
  if (!sel.person.empty()) return works_of(store, sel.person, {}, "date");  // id, slug or name
  if (!sel.ids) return every_work(store);
  for (const auto& id : *sel.ids)
    if (auto s = add_if_work(store, id, out); !s.is_ok()) return s;
  return out;
}

// "Woods, D. D., Dekker, S." is a list of surnames and initials, not four names.
std::vector<PersonName> byline_names(const std::string& byline) {
  std::vector<PersonName> out;
  std::string rest = byline;
  for (const char* sep : {" and ", " & ", ";"})
    for (size_t at; (at = rest.find(sep)) != std::string::npos;)
      rest.replace(at, std::string_view(sep).size(), ",");
  size_t start = 0;
  while (start <= rest.size()) {
    size_t end = std::min(rest.find(',', start), rest.size());
    std::string part = rest.substr(start, end - start);
    while (!part.empty() && part.front() == ' ') part.erase(part.begin());
    while (!part.empty() && part.back() == ' ') part.pop_back();
    if (!part.empty()) out.push_back(split_name(part));
    start = end + 1;
  }
  return out;
}

Result<Citation> citation_of(const Store& store, const Node& w) {
  Citation c;
  c.key = w.slug;
  c.type = w.type;
  c.title = w.title;
  c.date = w.date;
  c.year = w.year;
  c.url = w.url;
  c.note = w.summary;
  if (auto ids = node_identifiers(w.type, w.attrs))
    for (auto& id : *ids)
      if (id.first != "wikidata") c.ids.push_back(std::move(id));
  if (const auto* v = w.attrs.if_contains("venue"); v && v->is_string()) c.venue = v->get_string();
  if (const auto* v = w.attrs.if_contains("event"); v && v->is_string()) c.event = v->get_string();
  auto edges = store.edges_of(w.id, Direction::both, "", 1000);
  if (!edges) return edges.status();
  std::sort(edges->begin(), edges->end(),
            [](const Edge& a, const Edge& b) { return a.id < b.id; });  // ids sort as made
  for (const auto& e : *edges) {
    const bool credit = (e.type == "authored" || e.type == "presented") && e.to == w.id;
    const bool outward = e.from == w.id;
    if (!credit &&
        !(outward && (e.type == "published_by" || e.type == "at_event" || e.type == "part_of")))
      continue;
    auto other = if_found(store.get_node(credit ? e.from : e.to));
    if (!other) return other.status();
    if (!*other) continue;
    const Node& o = **other;
    if (credit)
      c.authors.push_back(o.type == "person" ? split_name(o.title) : PersonName{"", "", o.title});
    else if (e.type == "published_by" && c.publisher.empty())
      c.publisher = o.title;
    else if (e.type == "at_event" && c.event.empty())
      c.event = o.title;
    else if (e.type == "part_of" && c.venue.empty())
      c.venue = o.title;
  }
  if (c.authors.empty())
    if (const auto* b = w.attrs.if_contains("byline"); b && b->is_string())
      c.authors = byline_names(std::string(b->get_string()));
  return c;
}

}  // namespace

std::optional<CitationFormat> citation_format(std::string_view name) {
  if (name == "bibtex") return CitationFormat::bibtex;
  if (name == "csl-json") return CitationFormat::csl_json;
  if (name == "ris") return CitationFormat::ris;
  return std::nullopt;
}

const char* content_type_of(CitationFormat format) {
  switch (format) {
    case CitationFormat::bibtex:
      return "application/x-bibtex; charset=utf-8";
    case CitationFormat::csl_json:
      return "application/vnd.citationstyles.csl+json";
    case CitationFormat::ris:
      return "application/x-research-info-systems";
  }
  return "text/plain";
}

const char* file_extension_of(CitationFormat format) {
  switch (format) {
    case CitationFormat::bibtex:
      return ".bib";
    case CitationFormat::csl_json:
      return ".json";
    case CitationFormat::ris:
      return ".ris";
  }
  return ".txt";
}

Result<std::string> export_citations(const Store& store, CitationFormat format,
                                     const CitationSelection& selection) {
  if (!selection.type.empty() && !is_work_type(selection.type))
    return invalid("'" + selection.type + "' is not a type of work; citations are of works");
  auto works = selected_works(store, selection);
  if (!works) return works.status();
  std::vector<Citation> cited;
  cited.reserve(works->size());
  std::set<std::string> seen;  // a trail may visit a work twice; a file cites it once
  for (const auto& w : *works) {
    if (!seen.insert(w.id).second) continue;
    if (!selection.type.empty() && w.type != selection.type) continue;
    auto c = citation_of(store, w);
    if (!c) return c.status();
    cited.push_back(std::move(*c));
  }
  switch (format) {
    case CitationFormat::bibtex:
      return write_bibtex(cited);
    case CitationFormat::csl_json:
      return write_csl_json(cited);
    case CitationFormat::ris:
      return write_ris(cited);
  }
  return invalid("unknown citation format");
}

}  // namespace resgraph::importers
