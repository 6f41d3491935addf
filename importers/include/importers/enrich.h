// Metadata lookup: a work's missing fields (date or year, venue, DOI, authors) from Crossref
// when it has a DOI, else from its page's citation_* and Open Graph tags, merged as any import
// is: empty fields are filled, nothing a person wrote is written over, and a dry run lists what
// would change for review. `resgraph enrich` and POST /api/nodes/{id}/enrich both call this.
#pragma once

#include <string>
#include <vector>

#include "graph/store.h"
#include "importers/markdown_importer.h"

namespace resgraph::importers {

struct EnrichOptions {
  std::string crossref_url = "https://api.crossref.org";  // a test's server on 127.0.0.1
  std::string contact;  // an email for Crossref's polite pool, sent in the User-Agent
  bool dry_run = false;
  long timeout_ms = 10000;
};

struct EnrichReport {
  ImportSummary summary;             // what was (or would be) filled in
  std::vector<std::string> lookups;  // "crossref 10.1016/...: found", "page https://...: 404"
};

// One work, by id or slug.
Result<EnrichReport> enrich_node(Store& store, std::string_view node, const EnrichOptions& options,
                                 const WriteMeta& meta);
// Every work that lacks a date or year, a venue or its authors, one lookup after another.
Result<EnrichReport> enrich_works(Store& store, const EnrichOptions& options,
                                  const WriteMeta& meta);

boost::json::object to_json(const EnrichReport& report);

}  // namespace resgraph::importers
