#include "problem.h"

#include <boost/json/serialize.hpp>

#include "services.h"

namespace resgraph::server {
namespace json = boost::json;

const std::vector<ProblemType>& problem_types() {
  static const std::vector<ProblemType> types = {
      {Code::invalid, 400, "Bad Request",
       "The request is malformed or a value is wrong (a field, a parameter, a header, text that is "
       "not UTF-8); "
       "`detail` names it. Fix the request; sending it again unchanged fails again."},
      {Code::unauthorized, 401, "Unauthorized",
       "No credentials, or a token that is not valid, expired or revoked. Sign in or send "
       "`Authorization: Bearer TOKEN`."},
      {Code::forbidden, 403, "Forbidden",
       "The credentials are valid but the role or ownership does not allow this (a trail is its "
       "owner's or a "
       "moderator's to change; admin endpoints take the local admin token from loopback)."},
      {Code::not_found, 404, "Not Found", "No such node, edge, trail, revision or endpoint."},
      {Code::method_not_allowed, 405, "Method Not Allowed",
       "The path exists; the `Allow` header lists its methods."},
      {Code::conflict, 409, "Conflict",
       "A stale `If-Match` (the body's `current` is the record as it is now: merge and retry with "
       "its revision), "
       "or a duplicate URL, title or slug (the body's `existing` is the record that holds it)."},
      {Code::too_large, 413, "Content Too Large", "The body is over the limit `detail` names."},
      {Code::headers_too_large, 431, "Request Header Fields Too Large",
       "The request head is over 16 KiB."},
      {Code::internal, 500, "Internal Server Error",
       "A bug or a damaged record; it is logged and counted in `/metrics`. Nothing was changed "
       "unless a retry "
       "says so."},
      {Code::unavailable, 503, "Service Unavailable",
       "The server cannot do this right now (disk full, the search index rebuilding, the blocking "
       "pool busy); "
       "retry after the `Retry-After` header's seconds. Reads usually still work."},
      {Code::rate_limited, 429, "Too Many Requests",
       "Too many writes, imports, sign-in attempts or invitations from this account or address "
       "in a short time; retry after the `Retry-After` header's seconds. Failed sign-ins count "
       "double against the name tried."},
      {Code::upstream, 502, "Bad Gateway",
       "A source the server fetched for the request (a list's URL) did not answer in time, "
       "answered with an error or sent more than the limit; `detail` says which. Nothing was "
       "imported from it."},
  };
  return types;
}

namespace {

const ProblemType& type_of(Code code) {
  for (const auto& t : problem_types())
    if (t.code == code) return t;
  return problem_types()[8];  // internal
}

}  // namespace

Response json_response(unsigned status, const json::value& body) {
  Response r;
  r.status = status;
  r.body = json::serialize(body);
  return r;
}

Response problem(const Status& s, const Services* services) {
  const ProblemType& type = type_of(s.code());
  json::object body{{"type", std::string("/docs/problems#") + code_name(type.code)},
                    {"title", type.title},
                    {"status", type.status},
                    {"detail", s.message()}};
  const StatusDetail& d = s.detail();
  // A conflict carries the record it is about, so the client can merge without another request.
  if (services && s.code() == Code::conflict) {
    for (auto [field, id] : {std::pair{"current", &d.current}, {"existing", &d.existing}}) {
      if (id->empty()) continue;
      if (auto node = services->store.get_node(*id))
        body[field] = to_json(*node);
      else if (auto edge = services->store.get_edge(*id))
        body[field] = to_json(*edge);
      else if (auto trail = services->store.get_trail(*id))
        body[field] = to_json(*trail);
    }
  }
  Response r;
  r.status = type.status;
  r.content_type = "application/problem+json";
  r.body = json::serialize(body);
  if (s.code() == Code::unavailable || s.code() == Code::rate_limited)
    r.headers.emplace_back("Retry-After", std::to_string(d.retry_after_s ? d.retry_after_s : 5));
  if (s.code() == Code::unauthorized)
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"resgraph\"");
  return r;
}

}  // namespace resgraph::server
