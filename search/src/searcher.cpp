// The query side: Xapian's QueryParser configured from the field table, with snippets,
// matched fields, facets and spelling correction.
#include <algorithm>
#include <boost/json/parse.hpp>
#include <cctype>
#include <map>
#include <set>
#include <sstream>
#include <vector>

#include "graph/identifiers.h"
#include "impl.h"
#include "search/fields.h"

namespace resgraph::search {
namespace {

// Counts each tag of a document; tags are stored newline-separated in one value slot.
class TagSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double) override {
    std::string tags = doc.get_value(kTags);
    for (size_t start = 0; start < tags.size();) {
      size_t end = tags.find('\n', start);
      if (end == std::string::npos) end = tags.size();
      if (end > start) ++counts[tags.substr(start, end - start)];
      start = end + 1;
    }
  }
  std::map<std::string, size_t> counts;
};

std::map<std::string, size_t> facet(const Xapian::ValueCountMatchSpy& spy) {
  std::map<std::string, size_t> out;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it)
    if (!(*it).empty()) out[*it] = it.get_termfreq();
  return out;
}

// The fields of `doc` that hold a matching term: a prefixed term names its field; an
// unprefixed one counts for each free-text field whose prefix the document holds it under.
void add_fields_of(const Xapian::Document& doc, const std::vector<std::string>& terms,
                   std::set<std::string>& out) {
  std::map<std::string, std::string> wanted;  // prefixed term -> field name
  for (std::string term : terms) {
    bool stemmed = !term.empty() && term[0] == 'Z';
    if (stemmed) term.erase(0, 1);
    if (!term.empty() && std::islower(static_cast<unsigned char>(term[0]))) {
      for (const auto& f : fields())
        if (!f.boolean) wanted[(stemmed ? "Z" : "") + std::string(f.prefix) + term] = f.name;
      continue;
    }
    const Field* best = nullptr;
    for (const auto& f : fields())
      if (term.starts_with(f.prefix) && (!best || f.prefix.size() > best->prefix.size())) best = &f;
    if (best) out.insert(std::string(best->name));
  }
  if (wanted.empty()) return;
  // One pass over the document's sorted term list answers every candidate.
  auto want = wanted.begin();
  for (auto t = doc.termlist_begin(); t != doc.termlist_end() && want != wanted.end();) {
    if (*t < want->first)
      t.skip_to(want->first);
    else if (want->first < *t)
      ++want;
    else {
      out.insert(want->second);
      ++want;
      ++t;
    }
  }
}

size_t edit_distance(const std::string& a, const std::string& b, size_t cutoff) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    size_t row_min = cur[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > cutoff) return cutoff + 1;
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

// "Did you mean": each plain word the index does not know is replaced by the most frequent
// indexed word within two edits that shares its first letter. Field filters, operators and
// phrases are kept as they are. Returns "" when nothing needed correcting.
std::string correct(const Xapian::Database& db, const std::string& q) {
  std::string out;
  bool changed = false;
  std::istringstream in(q);
  for (std::string token; in >> token;) {
    std::string word;
    for (unsigned char c : token) word.push_back(static_cast<char>(std::tolower(c)));
    bool plain =
        std::all_of(word.begin(), word.end(), [](unsigned char c) { return std::isalnum(c); });
    if (plain && word.size() >= 3 && token != "AND" && token != "OR" && token != "NOT" &&
        db.get_termfreq(word) == 0) {
      std::string best;
      size_t best_dist = 3;
      Xapian::doccount best_freq = 0;
      for (auto t = db.allterms_begin(word.substr(0, 1)); t != db.allterms_end(word.substr(0, 1));
           ++t) {
        const std::string& term = *t;
        if (term.size() + 2 < word.size() || term.size() > word.size() + 2) continue;
        size_t d = edit_distance(word, term, 2);
        if (d < best_dist || (d == best_dist && t.get_termfreq() > best_freq)) {
          best = term;
          best_dist = d;
          best_freq = t.get_termfreq();
        }
      }
      if (!best.empty()) {
        token = best;
        changed = true;
      }
    }
    out += (out.empty() ? "" : " ") + token;
  }
  return changed ? out : "";
}

// Identifier filters ("doi:10.1145/ABC", "orcid:https://orcid.org/0000-...") rewritten into
// the form the index holds; a malformed one is the query's error, not zero results.
Result<std::string> with_identifiers_normalized(const std::string& q) {
  std::string out;
  bool changed = false;
  std::istringstream in(q);
  for (std::string token; in >> token;) {
    const size_t lead = std::min(token.find_first_not_of("(+-"), token.size());
    size_t end = token.size();
    while (end > lead && token[end - 1] == ')') --end;
    std::string_view term(token.data() + lead, end - lead);
    const auto colon = term.find(':');
    const auto& kinds = identifier_kinds();
    if (colon != std::string_view::npos &&
        std::any_of(kinds.begin(), kinds.end(), [&](const IdentifierKind& k) {
          return k.name == ascii_lower(term.substr(0, colon));
        })) {
      auto id = parse_identifier_term(term);
      if (!id) return invalid(std::string(term) + ": " + id.status().message());
      // Quoted: a DOI may hold brackets and colons the query parser would read as syntax.
      token = token.substr(0, lead) + id->first + ":\"" + id->second + "\"" + token.substr(end);
      changed = true;
    }
    out += (out.empty() ? "" : " ") + token;
  }
  return changed ? out : q;
}

void configure(Xapian::QueryParser& qp, const Xapian::Database& db) {
  qp.set_database(db);
  qp.set_stemmer(Xapian::Stem("english"));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_default_op(Xapian::Query::OP_AND);
  for (const auto& f : fields()) {
    if (f.name == "id") continue;
    if (f.boolean)
      qp.add_boolean_prefix(std::string(f.name), std::string(f.prefix));
    else
      qp.add_prefix(std::string(f.name), std::string(f.prefix));
  }
}

constexpr Xapian::doccount kFacetScan = 5000;

// Plain words (no field, phrase or operator) that are a node's whole title, or a person's
// surname, rank that node first: its exact-name term adds a weight no word match reaches.
Xapian::Query with_exact_name_first(const Xapian::Query& query, const std::string& q) {
  if (q.find_first_of(":\"()*") != std::string::npos) return query;
  for (const char* op : {" AND ", " OR ", " NOT ", " NEAR ", " ADJ ", " XOR "})
    if (q.find(op) != std::string::npos) return query;
  const std::string key = exact_key(q);
  if (key.empty()) return query;
  return Xapian::Query(
      Xapian::Query::OP_AND_MAYBE, query,
      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(kExactPrefix + key), 10.0));
}

}  // namespace

Result<SearchResults> SearchIndex::search(const SearchRequest& r) const {
  if (r.q.size() > 1000) return invalid("the query is longer than 1000 bytes");
  if (impl_->indexed.load() < impl_->rebuild_until)
    return Status(Code::unavailable,
                  "the search index is being rebuilt from the store; retry shortly")
        .with_retry_after(2);
  if (r.page < 1 || r.page > 500) return invalid("page must be between 1 and 500");
  if (r.per_page < 1 || r.per_page > 100) return invalid("per_page must be between 1 and 100");
  std::unique_ptr<Xapian::Database> db;
  try {
    db = impl_->acquire();
  } catch (const Xapian::Error& e) {
    return unavailable("the search index cannot be read: " + e.get_description());
  }
  SearchResults out;
  try {
    Xapian::QueryParser qp;
    configure(qp, *db);
    Xapian::NumberRangeProcessor years(kYear, "year:");
    qp.add_rangeprocessor(&years);
    auto q = with_identifiers_normalized(r.q);
    if (!q) return q.status();
    Xapian::Query query = q->find_first_not_of(" \t") == std::string::npos
                              ? Xapian::Query::MatchAll
                              : qp.parse_query(*q, parser_flags(*q));
    query = with_exact_name_first(query, *q);
    if (!r.type.empty())
      query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query("XT" + r.type));

    Xapian::Enquire enquire(*db);
    enquire.set_query(query);
    if (r.sort == "year")
      enquire.set_sort_by_value_then_relevance(kYear, false);
    else if (r.sort == "-year")
      enquire.set_sort_by_value_then_relevance(kYear, true);
    else if (r.sort == "updated")
      enquire.set_sort_by_value_then_relevance(kUpdated, true);
    else if (r.sort != "relevance")
      return invalid("sort must be relevance, year, -year or updated");
    Xapian::ValueCountMatchSpy types(kType), years_spy(kYearText);
    TagSpy tags;
    enquire.add_matchspy(&types);
    enquire.add_matchspy(&years_spy);
    enquire.add_matchspy(&tags);
    // Facet counts are exact while every match is examined; past kFacetScan matches they
    // count the best kFacetScan, and say so, to keep the slowest queries bounded.
    Xapian::doccount check = std::min<Xapian::doccount>(db->get_doccount(), kFacetScan);
    Xapian::MSet mset = enquire.get_mset((r.page - 1) * r.per_page, r.per_page, check);
    out.estimated_total = mset.get_matches_estimated();
    out.by_type = facet(types);
    out.by_year = facet(years_spy);
    out.by_tag = std::move(tags.counts);
    out.facets_exact = mset.get_matches_upper_bound() <= check;
    if (out.estimated_total == 0 && query.get_type() != Xapian::Query::LEAF_MATCH_ALL)
      out.did_you_mean = correct(*db, r.q);
    Xapian::Stem stem("english");
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      auto data = boost::json::parse(it.get_document().get_data()).as_object();
      Hit h;
      h.id = std::string(data["id"].as_string());
      h.slug = std::string(data["slug"].as_string());
      h.type = std::string(data["type"].as_string());
      h.title = std::string(data["title"].as_string());
      h.year = static_cast<int>(data["year"].to_number<int64_t>());
      h.score = it.get_weight();
      std::string summary(data["summary"].as_string());
      h.snippet =
          mset.snippet(summary.empty() ? h.title : summary, 240, stem,
                       Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE,
                       "<mark>", "</mark>", "…");
      std::set<std::string> matched;
      add_fields_of(it.get_document(),
                    {enquire.get_matching_terms_begin(it), enquire.get_matching_terms_end(it)},
                    matched);
      h.matched_fields.assign(matched.begin(), matched.end());
      out.hits.push_back(std::move(h));
    }
  } catch (const Xapian::QueryParserError& e) {
    impl_->release(std::move(db));
    return invalid("cannot parse the query: " + e.get_msg());
  } catch (const Xapian::DatabaseModifiedError&) {
    return unavailable("the index changed during the search; retry");
  } catch (const Xapian::Error& e) {
    return internal("search failed: " + e.get_description());
  } catch (const std::exception& e) {
    return internal(std::string("search failed: ") + e.what());
  }
  impl_->release(std::move(db));
  return out;
}

Result<std::vector<std::string>> SearchIndex::hit_ids(SearchRequest r, size_t max) const {
  r.per_page = 100;
  std::vector<std::string> ids;
  for (r.page = 1; ids.size() < max; ++r.page) {
    auto results = search(r);
    if (!results) return results.status();
    for (const auto& h : results->hits)
      if (ids.size() < max) ids.push_back(h.id);
    if (results->hits.size() < r.per_page) break;
  }
  return ids;
}

Result<std::vector<Suggestion>> SearchIndex::suggest(const std::string& prefix,
                                                     size_t limit) const {
  if (prefix.find_first_not_of(" \t") == std::string::npos) return invalid("q must not be empty");
  if (impl_->indexed.load() < impl_->rebuild_until)
    return Status(Code::unavailable,
                  "the search index is being rebuilt from the store; retry shortly")
        .with_retry_after(2);
  if (prefix.size() > 200) return invalid("q is longer than 200 bytes");
  if (limit < 1 || limit > 50) return invalid("limit must be between 1 and 50");
  std::vector<Suggestion> out;
  std::unique_ptr<Xapian::Database> db;
  try {
    db = impl_->acquire();
    Xapian::QueryParser qp;
    configure(qp, *db);
    // Every word must match the title; the last may be a prefix. No boolean syntax here.
    Xapian::Query query = qp.parse_query(prefix, Xapian::QueryParser::FLAG_PARTIAL, "S");
    Xapian::Enquire enquire(*db);
    enquire.set_query(query);
    enquire.set_sort_by_value_then_relevance(kDegree, true);  // most-linked first
    Xapian::MSet mset = enquire.get_mset(0, limit);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      auto data = boost::json::parse(it.get_document().get_data()).as_object();
      Suggestion s;
      s.id = std::string(data["id"].as_string());
      s.slug = std::string(data["slug"].as_string());
      s.type = std::string(data["type"].as_string());
      s.title = std::string(data["title"].as_string());
      s.degree =
          static_cast<int>(Xapian::sortable_unserialise(it.get_document().get_value(kDegree)));
      out.push_back(std::move(s));
    }
  } catch (const Xapian::QueryParserError& e) {
    return invalid("cannot parse the query: " + e.get_msg());
  } catch (const Xapian::Error& e) {
    return unavailable("suggestions failed: " + e.get_description());
  } catch (const std::exception& e) {
    return internal(std::string("suggestions failed: ") + e.what());
  }
  impl_->release(std::move(db));
  return out;
}

}  // namespace resgraph::search
