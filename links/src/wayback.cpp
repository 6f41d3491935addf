// The Wayback Machine's availability API, as archive.org documents it:
// {"archived_snapshots": {"closest": {"available": true, "url": "...", "timestamp": "...",
// "status": "200"}}}, and an empty "archived_snapshots" when it holds no copy.
#include "wayback.h"

#include <boost/json/parse.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include "fetch/http_get.h"

namespace resgraph::links {

Result<std::optional<std::string>> archived_copy(const std::string& base, const std::string& url,
                                                 long timeout_ms) {
  fetch::GetRequest req;
  req.url =
      base + "/wayback/available?url=" + boost::urls::encode(url, boost::urls::unreserved_chars);
  req.timeout_ms = timeout_ms;
  req.max_bytes = 64 << 10;
  req.accept = "application/json";
  auto r = fetch::get(req);
  if (!r) return r.status();
  if (r->status != 200)
    return upstream("the Wayback Machine answered " + std::to_string(r->status));
  boost::system::error_code ec;
  auto doc = boost::json::parse(r->body, ec);
  if (ec || !doc.is_object()) return upstream("the Wayback Machine's answer is not JSON");
  const auto* snaps = doc.get_object().if_contains("archived_snapshots");
  const auto* closest =
      snaps && snaps->is_object() ? snaps->get_object().if_contains("closest") : nullptr;
  if (!closest || !closest->is_object()) return std::optional<std::string>();
  const auto& c = closest->get_object();
  const auto* available = c.if_contains("available");
  const auto* at = c.if_contains("url");
  if (!available || !available->is_bool() || !available->get_bool() || !at || !at->is_string())
    return std::optional<std::string>();
  return std::optional<std::string>(std::string(at->get_string()));
}

}  // namespace resgraph::links
