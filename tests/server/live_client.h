// A real WebSocket client for /api/live tests (Boost.Beast, blocking, with deadlines).
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/parse.hpp>
#include <chrono>
#include <optional>
#include <string>

namespace resgraph::testing {

class WsClient {
 public:
  // Returns the HTTP status of the handshake (101 when upgraded).
  unsigned connect(uint16_t port, const std::string& target = "/api/live",
                   const std::string& origin = "", int receive_buffer = 0) {
    namespace net = boost::asio;
    auto& sock = boost::beast::get_lowest_layer(ws_);
    sock.socket().open(net::ip::tcp::v4());
    if (receive_buffer > 0)
      sock.socket().set_option(net::socket_base::receive_buffer_size(receive_buffer));
    sock.expires_after(std::chrono::seconds(5));
    sock.connect(net::ip::tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    ws_.set_option(boost::beast::websocket::stream_base::decorator([origin](auto& req) {
      if (!origin.empty()) req.set(boost::beast::http::field::origin, origin);
    }));
    boost::beast::websocket::response_type res;
    boost::beast::error_code ec;
    ws_.handshake(res, "127.0.0.1:" + std::to_string(port), target, ec);
    sock.expires_never();
    return res.result_int();
  }

  // A send the server cut short (it may close on an oversized message) is recorded, not thrown.
  void send(const std::string& text) {
    boost::beast::error_code ec;
    ws_.write(boost::asio::buffer(text), ec);
    if (ec) last_error = ec;
  }

  // The next message, or nullopt when none arrives in time or the connection closed.
  std::optional<boost::json::object> next(
      std::chrono::milliseconds wait = std::chrono::seconds(5)) {
    // Sync reads ignore the stream's deadline, so read asynchronously; a timeout closes the
    // connection, which is fine: a test that saw nothing arrive does not read again.
    boost::beast::get_lowest_layer(ws_).expires_after(wait);
    boost::beast::flat_buffer buf;
    boost::beast::error_code ec;
    ws_.async_read(buf, [&](boost::beast::error_code e, size_t) { ec = e; });
    ioc_.restart();
    ioc_.run();
    boost::beast::get_lowest_layer(ws_).expires_never();
    if (ec) {
      last_error = ec;
      return std::nullopt;
    }
    boost::system::error_code jec;
    auto v = boost::json::parse(boost::beast::buffers_to_string(buf.data()), jec);
    if (jec || !v.is_object()) return boost::json::object{{"type", "unparsable"}};
    return v.as_object();
  }

  // Skips messages until one of `type` arrives.
  std::optional<boost::json::object> next_of(
      const std::string& type, std::chrono::milliseconds wait = std::chrono::seconds(5)) {
    auto deadline = std::chrono::steady_clock::now() + wait;
    while (std::chrono::steady_clock::now() < deadline) {
      auto m = next(std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now()));
      if (!m) return std::nullopt;
      if ((*m)["type"] == type.c_str()) return m;
    }
    return std::nullopt;
  }

  std::string close_reason() const {
    return std::string(ws_.reason().reason.data(), ws_.reason().reason.size());
  }
  void close() {
    boost::beast::error_code ec;
    ws_.close(boost::beast::websocket::close_code::normal, ec);
  }

  boost::beast::error_code last_error;

 private:
  boost::asio::io_context ioc_;
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_{ioc_};
};

}  // namespace resgraph::testing
