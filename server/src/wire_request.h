// A request as it came off the wire (Beast's message) turned into the router's Request: the one
// translation, used by the HTTP session and by the HTTP fuzzer, which feeds raw bytes through
// the same path without a socket.
#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <string>

#include "server/http.h"

namespace resgraph::server {

using WireRequest = boost::beast::http::request<boost::beast::http::string_body>;

// Moves the body out of `msg`. False when the target is not an origin-form path (a 400).
bool to_request(WireRequest& msg, const std::string& remote, Request& out);

}  // namespace resgraph::server
