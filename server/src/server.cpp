// The listener and the thread pool. Connections past the limit are closed at once, so a flood
// of sockets cannot starve the ones being served.
#include "server/server.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <condition_variable>
#include <deque>
#include <thread>

#include "http_session.h"
#include "live_hub.h"
#include "metrics.h"
#include "router.h"
#include "services.h"

namespace resgraph::server {
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct Server::Impl {
  Impl(ServerOptions o, Store& s, search::SearchIndex& idx)
      : options(std::move(o)),
        metrics(metrics_slot_labels()),
        live(s, options),
        blocking(2),
        services{s, idx, metrics, options, live, blocking},
        acceptor(contexts.emplace_back(1)),
        count(std::make_shared<ConnectionCount>(options.max_connections)) {
    // Hint 1: each loop is run by one thread (others only post to it).
    while (contexts.size() < std::max(1u, options.threads)) contexts.emplace_back(1);
  }

  void accept() {
    auto& ioc = contexts[next_context++ % contexts.size()];
    acceptor.async_accept(ioc, [this](boost::system::error_code ec, tcp::socket socket) {
      if (ec == net::error::operation_aborted) return;
      if (!ec) {
        if (count->try_acquire()) {
          start_http_session(std::move(socket), services, count);
        } else {
          boost::system::error_code ignore;
          socket.close(ignore);
        }
      }
      accept();
    });
  }

  ServerOptions options;
  Metrics metrics;
  LiveHub live;
  net::thread_pool blocking;
  Services services;
  // One event loop per thread, as nginx has one per worker: a connection lives on one thread,
  // so its handlers need no strand and threads never hand work to each other.
  std::deque<net::io_context> contexts;
  size_t next_context = 0;
  tcp::acceptor acceptor;
  std::shared_ptr<ConnectionCount> count;
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
    impl_->threads.emplace_back([&ioc] {
      auto work = net::make_work_guard(ioc);
      ioc.run();
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
