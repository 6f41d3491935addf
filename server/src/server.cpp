// The listener and the thread pool. Connections past the limit are closed at once, so a flood
// of sockets cannot starve the ones being served.
#include "server/server.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <condition_variable>
#include <thread>

#include "http_session.h"
#include "live_hub.h"
#include "metrics.h"
#include "services.h"

namespace resgraph::server {
namespace net = boost::asio;
using tcp = net::ip::tcp;

struct Server::Impl {
  Impl(ServerOptions o, Store& s, search::SearchIndex& idx)
      : options(std::move(o)),
        live(s, options),
        services{s, idx, metrics, options, live},
        ioc(static_cast<int>(options.threads)),
        acceptor(ioc),
        count(std::make_shared<ConnectionCount>(options.max_connections)) {}

  void accept() {
    acceptor.async_accept(net::make_strand(ioc), [this](boost::system::error_code ec, tcp::socket socket) {
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
  Services services;
  net::io_context ioc;
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
  for (unsigned i = 0; i < std::max(1u, impl_->options.threads); ++i)
    impl_->threads.emplace_back([this] { impl_->ioc.run(); });
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
  impl_->ioc.stop();
  for (auto& t : impl_->threads)
    if (t.joinable() && t.get_id() != std::this_thread::get_id()) t.join();
  impl_->threads.clear();
}

}  // namespace resgraph::server
