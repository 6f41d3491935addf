#include "graph/change_query.h"
#include "graph/store.h"
#include "handlers.h"

namespace resgraph::server {
namespace json = boost::json;

// GET /api/changes?since=SEQ&limit=N[&user=NAME][&kind=K][&new_contributors=1][&unpatrolled=1]:
// the change log after SEQ, oldest first; each edit says whether it has been patrolled.
Response list_changes(const Request& r, Services& s) {
  ChangeQuery q;
  q.since = integer_arg(r, "since");
  q.limit = static_cast<size_t>(integer_arg(r, "limit"));
  q.user = text_arg(r, "user");
  q.kind = text_arg(r, "kind");
  q.new_contributors = flag_arg(r, "new_contributors");
  q.unpatrolled = flag_arg(r, "unpatrolled");
  q.moderator = r.user.role >= Role::moderator;
  auto page = query_changes(s.store, q);
  if (!page) return problem(page.status());
  json::array out;
  for (const auto& c : page->changes) {
    json::object o = to_json(c.entry);
    if (c.patrolled) o["patrolled"] = *c.patrolled;
    out.push_back(std::move(o));
  }
  return json_response(200, json::object{{"changes", std::move(out)},
                                         {"next_since", page->next_since},
                                         {"last_seq", s.store.last_seq()}});
}

}  // namespace resgraph::server
