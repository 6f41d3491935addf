// The one table of searchable fields: each field's query name and Xapian term prefix. The
// indexer and the query parser both read it, so they cannot drift apart.
#pragma once

#include <string_view>
#include <vector>

namespace resgraph::search {

struct Field {
  std::string_view name;    // as written in queries: "author:allspaw"
  std::string_view prefix;  // Xapian term prefix
  bool boolean;             // exact filter term, not free text
};

const std::vector<Field>& fields();

// Xapian value slots, for sorting and facets.
enum Slot : unsigned { kYear = 0, kType = 1, kUpdated = 2, kDegree = 3, kYearText = 4, kTags = 5 };

}  // namespace resgraph::search
