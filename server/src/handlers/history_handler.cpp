#include "graph/store.h"
#include "handlers.h"
#include "importers/json_fields.h"

namespace resgraph::server {
namespace json = boost::json;

// Nodes, edges and trails keep their revisions alike: one answer for each.
Response history_of(const Request& r, Services& s, const std::string& id) {
  auto revs = s.store.history(id, static_cast<size_t>(integer_arg(r, "limit")));
  if (!revs) return problem(revs.status());
  json::array out;
  for (const auto& rev : *revs) out.push_back(to_json(rev));
  return json_response(200, json::object{{"revisions", std::move(out)}});
}

Response revision_of(const Request& r, Services& s, const std::string& id) {
  auto rev = positive_number(r.params[1], "a revision is a positive integer");
  if (!rev) return problem(rev.status());
  auto found = s.store.revision(id, static_cast<int64_t>(*rev));
  if (!found) return problem(found.status());
  return json_response(200, to_json(*found));
}

Response node_history(const Request& r, Services& s) { return history_of(r, s, r.params[0]); }

Response node_revision(const Request& r, Services& s) { return revision_of(r, s, r.params[0]); }

// Body: {"rev": N}, the revision whose content becomes current again.
Response revert_node(const Request& r, Services& s) {
  auto match = if_match(r);
  if (!match) return problem(match.status());
  auto rev = importers::parse_revision(r.body);
  if (!rev) return problem(rev.status());
  auto node = s.store.revert_node(r.params[0], *rev, *match, write_meta(r));
  if (!node) return problem(node.status(), &s);
  return with_etag(json_response(200, to_json(*node)), node->rev);
}

}  // namespace resgraph::server
