// One HTTP connection: reads requests under a deadline and size limits, hands each to the
// router, writes the response, and keeps the connection alive while the client asks for it.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <string>

namespace resgraph::server {

struct Services;
class ConnectionTable;

// `table` has admitted the connection; the session leaves it when it closes or upgrades.
void start_http_session(boost::asio::ip::tcp::socket socket, Services& services,
                        ConnectionTable& table, std::string remote);

}  // namespace resgraph::server
