// The listener and the thread pools. The connection table sheds idle connections as it fills,
// so a flood of sockets cannot starve the ones being served.
#include "server/server.h"

#include <sys/resource.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <thread>

#include "connection_table.h"
#include "http_session.h"
#include "live_hub.h"
#include "metrics.h"
#include "rate_limits.h"
#include "router.h"
#include "services.h"

namespace resgraph::server {
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// Raises the open-file limit to fit `connections` sockets beside the store's files and the
// live stream's clients; where the hard limit is lower, the table is made to fit it instead.
size_t fit_open_file_limit(size_t connections) {
  constexpr size_t kOtherFiles = 6000;  // RocksDB's files, live clients (5,000 by default), logs
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return connections;
  rlim_t wanted = connections + kOtherFiles;
  if (limit.rlim_cur < wanted) {
    limit.rlim_cur = std::min<rlim_t>(wanted, limit.rlim_max);
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur >= wanted) return connections;
  size_t fits =
      limit.rlim_cur > kOtherFiles + 64 ? limit.rlim_cur - kOtherFiles : limit.rlim_cur / 2;
  std::cerr << "resgraph: the open-file limit is " << limit.rlim_cur << "; serving at most " << fits
            << " HTTP connections instead of " << connections << "\n";
  return fits;
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, Store& s, search::SearchIndex& idx)
      : options(std::move(o)),
        metrics(metrics_slot_labels()),
        live(s, options),
        blocking(std::max(1u, options.blocking_threads)),
        blocking_queue(options.max_blocking_queue),
        limits(options.rate_limits),
        services{s, idx, metrics, options, live, blocking, blocking_queue, limits},
        table(fit_open_file_limit(options.max_connections), options.max_connections_per_client),
        acceptor(contexts.emplace_back(1)) {
    // Hint 1: each loop is run by one thread (others only post to it).
    while (contexts.size() < std::max(1u, options.threads)) contexts.emplace_back(1);
  }

  void accept() {
    auto& ioc = contexts[next_context++ % contexts.size()];
    acceptor.async_accept(ioc, [this](boost::system::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) return;
      if (!ec) {
        boost::system::error_code ignore;
        auto peer = socket.remote_endpoint(ignore);
        std::string remote = ignore ? std::string() : peer.address().to_string();
        if (table.admit(remote))
          start_http_session(std::move(socket), services, table, std::move(remote));
        else
          socket.close(ignore);
      }
      accept();
    });
  }

  ServerOptions options;
  Metrics metrics;
  LiveHub live;
  net::thread_pool blocking;
  BlockingQueue blocking_queue;
  RateLimits limits;
  Services services;
  // Before the event loops: sessions still queued in them when they are destroyed leave the
  // table from their destructors, so it must outlive them.
  ConnectionTable table;
  // One event loop per thread, as nginx has one per worker: a connection lives on one thread,
  // so its handlers need no strand and threads never hand work to each other.
  std::deque<net::io_context> contexts;
  size_t next_context = 0;
  tcp::acceptor acceptor;
  std::vector<std::thread> threads;
  std::mutex mu;
  std::condition_variable cv;
  bool stopped = false;
};

Server::Server(ServerOptions options, Store& store, search::SearchIndex& search)
    : impl_(std::make_unique<Impl>(std::move(options), store, search)) {}

Server::~Server() { stop(); }

Status Server::start() {
  boost::system::error_code ec;
  auto address = net::ip::make_address(impl_->options.bind, ec);
  if (ec) return invalid("cannot bind to '" + impl_->options.bind + "': not an IP address");
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& a = impl_->acceptor;
  a.open(endpoint.protocol(), ec);
  if (!ec) a.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(endpoint, ec);
  if (!ec) a.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    return unavailable("cannot listen on " + impl_->options.bind + ":" +
                       std::to_string(impl_->options.port) + ": " + ec.message());
  impl_->live.start();
  impl_->accept();
  for (auto& ioc : impl_->contexts)
    impl_->threads.emplace_back([this, &ioc] {
      auto work = net::make_work_guard(ioc);
      // A handler that throws ends its own connection, never the loop that serves the others.
      for (;;) {
        try {
          ioc.run();
          return;
        } catch (const std::exception& e) {
          impl_->metrics.count_fault();
          std::cerr << "resgraph: a connection failed: " << e.what() << "\n";
        }
      }
    });
  return Status::ok();
}

uint16_t Server::port() const {
  boost::system::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void Server::wait() {
  std::unique_lock lock(impl_->mu);
  impl_->cv.wait(lock, [this] { return impl_->stopped; });
}

void Server::stop() {
  {
    std::lock_guard lock(impl_->mu);
    if (impl_->stopped && impl_->threads.empty()) return;
    impl_->stopped = true;
  }
  impl_->cv.notify_all();
  impl_->live.stop();
  for (auto& ioc : impl_->contexts) ioc.stop();
  impl_->blocking.stop();
  for (auto& t : impl_->threads)
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
  impl_->threads.clear();
  impl_->blocking.join();
}

}  // namespace resgraph::server
