// The identifiers a node can carry in its attrs (doi, isbn, arxiv, orcid, wikidata): each
// checked and written one way, so that two spellings of one DOI or ISBN meet, and each unique
// per kind across the graph, like a URL.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/status.h"

namespace resgraph {

enum class IdentifierScope { works, people, any };

struct IdentifierKind {
  std::string_view name;         // the attrs key: "doi"
  std::string_view description;  // for the API description
  IdentifierScope scope;
};

const std::vector<IdentifierKind>& identifier_kinds();

// Whether nodes of this type carry this kind of identifier: works (papers, books, talks...)
// carry DOI, ISBN and arXiv ids; people ORCID; any node a Wikidata id.
bool identifier_applies(const IdentifierKind& kind, std::string_view node_type);

// The one written form of an identifier, or why the text is not one:
//   doi       lower case, without "doi:" or a resolver ("https://doi.org/10.1145/X" -> "10.1145/x")
//   isbn      ISBN-13 digits, check digit verified (an ISBN-10 is converted)
//   arxiv     "2101.00001" or "math.gt/0309136", without "arXiv:", a URL or a version
//   orcid     "0000-0002-1825-0097", check digit verified, without "https://orcid.org/"
//   wikidata  "Q42", without the entity URL
Result<std::string> normalize_identifier(std::string_view kind, std::string_view text);

using Identifiers = std::vector<std::pair<std::string, std::string>>;  // (kind, value)

// The identifiers in a node's attrs, normalized, in identifier_kinds() order. A value that is
// not a string, not valid, or of a kind the type does not carry is an invalid status.
Result<Identifiers> node_identifiers(std::string_view node_type, const boost::json::object& attrs);

// "doi:10.1145/X" or "orcid:0000-..." (a search or lookup term) as its kind and normalized
// value; invalid when the prefix names no identifier or the value is not one.
Result<std::pair<std::string, std::string>> parse_identifier_term(std::string_view term);

}  // namespace resgraph
