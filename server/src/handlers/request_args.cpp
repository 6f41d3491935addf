#include <charconv>

#include "../router.h"
#include "handlers.h"

namespace resgraph::server {

std::optional<std::string> Request::query_param(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name) return v;
  return std::nullopt;
}

std::optional<std::string> Request::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return std::nullopt;
}

namespace {
template <typename T>
bool parse_number(std::string_view s, T& out) {
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}
}  // namespace

Result<uint64_t> positive_number(std::string_view s, const std::string& what) {
  uint64_t n = 0;
  if (!parse_number(s, n) || n == 0) return invalid(what + ", not '" + std::string(s) + "'");
  return n;
}

uint64_t integer_arg(const Request& r, std::string_view name) {
  uint64_t n = 0;
  if (auto v = r.query_param(name)) parse_number(*v, n);
  return n;
}

bool flag_arg(const Request& r, std::string_view name) {
  auto v = r.query_param(name);
  return v && (*v == "1" || *v == "true");
}

std::string text_arg(const Request& r, std::string_view name) {
  return r.query_param(name).value_or("");
}

std::vector<std::string> list_arg(const Request& r, std::string_view name) {
  return comma_list(text_arg(r, name));
}

Result<std::optional<int64_t>> if_match(const Request& r) {
  auto v = r.header("if-match");
  if (!v) return std::optional<int64_t>();
  std::string_view s = *v;
  if (s.starts_with("W/")) s.remove_prefix(2);
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  int64_t rev = 0;
  if (!parse_number(s, rev) || rev < 1)
    return invalid("If-Match must be a revision ETag such as \"3\"");
  return std::optional<int64_t>(rev);
}

WriteMeta write_meta(const Request& r) {
  // The comment travels in a header so that write bodies stay exactly the resource.
  // Only admin (loopback CLI) requests write without a user.
  return {r.user.name.empty() ? "admin" : r.user.name, r.header("x-comment").value_or("")};
}

Response with_etag(Response r, int64_t rev) {
  r.headers.emplace_back("ETag", "\"" + std::to_string(rev) + "\"");
  return r;
}

}  // namespace resgraph::server
