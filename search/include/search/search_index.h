// The search index: a Xapian database kept in step with the graph by applying its change log.
// The last applied sequence number is stored in the same Xapian commit as the documents, so
// after a crash indexing resumes exactly where the last commit ended; re-applying is an upsert.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "graph/status.h"
#include "graph/store.h"

namespace resgraph::search {

struct SearchRequest {
  std::string q;
  std::string type;                // filter, optional
  std::string sort = "relevance";  // relevance | year | -year | updated
  size_t page = 1;
  size_t per_page = 20;
};

struct Hit {
  std::string id, slug, type, title;
  int year = 0;
  double score = 0;
  std::string snippet;  // HTML-escaped text with <mark>…</mark>
  std::vector<std::string> matched_fields;
};

struct SearchResults {
  std::vector<Hit> hits;
  size_t estimated_total = 0;
  std::map<std::string, size_t> by_type, by_year, by_tag;
  bool facets_exact = true;  // false when the query matched more than the facet scan covers
  std::string did_you_mean;  // corrected query, empty when the query looks right
};

struct Suggestion {
  std::string id, slug, type, title;
  int degree = 0;
};

class SearchIndex {
 public:
  // Opens (or creates) the index in `dir`, catches up with the store, and starts the writer
  // thread that follows the change log.
  static Result<std::unique_ptr<SearchIndex>> open(const std::string& dir, const Store& store);
  ~SearchIndex();

  Result<SearchResults> search(const SearchRequest& request) const;
  // The ids of a search's first `max` hits, in its order (page and per_page are ignored): what
  // a citation export of a search cites, through the API and the CLI alike.
  Result<std::vector<std::string>> hit_ids(SearchRequest request, size_t max) const;
  Result<std::vector<Suggestion>> suggest(const std::string& prefix, size_t limit) const;

  uint64_t indexed_seq() const;
  // Nodes left out because their document could not be built, and failed indexing rounds
  // (retried): neither stops the indexer, and both show in /metrics and `resgraph check`.
  uint64_t skipped_nodes() const;
  uint64_t failures() const;
  // Waits until the index has committed `seq`; false on timeout.
  bool wait_until_indexed(uint64_t seq, std::chrono::milliseconds timeout) const;
  // Lists disagreements between index and store (missing, extra or stale documents).
  std::vector<std::string> verify() const;

  // Rebuilds the whole index from the store (used by `resgraph reindex`); no thread runs.
  static Status rebuild(const std::string& dir, const Store& store);

 private:
  struct Impl;
  explicit SearchIndex(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace resgraph::search
