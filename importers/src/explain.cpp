// --explain: what each line of a file became, from the plan the readers made.
#include <algorithm>

#include "importers/markdown_importer.h"

namespace resgraph::importers {
namespace {

int line_of(const boost::json::object& provenance) {
  auto* line = provenance.if_contains("line");
  return line && line->is_int64() ? static_cast<int>(line->as_int64()) : 0;
}

}  // namespace

std::vector<std::string> explain(const ImportPlan& plan) {
  std::vector<std::pair<int, std::string>> lines;
  for (const auto& n : plan.nodes) {
    std::string what = n.type + " '" + n.title + "'";
    if (n.tentative)
      what += " (named only by surname or initials: kept as text unless the graph knows them)";
    if (!n.why.empty()) what += " — " + n.why;
    lines.emplace_back(line_of(n.provenance), what);
    for (const auto& l : n.links)
      lines.emplace_back(line_of(n.provenance),
                         "annotation '" + l.label + "' kept as a link on '" + n.title + "'");
  }
  for (const auto& e : plan.edges)
    lines.emplace_back(line_of(e.provenance), "edge " + plan.nodes[e.from].title + " -" + e.type +
                                                  "-> " + plan.nodes[e.to].title);
  for (const auto& t : plan.trails)
    for (size_t i = 0; i < t.steps.size(); ++i)
      lines.emplace_back(line_of(plan.nodes[t.steps[i]].provenance),
                         "step " + std::to_string(i + 1) + " of trail '" + t.title + "'");
  for (const auto& s : plan.skipped) lines.emplace_back(s.line, "skipped: " + s.reason);
  std::stable_sort(lines.begin(), lines.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  out.reserve(lines.size());
  for (const auto& [line, what] : lines)
    out.push_back("line " + std::to_string(line) + ": " + what);
  return out;
}

}  // namespace resgraph::importers
