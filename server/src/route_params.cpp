#include <charconv>

#include "graph/node.h"
#include "router.h"

namespace resgraph::server {
namespace {

bool parses_in_range(std::string_view s, uint64_t min, uint64_t max) {
  uint64_t n = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  return ec == std::errc() && ptr == s.data() + s.size() && n >= min && n <= max;
}

Status check_list(const Param& p, const std::string& value, bool (*known)(std::string_view),
                  const char* what) {
  for (const auto& item : comma_list(value))
    if (!known(item)) return invalid(std::string(p.name) + ": unknown " + what + " '" + item + "'");
  return Status::ok();
}

Status check_value(const Param& p, const std::string& value) {
  using K = ParamKind;
  switch (p.kind) {
    case K::text:
    case K::header:
      return Status::ok();
    case K::integer:
      if (parses_in_range(value, p.min, p.max)) return Status::ok();
      return invalid(std::string(p.name) + " must be an integer from " + std::to_string(p.min) +
                     " to " + std::to_string(p.max) + ", not '" + value + "'");
    case K::flag:
      if (value == "0" || value == "1" || value == "true" || value == "false") return Status::ok();
      return invalid(std::string(p.name) + " must be 1 or 0 (or true or false), not '" + value +
                     "'");
    case K::choice: {
      std::string known;
      for (const char* c : p.choices) {
        if (value == c) return Status::ok();
        known += (known.empty() ? "" : ", ") + std::string(c);
      }
      return invalid(std::string(p.name) + " must be one of " + known + ", not '" + value + "'");
    }
    case K::node_type:
      if (value.empty() || is_node_type(value)) return Status::ok();
      return invalid("unknown node type '" + value + "'");
    case K::edge_type:
      if (value.empty() || is_edge_type(value)) return Status::ok();
      return invalid("unknown edge type '" + value + "'");
    case K::node_types:
      return check_list(p, value, is_node_type, "node type");
    case K::edge_types:
      return check_list(p, value, is_edge_type, "edge type");
  }
  return Status::ok();
}

}  // namespace

std::vector<std::string> comma_list(std::string_view value) {
  std::vector<std::string> out;
  while (!value.empty()) {
    auto comma = value.find(',');
    std::string_view item = value.substr(0, comma);
    if (!item.empty()) out.emplace_back(item);
    value = comma == std::string_view::npos ? std::string_view() : value.substr(comma + 1);
  }
  return out;
}

Status check_params(const Route& route, Request& request) {
  for (const auto& p : route.params) {
    if (p.kind == ParamKind::header) continue;
    auto value = request.query_param(p.name);
    if (!value) {
      if (p.required)
        return invalid("the query parameter '" + std::string(p.name) + "' is required");
      if (p.fallback) request.query.emplace_back(p.name, p.fallback);
      continue;
    }
    if (auto s = check_value(p, *value); !s.is_ok()) return s;
  }
  return Status::ok();
}

}  // namespace resgraph::server
