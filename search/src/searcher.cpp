// The query side: Xapian's QueryParser configured from the field table, with snippets,
// matched fields, facets and spelling correction.
#include <boost/json/parse.hpp>
#include <map>
#include <set>
#include <sstream>

#include "impl.h"
#include "search/fields.h"

namespace resgraph::search {
namespace {

// Counts each tag of a document; tags are stored newline-separated in one value slot.
class TagSpy : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double) override {
    std::string tags = doc.get_value(kTags);
    std::istringstream in(tags);
    for (std::string t; std::getline(in, t);)
      if (!t.empty()) ++counts[t];
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
    if (*t < want->first) t.skip_to(want->first);
    else if (want->first < *t) ++want;
    else {
      out.insert(want->second);
      ++want;
      ++t;
    }
  }
}

void configure(Xapian::QueryParser& qp, const Xapian::Database& db) {
  qp.set_database(db);
  qp.set_stemmer(Xapian::Stem("english"));
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
  qp.set_default_op(Xapian::Query::OP_AND);
  for (const auto& f : fields()) {
    if (f.name == "id") continue;
    if (f.boolean) qp.add_boolean_prefix(std::string(f.name), std::string(f.prefix));
    else qp.add_prefix(std::string(f.name), std::string(f.prefix));
  }
}

constexpr unsigned kFlags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PARTIAL |
                            Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE;

}  // namespace

Result<SearchResults> SearchIndex::search(const SearchRequest& r) const {
  if (r.q.size() > 1000) return invalid("the query is longer than 1000 bytes");
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
    Xapian::Query query = r.q.find_first_not_of(" \t") == std::string::npos
                              ? Xapian::Query::MatchAll
                              : qp.parse_query(r.q, kFlags);
    if (!r.type.empty())
      query = Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query("XT" + r.type));

    Xapian::Enquire enquire(*db);
    enquire.set_query(query);
    if (r.sort == "year") enquire.set_sort_by_value_then_relevance(kYear, false);
    else if (r.sort == "-year") enquire.set_sort_by_value_then_relevance(kYear, true);
    else if (r.sort == "updated") enquire.set_sort_by_value_then_relevance(kUpdated, true);
    else if (r.sort != "relevance") return invalid("sort must be relevance, year, -year or updated");
    Xapian::ValueCountMatchSpy types(kType), years_spy(kYearText);
    TagSpy tags;
    enquire.add_matchspy(&types);
    enquire.add_matchspy(&years_spy);
    enquire.add_matchspy(&tags);
    // Checking every match makes the facet counts exact rather than estimates.
    Xapian::MSet mset = enquire.get_mset((r.page - 1) * r.per_page, r.per_page, db->get_doccount());
    out.estimated_total = mset.get_matches_estimated();
    out.by_type = facet(types);
    out.by_year = facet(years_spy);
    out.by_tag = std::move(tags.counts);
    if (out.estimated_total == 0 && query.get_type() != Xapian::Query::LEAF_MATCH_ALL) {
      // Spelling lookups cost more than the search itself; offer a correction only when the
      // query found nothing. Xapian corrects whole words only, so the partial last word is reparsed.
      Xapian::QueryParser whole;
      configure(whole, *db);
      whole.parse_query(r.q, (kFlags & ~Xapian::QueryParser::FLAG_PARTIAL) |
                                 Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
      out.did_you_mean = whole.get_corrected_query_string();
    }
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
      h.snippet = mset.snippet(summary.empty() ? h.title : summary, 240, stem,
                               Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE,
                               "<mark>", "</mark>", "…");
      std::set<std::string> matched;
      add_fields_of(it.get_document(),
                    {enquire.get_matching_terms_begin(it), enquire.get_matching_terms_end(it)}, matched);
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
  }
  impl_->release(std::move(db));
  return out;
}

Result<std::vector<Suggestion>> SearchIndex::suggest(const std::string& prefix, size_t limit) const {
  if (prefix.find_first_not_of(" \t") == std::string::npos) return invalid("q must not be empty");
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
      s.degree = static_cast<int>(Xapian::sortable_unserialise(it.get_document().get_value(kDegree)));
      out.push_back(std::move(s));
    }
  } catch (const Xapian::QueryParserError& e) {
    return invalid("cannot parse the query: " + e.get_msg());
  } catch (const Xapian::Error& e) {
    return unavailable("suggestions failed: " + e.get_description());
  }
  impl_->release(std::move(db));
  return out;
}

}  // namespace resgraph::search
