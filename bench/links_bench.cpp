// Link checker benchmark (issue 16): 10,000 URLs of a graph served by real HTTP servers on
// loopback addresses (127.0.x.y, one "host" each), checked by links::check_links with its
// default bounds (8 at once, 1 per host). The servers count, on their side, the connections open
// at once to each host and overall: the per-host bound holds when no host ever sees two.
// Prints Markdown.
#include <unistd.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include "graph/store.h"
#include "links/checker.h"

using namespace resgraph;
namespace asio = boost::asio;
namespace http = boost::beast::http;
using Clock = std::chrono::steady_clock;

namespace {

// Every address answers 200 to any HEAD or GET, on one port, one thread per connection.
class LoopbackHosts {
 public:
  explicit LoopbackHosts(size_t hosts) {
    for (size_t k = 0; k < hosts; ++k) {
      const std::string addr =
          "127.0." + std::to_string(k / 250) + "." + std::to_string(k % 250 + 1);
      auto a = std::make_unique<asio::ip::tcp::acceptor>(io_);
      boost::system::error_code ec;
      asio::ip::tcp::endpoint at(asio::ip::make_address(addr), port_);
      a->open(at.protocol(), ec);
      if (!ec) a->set_option(asio::socket_base::reuse_address(true), ec);
      if (!ec) a->bind(at, ec);
      if (!ec) a->listen(asio::socket_base::max_listen_connections, ec);
      if (ec) continue;  // an address another process holds: one host fewer
      if (port_ == 0) port_ = a->local_endpoint().port();
      addresses_.push_back(addr);
      acceptors_.push_back(std::move(a));
    }
    for (auto& a : acceptors_) threads_.emplace_back([this, acc = a.get()] { accept_loop(*acc); });
  }

  ~LoopbackHosts() {
    stop_ = true;
    for (auto& a : acceptors_) {
      boost::system::error_code ec;
      asio::ip::tcp::socket wake(io_);
      wake.connect(a->local_endpoint(), ec);
    }
    for (auto& t : threads_) t.join();
    std::unique_lock lock(mu_);
    idle_.wait(lock, [&] { return open_all_ == 0; });
  }

  const std::vector<std::string>& addresses() const { return addresses_; }
  uint16_t port() const { return port_; }
  int max_per_host() const {
    std::lock_guard lock(mu_);
    int m = 0;
    for (const auto& [host, n] : max_open_) m = std::max(m, n);
    return m;
  }
  int max_overall() const {
    std::lock_guard lock(mu_);
    return max_all_;
  }
  size_t requests() const {
    std::lock_guard lock(mu_);
    return requests_;
  }

 private:
  void accept_loop(asio::ip::tcp::acceptor& acceptor) {
    while (!stop_) {
      asio::ip::tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor.accept(socket, ec);
      if (ec || stop_) continue;
      const std::string host = socket.local_endpoint(ec).address().to_string();
      opened(host);
      std::thread([this, s = std::move(socket), host]() mutable {
        serve(s);
        boost::system::error_code ignored;
        s.close(ignored);
        closed(host);
      }).detach();
    }
  }

  void serve(asio::ip::tcp::socket& socket) {
    boost::beast::flat_buffer buffer;
    for (;;) {
      http::request<http::empty_body> req;
      boost::system::error_code ec;
      http::read(socket, buffer, req, ec);
      if (ec) return;
      {
        std::lock_guard lock(mu_);
        ++requests_;
      }
      http::response<http::string_body> res{http::status::ok, req.version()};
      res.set(http::field::content_type, "text/html");
      if (req.method() != http::verb::head) res.body() = "<html>a paper</html>";
      res.keep_alive(req.keep_alive());
      res.prepare_payload();
      http::write(socket, res, ec);
      if (ec || !req.keep_alive()) return;
    }
  }

  void opened(const std::string& host) {
    std::lock_guard lock(mu_);
    max_open_[host] = std::max(max_open_[host], ++open_[host]);
    max_all_ = std::max(max_all_, ++open_all_);
  }
  void closed(const std::string& host) {
    std::lock_guard lock(mu_);
    --open_[host];
    --open_all_;
    idle_.notify_all();
  }

  // Never destroyed: a connection's thread closes its socket after it has said it is done.
  asio::io_context& io_ = *new asio::io_context;
  uint16_t port_ = 0;
  std::vector<std::string> addresses_;
  std::vector<std::unique_ptr<asio::ip::tcp::acceptor>> acceptors_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::condition_variable idle_;
  std::map<std::string, int> open_, max_open_;
  int open_all_ = 0, max_all_ = 0;
  size_t requests_ = 0;
};

struct Run {
  size_t urls, hosts, served_hosts;
  long delay_ms;
  double seconds;
  size_t checked, requests;
  int max_per_host, max_overall;
};

Run run(size_t urls, size_t hosts, long delay_ms) {
  auto dir =
      std::filesystem::temp_directory_path() / ("resgraph-links-bench-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  Run r{urls, hosts, 0, delay_ms, 0, 0, 0, 0, 0};
  {
    LoopbackHosts site(hosts);
    r.served_hosts = site.addresses().size();
    auto store = std::move(*Store::open({dir.string()}));
    for (size_t i = 0; i < urls; ++i) {
      const std::string& host = site.addresses()[i % site.addresses().size()];
      NodeFields f;
      f.type = "paper";
      f.title = "Paper " + std::to_string(i);
      f.url = "http://" + host + ":" + std::to_string(site.port()) + "/papers/" + std::to_string(i);
      (void)store->create_node(f, {"bench", ""});
    }
    links::CheckOptions o;  // the defaults: 8 at once, 1 per host
    o.per_host_delay_ms = delay_ms;
    o.timeout_ms = 5000;
    const auto t0 = Clock::now();
    auto report = links::check_links(*store, o, {"bench", ""});
    r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    r.checked = report ? report->checked : 0;
    r.requests = site.requests();
    r.max_per_host = site.max_per_host();
    r.max_overall = site.max_overall();
  }
  std::filesystem::remove_all(dir);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  const size_t urls = argc > 1 ? std::stoul(argv[1]) : 10000;
  std::printf("### Link checker: %zu URLs served on loopback, 8 at once, 1 per host\n\n", urls);
  std::printf(
      "Each host is a loopback address (127.0.x.y) with its own HTTP server; the servers count "
      "the connections open at once, per host and in all. Every check is recorded in the store "
      "(durable writes through the change log).\n\n");
  std::printf(
      "| hosts | pause per host | URLs checked | requests served | time | URLs/s | most "
      "connections to one host at once | most connections in all at once |\n");
  std::printf("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
  for (auto [hosts, delay] : {std::pair<size_t, long>{100, 0}, {1000, 1000}}) {
    Run r = run(urls, hosts, delay);
    std::printf("| %zu | %ld ms | %zu | %zu | %.1f s | %.0f | %d | %d |\n", r.served_hosts,
                r.delay_ms, r.checked, r.requests, r.seconds, r.checked / r.seconds, r.max_per_host,
                r.max_overall);
  }
  std::printf("\n");
  return 0;
}
