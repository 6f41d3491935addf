#include "search/fields.h"

namespace resgraph::search {

// Xapian conventions: Q unique id, S title, A author, K keyword; X… for our own.
const std::vector<Field>& fields() {
  static const std::vector<Field> table = {
      {"title", "S", false},
      {"author", "A", false},
      {"concept", "XC", false},
      {"event", "XE", false},
      {"summary", "XD", false},
      {"comment", "XM", false},
      {"type", "XT", true},
      {"tag", "K", true},
      {"year", "Y", true},
      {"site", "XH", true},
      {"source", "XSRC", true},
      {"id", "Q", true},
      // graph/identifiers.h's kinds, by the same names, written in their normalized form.
      {"doi", "XNDOI", true},
      {"isbn", "XNISBN", true},
      {"arxiv", "XNARXIV", true},
      {"orcid", "XNORCID", true},
      {"wikidata", "XNWIKIDATA", true},
  };
  return table;
}

}  // namespace resgraph::search
