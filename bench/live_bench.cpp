// Live benchmark (issue 6): 1,000 WebSocket subscribers on loopback, 200 edits; delivery latency
// from the write request to each receipt (p50/p99) and messages delivered per second, for
// resgraph's /api/live and, in the same run, for a Node.js `ws` broadcast server doing the same
// fan-out (bench/node_peer). Prints one Markdown row per server.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "graph/store.h"
#include "search/search_index.h"
#include "server/http_client.h"
#include "server/server.h"

namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using namespace resgraph;

namespace {

struct Run {
  std::vector<Clock::time_point> sent;
  std::vector<double> latencies_ms;
  std::mutex mu;
  std::atomic<size_t> ready{0}, received{0}, out_of_order{0};
  uint64_t base = 0;  // resgraph: change seq of edit i is base + i + 1
  bool resgraph = true;
  Clock::time_point last_receipt;

  void received_at(Clock::time_point at, size_t i) {
    double ms = std::chrono::duration<double, std::milli>(at - sent[i]).count();
    std::lock_guard lock(mu);
    latencies_ms.push_back(ms);
    last_receipt = at;
  }
};

class Subscriber : public std::enable_shared_from_this<Subscriber> {
 public:
  Subscriber(net::io_context& ioc, Run& run) : ws_(ioc), run_(run) {}
  void start(uint16_t port, const std::string& target) {
    auto& sock = beast::get_lowest_layer(ws_);
    sock.socket().open(tcp::v4());
    sock.async_connect(
        tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
        [self = shared_from_this(), port, target](beast::error_code ec) {
          if (ec) return;
          self->ws_.async_handshake(
              "127.0.0.1:" + std::to_string(port), target, [self](beast::error_code ec2) {
                if (ec2) return;
                if (self->run_.resgraph)
                  self->ws_.write(net::buffer(std::string(R"({"type":"subscribe"})")), ec2);
                else
                  ++self->run_.ready;
                self->read();
              });
        });
  }

 private:
  void read() {
    ws_.async_read(buf_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return;
      auto now = Clock::now();
      std::string_view msg(static_cast<const char*>(self->buf_.data().data()), self->buf_.size());
      if (msg.find("\"caught_up\"") != std::string_view::npos) ++self->run_.ready;
      if (auto p = msg.find("\"seq\":");
          p != std::string_view::npos &&
          msg.find("\"type\":\"change\"") != std::string_view::npos) {
        uint64_t seq = std::strtoull(msg.data() + p + 6, nullptr, 10);
        if (self->seen_any_ && seq <= self->last_seq_) ++self->run_.out_of_order;
        self->last_seq_ = seq;
        self->seen_any_ = true;
        size_t i = self->run_.resgraph ? seq - self->run_.base - 1 : seq;
        if (i < self->run_.sent.size()) self->run_.received_at(now, i);
        ++self->run_.received;
      }
      self->buf_.consume(self->buf_.size());
      self->read();
    });
  }
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buf_;
  Run& run_;
  uint64_t last_seq_ = 0;
  bool seen_any_ = false;
};

double pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, size_t(p * v.size()))];
}

// Connects n subscribers, then makes `edits` writes with `write(i)`, and reports.
void measure(const std::string& name, uint16_t port, const std::string& target, size_t n,
             size_t edits, Run& run, int pace_ms, const std::function<void(size_t)>& write) {
  net::io_context ioc;
  std::vector<std::shared_ptr<Subscriber>> subs;
  for (size_t i = 0; i < n; ++i) {
    subs.push_back(std::make_shared<Subscriber>(ioc, run));
    subs.back()->start(port, target);
  }
  std::thread client([&] { ioc.run(); });
  for (int i = 0; i < 600 && run.ready < n; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  size_t connected = run.ready;
  run.sent.assign(edits, Clock::time_point{});
  auto first = Clock::now();
  // Edits at a steady 100 per second, the same pace for both servers: latency under a load
  // each can carry, not the length of a queue built by an unpaced burst.
  for (size_t i = 0; i < edits; ++i) {
    std::this_thread::sleep_until(first + std::chrono::milliseconds(pace_ms * static_cast<int>(i)));
    run.sent[i] = Clock::now();
    write(i);
  }
  size_t expected = connected * edits;
  for (int i = 0; i < 600 && run.received < expected; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  double seconds = std::chrono::duration<double>(run.last_receipt - first).count();
  if (run.out_of_order)
    std::fprintf(stderr, "%s: %zu messages repeated or out of order\n", name.c_str(),
                 size_t(run.out_of_order.load()));
  std::printf("| %s | %zu | %zu/%zu | %.2f | %.2f | %.0f |\n", name.c_str(), connected,
              size_t(run.received.load()), expected, pct(run.latencies_ms, 0.5),
              pct(run.latencies_ms, 0.99), run.received / std::max(seconds, 1e-9));
  ioc.stop();
  client.join();
}

// A resgraph server over a fresh store in `root`, with a contributor token, for `n` subscribers;
// edit(i) makes edit i through REST, as a client would.
struct LiveServer {
  LiveServer(const std::filesystem::path& root, size_t n) {
    std::filesystem::remove_all(root);
    store = std::move(*Store::open({(root / "store").string()}));
    index = std::move(*search::SearchIndex::open((root / "index").string(), *store));
    token = *store->add_user("bench", Role::contributor);
    server::ServerOptions so;  // the default queue bound and stall timeout
    so.rate_limits = server::RateLimitOptions::off();
    so.port = 0;
    so.threads = 2;
    so.max_live_clients = n + 100;
    srv = std::make_unique<server::Server>(so, *store, *index);
    started = srv->start().is_ok();
  }
  void edit(size_t i) const {
    (void)server::http_request("127.0.0.1", srv->port(), "POST", "/api/nodes",
                               R"({"type":"concept","title":"Live edit )" + std::to_string(i) +
                                   R"(","summary":"A change every subscriber sees."})",
                               {{"Authorization", "Bearer " + token}});
  }
  std::unique_ptr<Store> store;
  std::unique_ptr<search::SearchIndex> index;
  std::string token;
  std::unique_ptr<server::Server> srv;
  bool started = false;
};

double metric(const std::string& text, const std::string& name) {
  auto at = text.find("\n" + name + " ");
  return at == std::string::npos ? -1 : std::stod(text.substr(at + name.size() + 2));
}

// Issue 8: one client stops reading while edits arrive at 1,000/s; the others' latency, when
// the server closes the stalled one, and the most the server held queued meanwhile.
void slow_client_run(const std::filesystem::path& root, size_t n, size_t edits) {
  LiveServer live(root, n);
  if (!live.started) return;
  uint16_t port = live.srv->port();

  // The stalled client: a 4 KiB receive buffer, subscribes, then never reads again.
  net::io_context sioc;
  websocket::stream<beast::tcp_stream> stalled(sioc);
  beast::error_code ec;
  beast::get_lowest_layer(stalled).socket().open(tcp::v4());
  beast::get_lowest_layer(stalled).socket().set_option(net::socket_base::receive_buffer_size(4096));
  beast::get_lowest_layer(stalled).connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
                                           ec);
  if (!ec) stalled.handshake("127.0.0.1:" + std::to_string(port), "/api/live", ec);
  if (!ec) stalled.write(net::buffer(std::string(R"({"type":"subscribe"})")), ec);
  if (ec) return;

  std::atomic<bool> done{false};
  double most_queued = 0, closed_after = -1;
  auto start = Clock::now();
  std::thread watcher([&] {
    while (!done) {
      auto m = server::http_request("127.0.0.1", port, "GET", "/metrics");
      if (m.is_ok()) {
        most_queued = std::max(most_queued, metric(m->body, "resgraph_live_queued_bytes"));
        if (closed_after < 0 && metric(m->body, "resgraph_live_slow_closed_total") >= 1 &&
            metric(m->body, "resgraph_live_clients") == double(n))
          closed_after = std::chrono::duration<double>(Clock::now() - start).count();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  Run run;
  run.base = live.store->last_seq();
  std::printf(
      "### Live: one client stops reading during 1,000 edits/s (%zu readers, %zu edits)\n\n", n,
      edits);
  std::printf(
      "| server | readers | messages received | p50 ms | p99 ms | messages/s |\n| --- | --- | --- "
      "| --- | --- | --- |\n");
  measure("resgraph /api/live, 1 ms pace", port, "/api/live", n, edits, run, 1,
          [&](size_t i) { live.edit(i); });
  done = true;
  watcher.join();
  std::printf(
      "\nThe client that stopped reading was closed %.1f s after the burst began (socket gone); "
      "the most the server held queued for all live clients at once was %.0f KiB (bound: 1 MiB per "
      "client).\n\n",
      closed_after, most_queued / 1024);
}

}  // namespace

int main(int argc, char** argv) {
  size_t n = argc > 1 ? std::stoul(argv[1]) : 1000;
  size_t edits = argc > 2 ? std::stoul(argv[2]) : 200;
  int peer_port = argc > 3 ? std::atoi(argv[3]) : 0;
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  lim.rlim_cur = lim.rlim_max;
  setrlimit(RLIMIT_NOFILE, &lim);

  std::printf("### Live fan-out (%zu subscribers, %zu edits, loopback)\n\n", n, edits);
  std::printf(
      "| server | subscribers | messages received | p50 ms | p99 ms | messages/s |\n| --- | --- | "
      "--- | --- | --- | --- |\n");
  auto root =
      std::filesystem::temp_directory_path() / ("resgraph-live-" + std::to_string(getpid()));
  // Paced at 100 edits/s (latency under a load both carry), then an unpaced burst (throughput).
  for (int pace : {10, 0}) {
    std::string mode = pace ? " paced 100/s" : " burst";
    {
      LiveServer live(root, n);
      if (!live.started) return 1;
      Run run;
      run.base = live.store->last_seq();
      measure("resgraph /api/live" + mode, live.srv->port(), "/api/live", n, edits, run, pace,
              [&](size_t i) { live.edit(i); });
    }
    if (peer_port) {
      Run run;
      run.resgraph = false;
      std::string padding(520, 'x');  // the size of resgraph's change messages
      measure("Node.js ws" + mode, uint16_t(peer_port), "/", n, edits, run, pace, [&](size_t i) {
        (void)server::http_request(
            "127.0.0.1", uint16_t(peer_port), "POST", "/publish",
            R"({"type":"change","seq":)" + std::to_string(i) + R"(,"data":")" + padding + "\"}");
      });
    }
  }
  std::printf(
      "\nLatency runs from the moment the write request is sent to each subscriber's receipt, so "
      "resgraph's figures include the synced write itself. Paced runs bound messages/s at "
      "subscribers x 100/s; the burst sends edits as fast as each server acknowledges them (Node "
      "answers its publish only after fanning out, resgraph acknowledges the write and fans out "
      "behind it, so its burst latency is queueing).\n\n");
  slow_client_run(
      root, getenv("SLOW_READERS") ? std::stoul(getenv("SLOW_READERS")) : std::min<size_t>(n, 50),
      8000);
  std::filesystem::remove_all(root);
  return 0;
}
