// Rate limits on what costs the most or can be abused: writes, imports, sign-in attempts and
// invitations, each per account and per client address, as token buckets. No Beast here.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "graph/status.h"
#include "server/server.h"

namespace resgraph::server {

enum class Limited { write, import, sign_in, invitation };

class RateLimits {
 public:
  explicit RateLimits(const RateLimitOptions& options) : options_(options) {}

  // Takes `cost` tokens from the bucket of `kind` for `who` ("user:NAME", "addr:IP",
  // "name:NAME"); a rate_limited Status with the seconds until there are enough, else ok.
  Status take(Limited kind, const std::string& who, double cost = 1) {
    return draw(kind, who, cost, true);
  }
  // Whether one token is there, taking none: a sign-in checks the name's bucket before trying,
  // and only a failure draws on it.
  Status peek(Limited kind, const std::string& who) { return draw(kind, who, 1, false); }

 private:
  Status draw(Limited kind, const std::string& who, double cost, bool consume);
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point at;
  };
  void forget_full_buckets(std::chrono::steady_clock::time_point now);

  const RateLimitOptions& options_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

// The client's address: the connection's peer, or, when the peer is a trusted proxy, the last
// address in X-Forwarded-For that is not one (the one the proxy itself saw).
std::string client_address(const std::string& peer, const std::string* forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

}  // namespace resgraph::server
