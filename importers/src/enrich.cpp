// Enrichment, the graph side: what a lookup may propose for a work, and the proposal merged as
// an import (so nothing a person wrote is written over, and a dry run is the review).
#include "importers/enrich.h"

#include <chrono>
#include <thread>

#include "enrich_sources.h"
#include "markdown_entry.h"

namespace resgraph::importers {
namespace {

bool has_credits(const Store& store, const Node& work) {
  auto in = store.edges_of(work.id, Direction::in, "", 200);
  if (!in) return false;
  for (const auto& e : *in)
    if (e.type == "authored" || e.type == "presented") return true;
  return false;
}

std::string text_attr(const Node& n, const char* key) {
  const auto* v = n.attrs.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// What of a lookup may be proposed: only what the work lacks, and nothing that would make the
// merge take it for another work (its own title, type and URL; a date only where it has none;
// a DOI only when no other node holds it).
Result<Citation> proposal_for(const Store& store, const Node& work, Citation found,
                              std::vector<std::string>& lookups) {
  found.type = work.type;
  found.title = work.title;
  if (!work.url.empty()) found.url = work.url;
  if (!work.date.empty() || (work.year && found.year != work.year)) {
    found.date.clear();
    found.year = 0;
  }
  found.publisher.clear();  // fields the work did not ask for
  found.event.clear();
  if (has_credits(store, work)) found.authors.clear();
  if (!text_attr(work, "venue").empty()) found.venue.clear();
  std::erase_if(found.ids, [&](const auto& id) { return id.first != "doi"; });
  for (auto it = found.ids.begin(); it != found.ids.end();) {
    auto holder =
        store.find_duplicate(work.type, "", "", boost::json::object{{it->first, it->second}});
    if (!holder) return holder.status();
    if (*holder && **holder != work.id) {
      lookups.push_back("doi " + it->second + " left out: node " + **holder + " has it");
      it = found.ids.erase(it);
    } else {
      ++it;
    }
  }
  return found;
}

// Crossref by the work's DOI; else its page, and Crossref again by a DOI the page names.
Result<std::optional<Citation>> look_up(const Node& work, const EnrichOptions& o,
                                        std::vector<std::string>& lookups) {
  std::string doi = text_attr(work, "doi");
  if (doi.empty() && !work.url.empty()) {
    auto page = page_work(work.url, o);
    if (!page) {
      lookups.push_back("page " + work.url + ": " + page.status().message());
      return std::optional<Citation>();
    }
    lookups.push_back("page " + work.url + (*page ? ": read" : ": no page to read"));
    if (!*page || (*page)->ids.empty()) return page;
    doi = (*page)->ids.front().second;
  }
  if (doi.empty()) {
    lookups.push_back("'" + work.title + "': no DOI and no URL to look up");
    return std::optional<Citation>();
  }
  std::string asked;
  auto found = crossref_work(doi, o, asked);
  if (!found) {
    lookups.push_back("crossref " + doi + ": " + found.status().message());
    return std::optional<Citation>();
  }
  lookups.push_back("crossref " + doi + (*found ? ": found" : ": not in Crossref"));
  return found;
}

void add_to(ImportSummary& total, ImportSummary&& one) {
  total.created += one.created;
  total.updated += one.updated;
  total.unchanged += one.unchanged;
  total.skipped += one.skipped;
  total.edges_created += one.edges_created;
  total.edges_existing += one.edges_existing;
  for (auto list : {&ImportSummary::skips, &ImportSummary::conflicts, &ImportSummary::changes})
    for (auto& line : one.*list) (total.*list).push_back(std::move(line));
}

// Whether the proposal holds anything the work lacks: else there is nothing to merge, not even
// the lookup's provenance.
bool adds_something(const Node& work, const Citation& p) {
  return (work.date.empty() && (!p.date.empty() || (p.year && !work.year))) || !p.venue.empty() ||
         !p.authors.empty() || (!p.ids.empty() && text_attr(work, "doi").empty()) ||
         (work.url.empty() && !p.url.empty());
}

Status enrich_one(Store& store, const Node& work, const EnrichOptions& o, const WriteMeta& meta,
                  EnrichReport& report) {
  auto found = look_up(work, o, report.lookups);
  if (!found) return found.status();
  if (!*found) return Status::ok();
  auto proposal = proposal_for(store, work, std::move(**found), report.lookups);
  if (!proposal) return proposal.status();
  if (!adds_something(work, *proposal)) {
    report.lookups.back() += "; nothing to fill in";
    return Status::ok();
  }
  const bool from_crossref = !text_attr(work, "doi").empty() || !proposal->ids.empty();
  MarkdownSource source{from_crossref ? "crossref" : "page", work.slug, "", ""};
  ImportPlan plan = plan_citation_list({*proposal}, source, from_crossref ? "Crossref" : "page");
  auto summary = apply_plan(store, plan, meta, o.dry_run);
  if (!summary) return summary.status();
  add_to(report.summary, std::move(*summary));
  return Status::ok();
}

bool lacks_something(const Store& store, const Node& n) {
  if (!is_work_type(n.type) || (n.url.empty() && text_attr(n, "doi").empty())) return false;
  const bool has_venue = !text_attr(n, "venue").empty() || n.type == "talk" || n.type == "book";
  return (n.date.empty() && !n.year) || !has_venue || !has_credits(store, n);
}

}  // namespace

Result<EnrichReport> enrich_node(Store& store, std::string_view node, const EnrichOptions& o,
                                 const WriteMeta& meta) {
  auto work = store.get_node(node);
  if (!work) return work.status();
  if (!is_work_type(work->type))
    return invalid("'" + work->title + "' is a " + work->type + "; only works are looked up");
  EnrichReport report;
  if (auto s = enrich_one(store, *work, o, meta, report); !s.is_ok()) return s;
  return report;
}

Result<EnrichReport> enrich_works(Store& store, const EnrichOptions& o, const WriteMeta& meta) {
  auto all = all_nodes(store);
  if (!all) return all.status();
  EnrichReport report;
  bool first = true;
  for (const auto& n : *all) {
    if (!lacks_something(store, n)) continue;
    // One lookup at a time, a pause between: Crossref's etiquette for clients of its pool.
    if (!first) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    first = false;
    if (auto s = enrich_one(store, n, o, meta, report); !s.is_ok()) return s;
  }
  return report;
}

boost::json::object to_json(const EnrichReport& report) {
  boost::json::object out = to_json(report.summary);
  boost::json::array lookups;
  for (const auto& l : report.lookups) lookups.push_back(boost::json::string(l));
  out["lookups"] = std::move(lookups);
  return out;
}

}  // namespace resgraph::importers
