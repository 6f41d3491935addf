#include "graph/store.h"
#include "handlers.h"
#include "importers/json_fields.h"

namespace resgraph::server {

Response create_edge(const Request& r, Services& s) {
  auto fields = importers::parse_edge_fields(r.body);
  if (!fields) return problem(fields.status());
  auto edge = s.store.create_edge(*fields, write_meta(r));
  if (!edge) return problem(edge.status(), &s);
  Response res = with_etag(json_response(201, to_json(*edge)), edge->rev);
  res.headers.emplace_back("Location", "/api/edges/" + edge->id);
  return res;
}

Response get_edge(const Request& r, Services& s) {
  auto edge = s.store.get_edge(r.params[0]);
  if (!edge) return problem(edge.status());
  return with_etag(json_response(200, to_json(*edge)), edge->rev);
}

Response delete_edge(const Request& r, Services& s) {
  auto edge = s.store.delete_edge(r.params[0], write_meta(r));
  if (!edge) return problem(edge.status(), &s);
  return json_response(200, boost::json::object{{"deleted", edge->id}});
}

Response edge_history(const Request& r, Services& s) { return history_of(r, s, r.params[0]); }

Response edge_revision(const Request& r, Services& s) { return revision_of(r, s, r.params[0]); }

// Body: {"rev": N}. An edge is never edited: a revision is the edge as made, or its removal.
Response revert_edge(const Request& r, Services& s) {
  auto rev = importers::parse_revision(r.body);
  if (!rev) return problem(rev.status());
  auto edge = s.store.revert_edge(r.params[0], *rev, write_meta(r));
  if (!edge) return problem(edge.status(), &s);
  return with_etag(json_response(200, to_json(*edge)), edge->rev);
}

}  // namespace resgraph::server
