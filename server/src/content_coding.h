// Bytes on the wire: answers over 1 KiB in a text type are gzip-compressed when the client
// accepts gzip (zlib); an answer that is already encoded (a precompressed app file) is left as it
// is. Runs where the answer was made, so a big one (the whole graph) is compressed on the
// blocking pool, not on an event loop.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "server/http.h"

namespace resgraph::server {

// Whether an Accept-Encoding header takes gzip (RFC 9110: "gzip" or "*" with a q above 0).
bool accepts_gzip(std::string_view accept_encoding);

// `data` as one gzip member; nullopt if zlib fails (the answer then goes out as it is).
std::optional<std::string> gzip(std::string_view data, int level = 6);

void compress_if_worth_it(const Request& request, Response& response);

}  // namespace resgraph::server
