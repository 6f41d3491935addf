// A live client on /api/live: accepts the upgrade, reads small JSON commands (subscribe,
// presence, ping), and writes the change log from its own cursor with a bounded queue.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <memory>

#include "graph/accounts.h"

namespace resgraph::server {

class LiveHub;

void start_websocket_session(
    boost::asio::ip::tcp::socket socket,
    const boost::beast::http::request<boost::beast::http::string_body>& request, LiveHub& hub,
    User user);

}  // namespace resgraph::server
