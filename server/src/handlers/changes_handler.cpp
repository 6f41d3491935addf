#include <charconv>

#include "graph/store.h"
#include "handlers.h"

namespace resgraph::server {
namespace json = boost::json;

namespace {

// How much of the log one filtered request reads at most: a filter that matches rarely answers
// a short page and a next_since to go on from, never a scan of the whole log.
constexpr uint64_t kMaxScanned = 20000;

bool kind_matches(const std::string& kind, const std::string& wanted) {
  return wanted.empty() || kind == wanted ||
         (kind.size() > wanted.size() && kind.starts_with(wanted) && kind[wanted.size()] == '.');
}

}  // namespace

// GET /api/changes?since=SEQ&limit=N[&user=NAME][&kind=K]: the change log after SEQ, oldest
// first.
Response list_changes(const Request& r, Services& s) {
  const uint64_t since = integer_arg(r, "since");
  const auto limit = static_cast<size_t>(integer_arg(r, "limit"));
  const std::string user = text_arg(r, "user"), kind = text_arg(r, "kind");
  const bool filtered = !user.empty() || !kind.empty();
  json::array out;
  uint64_t next = since;
  while (out.size() < limit && next - since < kMaxScanned) {
    auto entries = s.store.changes_since(next, filtered ? 1000 : limit);
    if (!entries) return problem(entries.status());
    if (entries->empty()) break;
    for (const auto& e : *entries) {
      next = e.seq;
      const bool may_read = !moderators_only(e) || r.user.role >= Role::moderator;
      if (may_read && (user.empty() || e.author == user) && kind_matches(e.kind, kind))
        out.push_back(to_json(e));
      if (out.size() == limit) break;
    }
  }
  return json_response(200, json::object{{"changes", std::move(out)},
                                         {"next_since", next},
                                         {"last_seq", s.store.last_seq()}});
}

}  // namespace resgraph::server
