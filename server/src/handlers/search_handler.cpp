#include "handlers.h"

namespace resgraph::server {
namespace json = boost::json;
namespace {

json::object counts(const std::map<std::string, size_t>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

}  // namespace

Response search(const Request& r, Services& s) {
  search::SearchRequest q;
  q.q = text_arg(r, "q");
  q.type = text_arg(r, "type");
  q.sort = text_arg(r, "sort");
  q.page = static_cast<size_t>(integer_arg(r, "page"));
  q.per_page = static_cast<size_t>(integer_arg(r, "per_page"));
  auto results = s.search.search(q);
  if (!results) return problem(results.status());
  json::array hits;
  for (const auto& h : results->hits) {
    json::array fields;
    for (const auto& f : h.matched_fields) fields.push_back(json::string(f));
    hits.push_back(json::object{{"id", h.id},
                                {"slug", h.slug},
                                {"type", h.type},
                                {"title", h.title},
                                {"year", h.year ? json::value(h.year) : json::value(nullptr)},
                                {"score", h.score},
                                {"snippet", h.snippet},
                                {"matched_fields", std::move(fields)}});
  }
  json::object body{{"hits", std::move(hits)},
                    {"estimated_total", results->estimated_total},
                    {"page", q.page},
                    {"per_page", q.per_page},
                    {"facets_exact", results->facets_exact},
                    {"facets",
                     {{"type", counts(results->by_type)},
                      {"year", counts(results->by_year)},
                      {"tag", counts(results->by_tag)}}}};
  body["did_you_mean"] =
      results->did_you_mean.empty() ? json::value(nullptr) : json::value(results->did_you_mean);
  return json_response(200, body);
}

Response suggest(const Request& r, Services& s) {
  auto found = s.search.suggest(text_arg(r, "q"), static_cast<size_t>(integer_arg(r, "limit")));
  if (!found) return problem(found.status());
  json::array out;
  for (const auto& x : *found)
    out.push_back(json::object{{"id", x.id},
                               {"slug", x.slug},
                               {"type", x.type},
                               {"title", x.title},
                               {"degree", x.degree}});
  return json_response(200, json::object{{"suggestions", std::move(out)}});
}

}  // namespace resgraph::server
