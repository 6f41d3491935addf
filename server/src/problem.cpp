#include "problem.h"

#include <boost/json/serialize.hpp>

#include "services.h"

namespace resgraph::server {
namespace json = boost::json;
namespace {

const char* reason(unsigned status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Internal Server Error" : "Bad Request";
  }
}

Response make_problem(unsigned status, const std::string& code, const std::string& detail,
                      json::object extra) {
  json::object body{{"type", "/docs/problems#" + code},
                    {"title", reason(status)},
                    {"status", status},
                    {"detail", detail}};
  for (auto& [k, v] : extra) body[k] = std::move(v);
  Response r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = json::serialize(body);
  return r;
}

}  // namespace

unsigned http_status(Code code) {
  switch (code) {
    case Code::ok: return 200;
    case Code::invalid: return 400;
    case Code::not_found: return 404;
    case Code::conflict: return 409;
    case Code::unauthorized: return 401;
    case Code::forbidden: return 403;
    case Code::too_large: return 413;
    case Code::unavailable: return 503;
    case Code::internal: return 500;
  }
  return 500;
}

Response json_response(unsigned status, const json::value& body) {
  Response r;
  r.status = status;
  r.body = json::serialize(body);
  return r;
}

Response problem(unsigned status, const std::string& detail) {
  return make_problem(status, std::to_string(status), detail, {});
}

Response problem(const Status& s, const Services* services) {
  json::object extra;
  const std::string& d = s.detail();
  if (services && s.code() == Code::conflict) {
    for (const char* field : {"current", "existing"}) {
      std::string prefix = std::string(field) + ":";
      if (d.starts_with(prefix)) {
        if (auto node = services->store.get_node(d.substr(prefix.size())))
          extra[field] = to_json(*node);
        else if (auto edge = services->store.get_edge(d.substr(prefix.size())))
          extra[field] = to_json(*edge);
        else if (auto trail = services->store.get_trail(d.substr(prefix.size())))
          extra[field] = to_json(*trail);
      }
    }
  }
  Response r = make_problem(http_status(s.code()), code_name(s.code()), s.message(), std::move(extra));
  if (s.code() == Code::unavailable) r.headers.emplace_back("Retry-After", "5");
  if (s.code() == Code::unauthorized) r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"resgraph\"");
  return r;
}

}  // namespace resgraph::server
