#include "rate_limits.h"

#include <algorithm>
#include <cmath>

namespace resgraph::server {
namespace {

using Clock = std::chrono::steady_clock;

// A bucket never holds more than a burst; past this many buckets, full ones are dropped (a full
// bucket is what a new one starts as, so forgetting it changes nothing).
constexpr size_t kMaxBuckets = 100000;

const RateLimitOptions::Rule& rule_of(const RateLimitOptions& o, Limited kind) {
  switch (kind) {
    case Limited::write:
      return o.writes;
    case Limited::import:
      return o.imports;
    case Limited::sign_in:
      return o.sign_ins;
    case Limited::invitation:
      return o.invitations;
  }
  return o.writes;
}

const char* noun(Limited kind) {
  switch (kind) {
    case Limited::write:
      return "writes";
    case Limited::import:
      return "imports";
    case Limited::sign_in:
      return "sign-in attempts";
    case Limited::invitation:
      return "invitations";
  }
  return "requests";
}

}  // namespace

Status RateLimits::draw(Limited kind, const std::string& who, double cost, bool consume) {
  const auto& rule = rule_of(options_, kind);
  if (rule.per_minute <= 0) return Status::ok();  // off
  const double per_s = rule.per_minute / 60.0;
  const double burst = std::max<double>(rule.burst, cost);
  const auto now = Clock::now();
  std::lock_guard lock(mu_);
  if (buckets_.size() > kMaxBuckets) forget_full_buckets(now);
  auto [it, fresh] = buckets_.try_emplace(std::string(noun(kind)) + "|" + who, Bucket{burst, now});
  Bucket& b = it->second;
  if (!fresh) {
    b.tokens =
        std::min(burst, b.tokens + per_s * std::chrono::duration<double>(now - b.at).count());
    b.at = now;
  }
  if (b.tokens >= cost) {
    if (consume) b.tokens -= cost;
    return Status::ok();
  }
  if (consume) b.tokens = 0;  // a draw past what is there empties the bucket
  const auto wait = static_cast<unsigned>(std::ceil((cost - b.tokens) / per_s));
  return rate_limited("too many " + std::string(noun(kind)) + ": " +
                          std::to_string(rule.per_minute) + " a minute are allowed; retry in " +
                          std::to_string(wait) + " s",
                      std::max(1u, wait));
}

void RateLimits::forget_full_buckets(Clock::time_point now) {
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    // Idle long enough to have refilled whatever its kind's rule is: a day is more than any.
    if (now - it->second.at > std::chrono::hours(24))
      it = buckets_.erase(it);
    else
      ++it;
  }
}

std::string client_address(const std::string& peer, const std::string* forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
  auto trusted = [&](std::string_view a) {
    return std::find(trusted_proxies.begin(), trusted_proxies.end(), a) != trusted_proxies.end();
  };
  if (!forwarded_for || !trusted(peer)) return peer;
  // Right to left: each proxy appends the address it saw; the first untrusted one is the client.
  std::string_view list = *forwarded_for;
  while (!list.empty()) {
    const size_t comma = list.rfind(',');
    std::string_view item = comma == std::string_view::npos ? list : list.substr(comma + 1);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty()) continue;
    if (!trusted(item)) return std::string(item);
  }
  return peer;
}

}  // namespace resgraph::server
