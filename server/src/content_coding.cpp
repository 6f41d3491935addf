#include "content_coding.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>

namespace resgraph::server {

namespace {

constexpr size_t kMinBytes = 1024;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// "q=0", "q=0.0", "q=0.000" refuse a coding; anything else (or no q) takes it.
bool refused(std::string_view params) {
  auto q = params.find("q=");
  if (q == std::string_view::npos) return false;
  std::string_view v = trim(params.substr(q + 2));
  v = v.substr(0, v.find(';'));
  return !v.empty() && v.find_first_not_of("0.") == std::string_view::npos;
}

bool compressible(std::string_view type) {
  return type.starts_with("application/json") || type.starts_with("application/problem+json") ||
         type.starts_with("text/") || type.starts_with("application/atom+xml") ||
         type.starts_with("application/xml") || type.starts_with("image/svg+xml") ||
         type.starts_with("application/x-bibtex") || type.starts_with("application/vnd");
}

}  // namespace

bool accepts_gzip(std::string_view header) {
  bool star = false;
  while (!header.empty()) {
    auto comma = header.find(',');
    std::string_view item = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    auto semi = item.find(';');
    std::string_view coding = trim(item.substr(0, semi));
    std::string_view params = semi == std::string_view::npos ? "" : item.substr(semi + 1);
    if (iequals(coding, "gzip") || iequals(coding, "x-gzip")) return !refused(params);
    if (coding == "*") star = !refused(params);
  }
  return star;
}

std::optional<std::string> gzip(std::string_view data, int level) {
  z_stream z{};
  // 15 window bits + 16: a gzip wrapper, not zlib's.
  if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return std::nullopt;
  std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

void compress_if_worth_it(const Request& request, Response& response) {
  if (response.body.size() < kMinBytes || !compressible(response.content_type)) return;
  for (const auto& [name, value] : response.headers)
    if (iequals(name, "Content-Encoding")) return;
  // Whatever the client sent, a cache in between must know the answer depends on it.
  response.headers.emplace_back("Vary", "Accept-Encoding");
  auto accept = request.header("accept-encoding");
  if (!accept || !accepts_gzip(*accept)) return;
  auto packed = gzip(response.body);
  if (!packed || packed->size() >= response.body.size()) return;
  response.body = std::move(*packed);
  response.headers.emplace_back("Content-Encoding", "gzip");
}

}  // namespace resgraph::server
