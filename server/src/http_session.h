// One HTTP connection: reads requests under a deadline and size limits, hands each to the
// router, writes the response, and keeps the connection alive while the client asks for it.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <memory>

namespace resgraph::server {

struct Services;
class ConnectionCount;

void start_http_session(boost::asio::ip::tcp::socket socket, Services& services,
                        std::shared_ptr<ConnectionCount> count);

// Counts live connections so the listener can refuse past the limit.
class ConnectionCount {
 public:
  explicit ConnectionCount(size_t max) : max_(max) {}
  bool try_acquire() {
    size_t n = live_.load();
    while (n < max_)
      if (live_.compare_exchange_weak(n, n + 1)) return true;
    return false;
  }
  void release() { --live_; }
  size_t live() const { return live_.load(); }

 private:
  size_t max_;
  std::atomic<size_t> live_{0};
};

}  // namespace resgraph::server
