#include "wire_request.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <cctype>

namespace resgraph::server {

bool to_request(WireRequest& msg, const std::string& remote, Request& out) {
  out.method = std::string(msg.method_string());
  out.remote = remote;
  auto target = boost::urls::parse_origin_form(msg.target());
  if (!target) return false;
  out.path = target->path();
  for (auto p : target->params()) out.query.emplace_back(p.key, p.value);
  for (const auto& field : msg) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  out.body = std::move(msg.body());
  return true;
}

}  // namespace resgraph::server
