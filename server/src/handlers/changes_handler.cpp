#include <charconv>

#include "graph/store.h"
#include "handlers.h"

namespace resgraph::server {
namespace json = boost::json;

// GET /api/changes?since=SEQ&limit=N: the change log after SEQ, oldest first.
Response list_changes(const Request& r, Services& s) {
  uint64_t since = integer_arg(r, "since");
  auto entries = s.store.changes_since(since, static_cast<size_t>(integer_arg(r, "limit")));
  if (!entries) return problem(entries.status());
  json::array out;
  for (const auto& e : *entries) out.push_back(to_json(e));
  uint64_t next = entries->empty() ? since : entries->back().seq;
  return json_response(200, json::object{{"changes", std::move(out)},
                                         {"next_since", next},
                                         {"last_seq", s.store.last_seq()}});
}

}  // namespace resgraph::server
