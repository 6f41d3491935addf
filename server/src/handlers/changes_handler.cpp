#include <charconv>

#include "graph/store.h"
#include "handlers.h"

namespace resgraph::server {
namespace json = boost::json;

// GET /api/changes?since=SEQ&limit=N: the change log after SEQ, oldest first.
Response list_changes(const Request& r, Services& s) {
  auto limit = limit_param(r, 100, 1000);
  if (!limit) return problem(limit.status());
  uint64_t since = 0;
  if (auto v = r.query_param("since")) {
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), since);
    if (ec != std::errc() || ptr != v->data() + v->size())
      return problem(invalid("since must be a sequence number (0 for the beginning)"));
  }
  auto entries = s.store.changes_since(since, *limit);
  if (!entries) return problem(entries.status());
  json::array out;
  for (const auto& e : *entries) out.push_back(to_json(e));
  uint64_t next = entries->empty() ? since : entries->back().seq;
  return json_response(200, json::object{{"changes", std::move(out)},
                                         {"next_since", next},
                                         {"last_seq", s.store.last_seq()}});
}

}  // namespace resgraph::server
