// A citation file into an import plan. Each entry becomes a work; its authors meet people as
// the Markdown importer meets them (one index of name forms, initials resolved against the
// store by the merge); publisher and event become their nodes. The merge does the rest.
#include <algorithm>
#include <cctype>

#include "citation.h"
#include "draft_graph.h"
#include "importers/citations.h"

namespace resgraph::importers {
namespace {

const char* format_name(CitationFormat f) {
  switch (f) {
    case CitationFormat::bibtex:
      return "BibTeX";
    case CitationFormat::csl_json:
      return "CSL-JSON";
    case CitationFormat::ris:
      return "RIS";
  }
  return "citation";
}

Result<ReadCitations> read_citations(std::string_view text, CitationFormat format) {
  switch (format) {
    case CitationFormat::bibtex:
      return read_bibtex(text);
    case CitationFormat::csl_json:
      return read_csl_json(text);
    case CitationFormat::ris:
      return read_ris(text);
  }
  return invalid("unknown citation format");
}

boost::json::object provenance_of(const MarkdownSource& src, int line) {
  boost::json::object p{
      {"source", src.source}, {"file", src.file}, {"heading", ""}, {"line", line}};
  if (!src.url.empty()) p["url"] = src.url;
  if (!src.etag.empty()) p["etag"] = src.etag;
  return p;
}

// A name holds a letter or digit (any non-ASCII byte may be one), not only punctuation.
bool names_someone(const std::string& name) {
  return std::any_of(name.begin(), name.end(),
                     [](unsigned char c) { return c >= 0x80 || std::isalnum(c); });
}

size_t named_node(DraftGraph& g, const std::string& type, const std::string& title,
                  const boost::json::object& prov, const std::string& why) {
  DraftNode d;
  d.type = type;
  d.title = title;
  d.provenance = prov;
  d.why = why;
  return g.add_node(std::move(d));
}

void plan_work(DraftGraph& g, const Citation& c, const boost::json::object& prov,
               const std::string& entry) {
  DraftNode d;
  d.type = c.type;
  d.title = c.title;
  d.url = c.url;
  d.date = c.date;
  if (c.date.empty()) d.year = c.year;
  d.summary = c.note;
  for (const auto& [kind, value] : c.ids) d.attrs[kind] = value;
  if (!c.venue.empty()) d.attrs["venue"] = c.venue;
  if (!c.event.empty()) d.attrs["event"] = c.event;
  d.provenance = prov;
  d.why = entry;
  const size_t work = g.add_node(std::move(d));
  const bool spoken = c.type == "talk" || c.type == "podcast" || c.type == "video";
  for (const auto& a : c.authors) {
    const std::string name = full_name(a);
    if (!names_someone(name)) continue;  // "AU  - ," names no one
    if (!a.literal.empty()) {
      // A name given as one (braced in BibTeX, "literal" in CSL) is a body, not a person.
      size_t org = named_node(g, "organization", name, prov, "credited as a whole in " + entry);
      g.add_edge(org, work, "authored", prov);
      continue;
    }
    size_t person = g.person(name, "", prov, "an author in " + entry);
    g.add_edge(person, work, spoken ? "presented" : "authored", prov);
  }
  if (names_someone(c.publisher))
    g.add_edge(work, named_node(g, "organization", c.publisher, prov, "the publisher in " + entry),
               "published_by", prov);
  if (names_someone(c.event) && spoken)
    g.add_edge(work, named_node(g, "event", c.event, prov, "the event in " + entry), "at_event",
               prov);
}

}  // namespace

std::optional<CitationFormat> citation_format_of_file(std::string_view name) {
  auto ends = [&](std::string_view ext) {
    if (name.size() < ext.size()) return false;
    for (size_t i = 0; i < ext.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(name[name.size() - ext.size() + i])) != ext[i])
        return false;
    return true;
  };
  if (ends(".bib") || ends(".bibtex")) return CitationFormat::bibtex;
  if (ends(".ris")) return CitationFormat::ris;
  return std::nullopt;
}

ImportPlan plan_citation_list(const std::vector<Citation>& works, const MarkdownSource& source,
                              const std::string& what) {
  DraftGraph g;
  std::vector<Skip> untitled;
  for (const auto& c : works) {
    if (!names_someone(c.title)) {
      untitled.push_back({c.line, "the entry's title is only spaces and punctuation"});
      continue;
    }
    const std::string entry = "a " + what + " entry" + (c.key.empty() ? "" : " (" + c.key + ")");
    plan_work(g, c, provenance_of(source, c.line), entry);
  }
  ImportPlan plan = g.finish();
  plan.skipped = std::move(untitled);
  return plan;
}

Result<ImportPlan> plan_citations(std::string_view text, CitationFormat format,
                                  const MarkdownSource& source) {
  auto read = read_citations(text, format);
  if (!read) return read.status();
  ImportPlan plan = plan_citation_list(read->works, source, format_name(format));
  const size_t untitled = plan.skipped.size();
  plan.skipped.insert(plan.skipped.begin(), read->problems.begin(), read->problems.end());
  ShapeCount& shape = plan.shapes["citations"];
  shape.understood = read->works.size() - untitled;
  shape.skipped = plan.skipped.size();
  shape.seen = shape.understood + shape.skipped;
  return plan;
}

}  // namespace resgraph::importers
