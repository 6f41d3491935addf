// A work as reference managers see it, between the graph and the three formats (BibTeX,
// CSL-JSON, RIS). Each format's file writes a list of these and reads one back; the graph side
// (citation_works.cpp, citation_import.cpp) never sees a format's syntax.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "graph/identifiers.h"
#include "graph/status.h"
#include "importers/markdown_importer.h"

namespace resgraph::importers {

struct PersonName {
  std::string given, family;  // a person
  std::string literal;        // an organization, or a one-word name: written as it is
};

// "David D. Woods" -> {David D., Woods}; "Ludwig von Bertalanffy" -> {Ludwig, von Bertalanffy};
// "Google" -> {literal Google}.
PersonName split_name(std::string_view full);
// The name as a reader writes it: "David D. Woods".
std::string full_name(const PersonName& name);

struct Citation {
  std::string key;   // BibTeX key, CSL id, RIS ID: the node's slug on export
  std::string type;  // a resgraph node type
  std::string title;
  std::string date;  // YYYY, YYYY-MM or YYYY-MM-DD
  int year = 0;
  std::string url;
  std::vector<PersonName> authors;  // in order
  std::string venue;                // journal, proceedings, series: the container
  std::string publisher;            // publisher or institution
  std::string event;                // the conference a talk was given at
  std::string note;                 // the node's summary
  Identifiers ids;                  // doi, isbn, arxiv, normalized
  int line = 0;                     // on import: the line the entry starts on
};

// The formats' types beside resgraph's, one row per resgraph type: what export writes. Import
// reads the first row naming the format's type, then the extra readings, then a default.
struct CitationType {
  std::string_view node_type, bibtex, csl, ris;
  // The genre that tells apart types a format shares (a talk from a podcast in @misc, a
  // postmortem from a report): BibTeX's howpublished or type field, CSL's genre, RIS's M3.
  std::string_view howpublished;
};
const std::vector<CitationType>& citation_types();
const CitationType& citation_type_of(std::string_view node_type);
std::string node_type_from_bibtex(std::string_view entry_type, std::string_view genre);
std::string node_type_from_csl(std::string_view type, std::string_view genre);
std::string node_type_from_ris(std::string_view type, std::string_view genre);

// An identifier a file gives (DOI, ISBN, arXiv), normalized into the work's ids; one that is
// not valid is left out, and said so in `problems` when `report`. A field may hold several
// ISBNs (Zotero writes a book's ISBN-13 and ISBN-10 together): the first valid one is kept.
void read_identifier(Citation& c, std::string_view kind, std::string_view text, int line,
                     std::vector<Skip>& problems, bool report = true);

// Works read from anywhere (a file, Crossref, a page's metadata) as an import plan: each a node,
// its authors people met as the Markdown importer meets names, its publisher and event. `what`
// names the kind of entry for --explain ("BibTeX", "Crossref").
ImportPlan plan_citation_list(const std::vector<Citation>& works, const MarkdownSource& source,
                              const std::string& what);

// TeX as BibTeX files write it ({\"o}, \&, --, braces) as the text it prints.
std::string tex_to_text(std::string_view tex);

std::string write_bibtex(const std::vector<Citation>& works);
std::string write_csl_json(const std::vector<Citation>& works);
std::string write_ris(const std::vector<Citation>& works);

// A file's entries; an entry (or a field) that cannot be read is skipped with its line and
// why, the rest are read. A file that is not of the format at all is an invalid status.
struct ReadCitations {
  std::vector<Citation> works;
  std::vector<Skip> problems;
};
Result<ReadCitations> read_bibtex(std::string_view text);
Result<ReadCitations> read_csl_json(std::string_view text);
Result<ReadCitations> read_ris(std::string_view text);

}  // namespace resgraph::importers
