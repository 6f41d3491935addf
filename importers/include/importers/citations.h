// Works as citations for reference managers: BibTeX, CSL-JSON and RIS (Zotero reads and writes
// all three). Export picks the works of a selection and writes each with its authors in order;
// import reads a file of one of the formats and merges it like any list: by identifier, then
// URL, then title and year, with provenance, idempotently.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/store.h"
#include "importers/markdown_importer.h"

namespace resgraph::importers {

enum class CitationFormat { bibtex, csl_json, ris };

// "bibtex", "csl-json" or "ris".
std::optional<CitationFormat> citation_format(std::string_view name);
const char* content_type_of(CitationFormat format);
const char* file_extension_of(CitationFormat format);  // ".bib", ".json", ".ris"

// Which works to cite. At most one of trail, node and person; with none, `ids` when given (a
// search's hits, in their order), else every work of the graph.
// A search's works are cited up to this many hits.
constexpr size_t kMaxCitedHits = 1000;

struct CitationSelection {
  std::string trail;  // a trail's works, in step order
  std::string node;   // a node and the works around it, to `depth` hops
  int depth = 1;
  std::string person;  // the works a person authored or presented, by date
  std::optional<std::vector<std::string>> ids;
  std::string type;  // only works of this type
};

Result<std::string> export_citations(const Store& store, CitationFormat format,
                                     const CitationSelection& selection);

// The format of a file by its name: .bib or .bibtex, .ris; nullopt for any other (a .json
// file that is an array is CSL-JSON: importers/upload.h).
std::optional<CitationFormat> citation_format_of_file(std::string_view file_name);

// Reads a citation file into an import plan: one node per work, people for its authors (met
// as the Markdown importer meets names), authored or presented edges, the venue and event.
Result<ImportPlan> plan_citations(std::string_view text, CitationFormat format,
                                  const MarkdownSource& source);

}  // namespace resgraph::importers
