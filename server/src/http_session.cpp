#include "http_session.h"

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "connection_table.h"
#include "content_coding.h"
#include "live_hub.h"
#include "problem.h"
#include "router.h"
#include "services.h"
#include "websocket_session.h"
#include "wire_request.h"

namespace resgraph::server {
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

class HttpSession : public std::enable_shared_from_this<HttpSession>, public Sheddable {
 public:
  HttpSession(tcp::socket&& socket, Services& services, ConnectionTable& table, std::string remote)
      : stream_(std::move(socket)),
        services_(services),
        table_(table),
        remote_(std::move(remote)) {}
  ~HttpSession() override { table_.leave(*this, remote_); }

  void run() {
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&HttpSession::read, shared_from_this()));
  }

  // Called by the table from any thread; the socket is closed on the session's own.
  void shed() override {
    net::post(stream_.get_executor(), [self = shared_from_this()] { self->close(); });
  }

 private:
  // The head first, under a short deadline (a client that opens sockets and trickles bytes
  // holds a slot for seconds, not for the request timeout); then the body, whose size limit
  // depends on the route: the loopback admin hand-off carries whole files.
  void read() {
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(services_.options.max_header_bytes));
    // Beast checks a Content-Length against the limit as it reads the head, before the route is
    // known: the head is read under the largest limit, and on_header applies the route's.
    parser_->body_limit(
        std::max(services_.options.max_body_bytes, services_.options.max_admin_body_bytes));
    table_.waiting(shared_from_this());
    stream_.expires_after(std::chrono::seconds(services_.options.header_timeout_s));
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&HttpSession::on_header, shared_from_this()));
  }

  void on_header(beast::error_code ec, size_t) {
    table_.busy(*this);
    if (ec) return on_read(ec, 0);
    const size_t limit = body_limit(parser_->get().target());
    if (auto length = parser_->content_length(); length && *length > limit)
      return on_read(http::error::body_limit, 0);
    parser_->body_limit(limit);
    stream_.expires_after(std::chrono::seconds(services_.options.request_timeout_s));
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
  }

  size_t body_limit(std::string_view target) const {
    bool admin = target.starts_with("/api/admin/") && is_loopback(remote_);
    return admin ? services_.options.max_admin_body_bytes : services_.options.max_body_bytes;
  }

  void on_read(beast::error_code ec, size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == net::error::eof ||
        ec == net::error::connection_reset || ec == net::error::operation_aborted ||
        ec == net::error::bad_descriptor)
      return close();
    if (ec == http::error::body_limit)
      return send(
          problem(Status(Code::too_large, "the body is larger than " +
                                              std::to_string(body_limit(parser_->get().target())) +
                                              " bytes")),
          false, other_slot(OtherSlot::rejected));
    if (ec == http::error::header_limit)
      return send(problem(Status(Code::headers_too_large, "the request headers are too large")),
                  false, other_slot(OtherSlot::rejected));
    if (ec)
      return send(problem(invalid("malformed HTTP request: " + ec.message())), false,
                  other_slot(OtherSlot::rejected));

    auto started = std::chrono::steady_clock::now();
    auto& msg = parser_->get();
    if (websocket::is_upgrade(msg)) return upgrade();
    Request req;
    bool keep_alive = msg.keep_alive(), head = msg.method() == http::verb::head;
    if (!to_request(msg, remote_, req)) {
      return send(problem(invalid("the request target is not a valid path")), keep_alive,
                  other_slot(OtherSlot::unmatched), head);
    }
    RouteMatch match = find_route(req);
    auto answer = [keep_alive, head, started](const std::shared_ptr<HttpSession>& self,
                                              Response res, size_t slot) {
      double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      self->services_.metrics.observe(slot, res.status, secs);
      self->send(std::move(res), keep_alive, slot, head);
    };
    if (!match.route || !match.route->blocking) {
      Response res = dispatch(match, req, services_);
      compress_if_worth_it(req, res);
      return answer(shared_from_this(), std::move(res), match.slot);
    }
    // Off the event loop, then back onto it to write. The queue is bounded: past it, the
    // client is told to come back rather than every request waiting longer.
    if (!services_.blocking_queue.try_enter()) {
      Response busy =
          problem(unavailable("the server is busy with other searches and walks; retry shortly"));
      return answer(shared_from_this(), std::move(busy), match.slot);
    }
    net::post(services_.blocking, [self = shared_from_this(), req = std::move(req),
                                   match = std::move(match), answer]() mutable {
      self->services_.blocking_queue.leave();
      auto res = dispatch(match, req, self->services_);
      compress_if_worth_it(req, res);
      net::post(self->stream_.get_executor(),
                [self, res = std::move(res), slot = match.slot, answer]() mutable {
                  answer(self, std::move(res), slot);
                });
    });
  }

  void send(Response r, bool keep_alive, size_t slot, bool head = false) {
    if (slot == other_slot(OtherSlot::rejected)) services_.metrics.observe(slot, r.status, 0);
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(r.status), 11);
    res->set(http::field::server, "resgraph");
    // A 304 (a feed reader's If-None-Match) carries no body and no type.
    if (!r.content_type.empty()) res->set(http::field::content_type, r.content_type);
    for (auto& [k, v] : r.headers) res->set(k, v);
    res->keep_alive(keep_alive);
    if (r.status != 304) res->content_length(r.body.size());
    if (!head) res->body() = std::move(r.body);
    // The read's deadline may have run out while a long handler worked.
    stream_.expires_after(std::chrono::seconds(services_.options.request_timeout_s));
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res, keep_alive](beast::error_code ec, size_t) {
                        if (ec || !keep_alive) return self->close();
                        self->read();
                      });
  }

  // /api/live: the origin and the token are checked before the upgrade, so a refused client
  // gets a plain HTTP problem it can read.
  void upgrade() {
    auto& msg = parser_->get();
    auto target = boost::urls::parse_origin_form(msg.target());
    if (!target || target->path() != "/api/live")
      return send(problem(not_found("WebSocket upgrades are served at /api/live only")), false,
                  other_slot(OtherSlot::live));
    std::string origin(msg[http::field::origin]);
    if (!origin_allowed(origin))
      return send(
          problem(Status(Code::forbidden, "origin '" + origin + "' may not open the live stream")),
          false, other_slot(OtherSlot::live));
    User user;
    std::string token;
    for (auto p : target->params())
      if (p.key == "token") token = std::string(p.value);
    std::string auth(msg[http::field::authorization]);
    if (auth.starts_with("Bearer ")) token = auth.substr(7);
    if (!token.empty()) {
      auto found = services_.store.authenticate(token);
      if (!found) return send(problem(found.status()), false, other_slot(OtherSlot::live));
      user = *found;
    } else if (auto session = cookie_value(msg[http::field::cookie], kSessionCookie);
               !session.empty()) {
      // A browser signed in by cookie: the origin check above keeps other sites' pages out.
      auto found = services_.store.authenticate_session(session);
      if (!found) return send(problem(found.status()), false, other_slot(OtherSlot::live));
      user = *found;
    }
    if (services_.live.clients() >= services_.options.max_live_clients)
      return send(problem(retry_later("too many live clients; retry later", 10)), false,
                  other_slot(OtherSlot::live));
    services_.metrics.observe(other_slot(OtherSlot::live), 101, 0);
    stream_.expires_never();
    start_websocket_session(stream_.release_socket(), parser_->release(), services_.live, user);
  }

  // A browser page may open the stream only from an origin the operator named, or from this
  // server's own loopback address. The request's Host header is no witness: a page on a
  // rebound DNS name sends its own name as Host and as Origin alike.
  bool origin_allowed(const std::string& origin) const {
    if (origin.empty()) return true;  // not a browser: nothing to hijack
    for (const auto& a : services_.options.allowed_origins)
      if (a == "*" || a == origin) return true;
    beast::error_code ec;
    auto local = stream_.socket().local_endpoint(ec);
    if (ec) return false;
    const std::string port = ":" + std::to_string(local.port());
    std::vector<std::string> own = {"localhost" + port, "127.0.0.1" + port, "[::1]" + port};
    if (!local.address().is_loopback())
      own.push_back((local.address().is_v6() ? "[" + local.address().to_string() + "]"
                                             : local.address().to_string()) +
                    port);
    for (const auto& authority : own)
      if (origin == "http://" + authority || origin == "https://" + authority) return true;
    return false;
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Services& services_;
  ConnectionTable& table_;
  std::string remote_;
};

}  // namespace

void start_http_session(tcp::socket socket, Services& services, ConnectionTable& table,
                        std::string remote) {
  auto session =
      std::make_shared<HttpSession>(std::move(socket), services, table, std::move(remote));
  // Waiting from the moment it is admitted, in the order admitted: a flood of new sockets whose
  // threads have not run yet can still be shed, oldest first.
  table.waiting(session);
  session->run();
}

}  // namespace resgraph::server
