#include "server/http_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace resgraph::server {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

std::string ClientResponse::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return {};
}

Result<ClientResponse> http_request(const std::string& host, uint16_t port,
                                    const std::string& method, const std::string& target,
                                    const std::string& body,
                                    const std::vector<std::pair<std::string, std::string>>& headers,
                                    unsigned timeout_s) {
  net::io_context ioc;
  tcp::resolver resolver(ioc);
  beast::tcp_stream stream(ioc);
  beast::error_code ec;
  auto endpoints = resolver.resolve(host, std::to_string(port), ec);
  if (ec) return unavailable("cannot resolve " + host + ": " + ec.message());
  stream.expires_after(std::chrono::seconds(timeout_s));
  stream.connect(endpoints, ec);
  if (ec)
    return unavailable("cannot connect to " + host + ":" + std::to_string(port) + ": " +
                       ec.message());

  http::request<http::string_body> req;
  req.method_string(method);
  req.target(target);
  req.version(11);
  req.set(http::field::host, host);
  req.set(http::field::user_agent, "resgraph");
  bool has_type = false;
  for (const auto& [k, v] : headers) {
    req.set(k, v);
    if (beast::iequals(k, "content-type")) has_type = true;
  }
  if (!body.empty() && !has_type) req.set(http::field::content_type, "application/json");
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req, ec);
  if (ec) return unavailable("cannot send the request: " + ec.message());

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(256u << 20);
  parser.skip(method == "HEAD");
  http::read(stream, buffer, parser, ec);
  if (ec) return unavailable("no complete response: " + ec.message());
  auto& res = parser.get();
  ClientResponse out;
  out.status = res.result_int();
  for (const auto& f : res) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers.emplace_back(std::move(name), std::string(f.value()));
  }
  out.body = std::move(res.body());
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return out;
}

}  // namespace resgraph::server
