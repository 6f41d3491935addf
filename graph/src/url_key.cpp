#include "graph/url_key.h"

#include <algorithm>
#include <array>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>
#include <cctype>
#include <utility>
#include <vector>

#include "graph/text.h"

namespace resgraph {
namespace {

// Parameters that only track where a click came from; they never change the resource.
bool is_tracking_param(std::string_view key) {
  static constexpr std::array<std::string_view, 10> exact = {
      "fbclid", "gclid",  "dclid",   "msclkid", "mc_cid",
      "mc_eid", "igshid", "ref_src", "_hsenc",  "_hsmi"};
  if (key.starts_with("utm_")) return true;
  return std::find(exact.begin(), exact.end(), key) != exact.end();
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Result<std::string> url_key(std::string_view text) {
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) return invalid("'" + std::string(text) + "' is not an absolute URL");
  boost::urls::url u(*parsed);
  // The fragment never names a different resource. Dropping it before normalize() also keeps
  // clear of Boost.URL 1.81, whose parameter bookkeeping is wrong for "?#..." (found by fuzzing).
  u.remove_fragment();
  u.normalize();
  std::string scheme = lower(u.scheme());
  if (scheme != "http" && scheme != "https")
    return invalid("URL '" + std::string(text) + "' must use http or https");
  std::string host = lower(u.encoded_host());
  if (host.empty()) return invalid("URL '" + std::string(text) + "' has no host");
  if (host.starts_with("www.")) host.erase(0, 4);
  std::string port(u.port());
  if (port == "80" || port == "443") port.clear();

  std::string path(u.encoded_path());
  while (!path.empty() && path.back() == '/') path.pop_back();

  // The query is split here rather than through url::encoded_params(): in Boost.URL 1.81 that
  // view counts a parameter too many for an empty query and reads past the buffer.
  std::vector<std::pair<std::string, std::string>> params;
  std::string_view query = u.encoded_query();
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string key(pair.substr(0, eq));
    if (is_tracking_param(lower(key))) continue;
    params.emplace_back(
        key, eq == std::string_view::npos ? std::string() : std::string(pair.substr(eq + 1)));
  }
  std::sort(params.begin(), params.end());

  std::string key = host;
  if (!port.empty()) key += ":" + port;
  key += path;
  for (size_t i = 0; i < params.size(); ++i) {
    key += (i == 0 ? '?' : '&');
    key += params[i].first;
    if (!params[i].second.empty()) key += "=" + params[i].second;
  }
  return key;
}

std::string title_key(std::string_view title) { return text::folded_words(title); }

std::string slugify(std::string_view title) {
  std::string out;
  bool dash = false;
  for (unsigned char c : title) {
    if (std::isalnum(c) && c < 0x80) {
      if (dash && !out.empty()) out.push_back('-');
      dash = false;
      out.push_back(static_cast<char>(std::tolower(c)));
    } else if (c == '\'') {
      continue;
    } else {
      dash = true;
    }
    if (out.size() >= 80) break;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "node" : out;
}

}  // namespace resgraph
