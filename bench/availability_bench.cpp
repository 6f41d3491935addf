// Availability under abuse (issue 18): how long /healthz takes on a new connection while other
// clients misbehave. Quiet; 16 clients looping a heavy search; 1,100 and 5,000 idle sockets
// from one address; 1,100 slowloris sockets (a request head never finished). Prints Markdown.
// Usage: availability_bench [NODES]
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <thread>

#include "graph/store.h"
#include "search/search_index.h"
#include "server/http_client.h"
#include "server/server.h"

using namespace resgraph;
namespace net = boost::asio;
using Clock = std::chrono::steady_clock;

namespace {

struct Latency {
  double p50 = 0, p99 = 0, worst = 0;
  size_t failed = 0;
};

// One /healthz on a fresh connection, as a monitor or a new visitor makes it; -1 if refused.
double healthz_ms(uint16_t port) {
  auto t0 = Clock::now();
  auto r = server::http_request("127.0.0.1", port, "GET", "/healthz", "", {}, 10);
  if (!r || r->status != 200) return -1;
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

Latency probe(uint16_t port, int n) {
  std::vector<double> ms;
  Latency out;
  for (int i = 0; i < n; ++i) {
    double t = healthz_ms(port);
    if (t < 0)
      ++out.failed;
    else
      ms.push_back(t);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  if (ms.empty()) return out;
  std::sort(ms.begin(), ms.end());
  out.p50 = ms[ms.size() / 2];
  out.p99 = ms[std::min(ms.size() - 1, ms.size() * 99 / 100)];
  out.worst = ms.back();
  return out;
}

std::vector<std::unique_ptr<net::ip::tcp::socket>> open_sockets(net::io_context& ioc, uint16_t port,
                                                                size_t n,
                                                                const std::string& first_bytes) {
  std::vector<std::unique_ptr<net::ip::tcp::socket>> held;
  for (size_t i = 0; i < n; ++i) {
    auto s = std::make_unique<net::ip::tcp::socket>(ioc);
    boost::system::error_code ec;
    s->connect({net::ip::make_address("127.0.0.1"), port}, ec);
    if (ec) break;
    if (!first_bytes.empty()) net::write(*s, net::buffer(first_bytes), ec);
    held.push_back(std::move(s));
  }
  return held;
}

void row(const char* what, const Latency& l, const std::string& note = "") {
  std::printf("| %s | %.2f ms | %.2f ms | %.2f ms | %zu | %s |\n", what, l.p50, l.p99, l.worst,
              l.failed, note.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  size_t nodes = argc > 1 ? std::stoul(argv[1]) : 30000;
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  lim.rlim_cur = lim.rlim_max;
  setrlimit(RLIMIT_NOFILE, &lim);

  auto dir = std::filesystem::temp_directory_path() /
             ("resgraph-availability-" + std::to_string(getpid()));
  auto store = std::move(*Store::open({(dir / "store").string(), false}));
  std::mt19937 rng(7);
  const char* words[] = {"resilience", "zeal",     "zenith", "zone",       "zigzag",
                         "safety",     "zero",     "drift",  "zoom",       "automation",
                         "zest",       "incident", "zebra",  "complexity", "zap"};
  for (size_t i = 0; i < nodes; ++i) {
    NodeFields f;
    f.type = i % 5 ? "paper" : "person";
    f.title = "Work " + std::to_string(i) + " " + words[rng() % 15] + " " + words[rng() % 15];
    f.summary = std::string("On ") + words[rng() % 15] + " and " + words[rng() % 15];
    (void)store->create_node(f, {"bench", ""});
  }
  auto index = std::move(*search::SearchIndex::open((dir / "index").string(), *store));
  index->wait_until_indexed(store->last_seq(), std::chrono::minutes(5));

  server::ServerOptions options;
  options.rate_limits = server::RateLimitOptions::off();  // load, not limits, is measured
  options.port = 0;
  options.threads = 2;
  options.header_timeout_s = 5;
  server::Server srv(options, *store, *index);
  if (!srv.start().is_ok()) return 1;
  const uint16_t port = srv.port();
  const int probes = 400;

  std::printf(
      "### Availability: GET /healthz on a new connection while others misbehave (%zu nodes)\n\n",
      nodes);
  std::printf(
      "%d probes each, 5 ms apart; \"refused\" counts probes that got no answer. Defaults: 10,000 "
      "connection slots, a 5 s header deadline, 2 event-loop and 2 blocking threads.\n\n",
      probes);
  std::printf(
      "| while | p50 | p99 | worst | refused | note |\n| --- | --- | --- | --- | --- | --- |\n");
  row("quiet", probe(port, probes));

  {
    std::atomic<bool> stop{false};
    std::atomic<size_t> searches{0}, busy{0};
    std::vector<std::thread> clients;
    for (int i = 0; i < 16; ++i)
      clients.emplace_back([&] {
        while (!stop) {
          auto r = server::http_request("127.0.0.1", port, "GET", "/api/search?q=z&per_page=100",
                                        "", {}, 30);
          if (r && r->status == 200)
            ++searches;
          else if (r && r->status == 503)
            ++busy;
        }
      });
    std::this_thread::sleep_for(std::chrono::seconds(1));
    auto t0 = Clock::now();
    size_t before = searches;
    Latency l = probe(port, probes);
    double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    stop = true;
    for (auto& t : clients) t.join();
    char note[128];
    std::snprintf(note, sizeof note, "searches answered meanwhile: %.0f/s; told to retry: %zu",
                  double(searches - before) / secs, busy.load());
    row("16 clients looping /api/search?q=z&per_page=100", l, note);
  }
  for (auto [count, head, label] :
       {std::tuple{size_t(1100), "", "1,100 idle sockets from one address"},
        {size_t(5000), "", "5,000 idle sockets from one address"},
        {size_t(1100), "GET /api/nodes HTTP/1.1\r\nHost: x\r\n",
         "1,100 slowloris sockets (a head never finished)"}}) {
    net::io_context ioc;
    auto held = open_sockets(ioc, port, count, head);
    char note[64];
    std::snprintf(note, sizeof note, "%zu sockets held open", held.size());
    row(label, probe(port, probes), note);
    held.clear();
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  std::printf("\n");
  srv.stop();
  index.reset();
  store.reset();
  std::filesystem::remove_all(dir);
  return 0;
}
