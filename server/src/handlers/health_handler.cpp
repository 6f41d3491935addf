#include "../live_hub.h"
#include "../problem.h"
#include "graph/store.h"
#include "handlers.h"
#include "search/search_index.h"

namespace resgraph::server {
namespace json = boost::json;

Response healthz(const Request&, Services& s) {
  Status writes = s.store.write_health();
  json::object body{{"status", writes.is_ok() ? "ok" : "degraded"},
                    {"writes", writes.is_ok() ? "ok" : writes.message()},
                    {"last_seq", s.store.last_seq()}};
  // Degraded still answers 200: the server is up and reads work; monitors read "status".
  return json_response(200, body);
}

// GET /api/me: who the bearer token or session cookie says you are; a session's CSRF token,
// which the app echoes on writes.
Response whoami(const Request& r, Services&) {
  json::object body{{"role", role_name(r.user.role)}};
  body["name"] = r.user.name.empty() ? json::value(nullptr) : json::value(r.user.name);
  if (!r.user.csrf.empty()) body["csrf"] = r.user.csrf;
  return json_response(200, body);
}

Response metrics(const Request&, Services& s) {
  Response r;
  r.content_type = "text/plain; version=0.0.4";
  r.body =
      s.metrics.render(s.store.stats(), s.store.write_health().is_ok(), s.live.stats(),
                       {s.search.skipped_nodes(), s.search.failures(), s.search.indexed_seq()});
  return r;
}

Response list_types(const Request&, Services&) {
  json::array nodes, edges;
  for (const auto& t : node_types()) nodes.push_back(json::string(t));
  for (const auto& t : edge_types()) edges.push_back(json::string(t));
  return json_response(
      200, json::object{{"node_types", std::move(nodes)}, {"edge_types", std::move(edges)}});
}

namespace {

// The problem types' meanings are the project's own text with `code` spans: escaped, then the
// spans marked up.
std::string html_of(std::string_view text) {
  std::string out;
  bool in_code = false;
  for (char c : text) {
    if (c == '`')
      out += (in_code = !in_code) ? "<code>" : "</code>";
    else if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

}  // namespace

// GET /docs/problems: the page every problem body's `type` points into, from the same table
// the answers are made from.
Response problem_docs(const Request&, Services&) {
  Response r;
  r.content_type = "text/html; charset=utf-8";
  r.body =
      "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>resgraph: problem "
      "types</title>"
      "<h1>Problem types</h1><p>Errors are <code>application/problem+json</code> (RFC 9457) with "
      "<code>type</code>, <code>title</code>, <code>status</code> and <code>detail</code>; "
      "<code>type</code> is this page and one of the anchors below.</p>";
  for (const auto& t : problem_types())
    r.body += std::string("<section id=\"") + code_name(t.code) + "\"><h2>" + code_name(t.code) +
              " (" + std::to_string(t.status) + " " + t.title + ")</h2><p>" + html_of(t.meaning) +
              "</p></section>";
  r.body += "</html>";
  return r;
}

}  // namespace resgraph::server
