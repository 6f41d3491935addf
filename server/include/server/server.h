// The HTTP server: a listener, sessions on a thread pool, and the route table. Sessions own
// their sockets, timeouts and size limits; all behaviour lives in handlers and modules.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "graph/store.h"

namespace resgraph::search {
class SearchIndex;
}

namespace resgraph::server {

// Token buckets, per account and per client address (0 a minute turns a kind off).
struct RateLimitOptions {
  struct Rule {
    unsigned per_minute = 0;
    unsigned burst = 0;
  };
  Rule writes{600, 120};     // node, edge, trail, token and account changes
  Rule imports{6, 3};        // a list, a dataset or a URL
  Rule sign_ins{10, 10};     // attempts per address; failures per name tried count double
  Rule invitations{30, 10};  // per moderator

  static RateLimitOptions off() { return {{0, 0}, {0, 0}, {0, 0}, {0, 0}}; }
};

struct ServerOptions {
  std::string bind = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port
  unsigned threads = 2;
  unsigned header_timeout_s = 5;  // to send a request head; also how long a kept-alive socket idles
  unsigned request_timeout_s = 30;  // to send the body, and to take the answer
  size_t max_body_bytes = 1 << 20;
  size_t max_admin_body_bytes = 256 << 20;  // the loopback admin hand-off carries whole files
  size_t max_header_bytes = 16 << 10;
  // Open HTTP connections; the open-file limit is raised to fit at start. Past 90%, those still
  // waiting for a request head are closed, oldest first.
  size_t max_connections = 10000;
  // 0: no cap per client address. Behind a reverse proxy every client has the proxy's address:
  // let the proxy limit per client.
  size_t max_connections_per_client = 0;
  unsigned blocking_threads = 2;    // search, walks, export and the change log run here
  size_t max_blocking_queue = 256;  // requests waiting for those threads; past it, 503
  std::string admin_token;          // loopback-only admin endpoints accept this token
  std::string web_dir;              // static files of the browser app; empty serves none
  // Metadata lookup (POST /api/nodes/{id}/enrich): Crossref's API, and a contact for its
  // polite pool.
  std::string crossref_url = "https://api.crossref.org";
  std::string contact;
  // Link checks: the Wayback Machine's availability API, for archived copies of dead links.
  std::string wayback_url = "https://archive.org";
  DeadLinkRule dead_links;  // how many failures, over how long, make a link dead
  // Session cookies say Secure: set when served over TLS (behind a proxy that terminates it).
  bool cookie_secure = false;
  RateLimitOptions rate_limits;
  // Proxies whose X-Forwarded-For names the client (rate limits key on it); others' is ignored.
  std::vector<std::string> trusted_proxies;

  // Live stream (/api/live).
  std::vector<std::string> allowed_origins;  // empty: same origin only; "*": any
  size_t live_queue_bytes = 1 << 20;      // bytes queued per client; past this it reads no further
  unsigned live_stall_timeout_ms = 4000;  // a write not completing this long closes the client
  unsigned live_idle_timeout_s = 60;      // no pong within this closes the client
  unsigned live_presence_ttl_ms = 30000;  // presence not refreshed this long expires
  uint64_t live_max_replay = 100000;      // further behind than this must resync from a snapshot
  int live_send_buffer =
      64 << 10;  // SO_SNDBUF for live sockets (bounds kernel memory too); 0 keeps the system's
  size_t max_live_clients = 5000;
};

class Server {
 public:
  Server(ServerOptions options, Store& store, search::SearchIndex& search);
  ~Server();
  // Binds and starts the worker threads; returns once the port accepts connections.
  Status start();
  uint16_t port() const;
  // Blocks until stop() is called from another thread or a signal handler.
  void wait();
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace resgraph::server
