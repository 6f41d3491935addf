// Where enrichment reads a work's metadata: Crossref by DOI, or the work's own page.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "citation.h"
#include "importers/enrich.h"

namespace resgraph::importers {

// Crossref's record of a DOI; nullopt when Crossref has none (404). `looked_up` is set to the
// URL asked, for the report.
Result<std::optional<Citation>> crossref_work(std::string_view doi, const EnrichOptions& options,
                                              std::string& looked_up);
// The work's page, read for its meta tags; nullopt when it is not an HTML page that answers 200.
Result<std::optional<Citation>> page_work(const std::string& url, const EnrichOptions& options);
// citation_title, citation_author (each), citation_journal_title or citation_conference_title,
// citation_publication_date, citation_doi; og:title, og:site_name, article:published_time and
// author where the citation_* tags say nothing.
Citation citation_from_meta_tags(std::string_view html);

}  // namespace resgraph::importers
