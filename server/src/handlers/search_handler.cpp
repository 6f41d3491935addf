#include <charconv>

#include "handlers.h"

namespace resgraph::server {
namespace json = boost::json;
namespace {

Result<size_t> number_param(const Request& r, const char* name, size_t fallback) {
  auto v = r.query_param(name);
  if (!v) return fallback;
  size_t n = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || ptr != v->data() + v->size())
    return invalid(std::string(name) + " must be a positive integer");
  return n;
}

json::object counts(const std::map<std::string, size_t>& m) {
  json::object o;
  for (const auto& [k, v] : m) o[k] = v;
  return o;
}

}  // namespace

Response search(const Request& r, Services& s) {
  search::SearchRequest q;
  q.q = r.query_param("q").value_or("");
  q.type = r.query_param("type").value_or("");
  q.sort = r.query_param("sort").value_or("relevance");
  auto page = number_param(r, "page", 1);
  auto per_page = number_param(r, "per_page", 20);
  if (!page) return problem(page.status());
  if (!per_page) return problem(per_page.status());
  q.page = *page;
  q.per_page = *per_page;
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
  auto limit = limit_param(r, 8, 50);
  if (!limit) return problem(limit.status());
  auto found = s.search.suggest(r.query_param("q").value_or(""), *limit);
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
