// The browser app's files from web_dir. Client-side routes (/n/slug, /t/slug, /join/code) get
// index.html so permalinks work when opened directly. Nothing outside web_dir is ever served.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "../content_coding.h"
#include "handlers.h"

namespace resgraph::server {
namespace fs = std::filesystem;
namespace {

const char* content_type(const fs::path& p) {
  std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  return "application/octet-stream";
}

// A validator that changes whenever the file does, as web servers make it: size and mtime.
std::string etag_of(const fs::path& file, std::error_code& ec) {
  auto size = fs::file_size(file, ec);
  auto mtime = fs::last_write_time(file, ec).time_since_epoch().count();
  return "\"" + std::to_string(size) + "-" + std::to_string(mtime) + "\"";
}

bool matches(const std::string& if_none_match, const std::string& etag) {
  if (if_none_match == "*") return true;
  // A list of tags, weak or strong: any equal one matches (RFC 9110 weak comparison).
  return if_none_match.find(etag) != std::string::npos;
}

// The build's gzip of `file` (web/package.json writes one beside each), if it is up to date.
std::optional<fs::path> precompressed(const fs::path& file) {
  fs::path gz = file;
  gz += ".gz";
  std::error_code ec;
  if (!fs::is_regular_file(gz, ec) || fs::last_write_time(gz, ec) < fs::last_write_time(file, ec))
    return std::nullopt;
  return ec ? std::nullopt : std::optional<fs::path>(gz);
}

// web/build.mjs names the app's files NAME-HASH.EXT, HASH being 8 of [0-9A-Z] as esbuild writes
// them: content under such a name never changes, so a browser may keep it without asking.
bool content_hashed(const fs::path& file) {
  const std::string name = file.filename().string();
  const std::string stem = name.substr(0, name.find('.'));
  if (stem.size() < 10 || stem[stem.size() - 9] != '-') return false;
  return std::all_of(stem.end() - 8, stem.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'); });
}

std::string read_whole(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream body;
  body << in.rdbuf();
  return body.str();
}

}  // namespace

Response serve_static(const Request& r, Services& s) {
  if (s.options.web_dir.empty()) return problem(not_found("no such endpoint: " + r.path));
  std::string path = r.path;
  // Refuse anything that could step outside web_dir before touching the filesystem.
  if (path.find("..") != std::string::npos || path.find('\\') != std::string::npos ||
      path.find('\0') != std::string::npos || path.find("//") != std::string::npos)
    return problem(invalid("invalid path"));
  if (path == "/" || path.starts_with("/n/") || path.starts_with("/t/") ||
      path.starts_with("/join/"))
    path = "/index.html";
  std::error_code ec;
  fs::path root = fs::canonical(s.options.web_dir, ec);
  if (ec) return problem(not_found("the web app is not built"));
  fs::path file = fs::weakly_canonical(root / path.substr(1), ec);
  auto rel = file.lexically_relative(root);
  if (ec || rel.empty() || rel.native().starts_with("..") || !fs::is_regular_file(file, ec))
    return problem(not_found("no such file: " + r.path));
  Response res;
  const std::string etag = etag_of(file, ec);
  if (auto inm = r.header("if-none-match"); inm && !ec && matches(*inm, etag)) {
    res.status = 304;
    res.content_type.clear();
  } else {
    auto gz =
        accepts_gzip(r.header("accept-encoding").value_or("")) ? precompressed(file) : std::nullopt;
    res.content_type = content_type(file);
    res.body = read_whole(gz ? *gz : file);
    if (gz) res.headers.emplace_back("Content-Encoding", "gzip");
  }
  if (!ec) res.headers.emplace_back("ETag", etag);
  res.headers.emplace_back("Vary", "Accept-Encoding");
  // index.html is revalidated with its ETag on every load (a new build is picked up at once, an
  // unchanged one costs a 304); the hashed files it names are kept for a year.
  res.headers.emplace_back("Cache-Control", content_hashed(file)
                                                ? "public, max-age=31536000, immutable"
                                            : file.filename() == "index.html" ? "no-cache"
                                                                              : "max-age=300");
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  // The app loads nothing from elsewhere: a script injected through some future escaping slip
  // could neither run inline nor send what it read to another host. The legend's colour dots
  // are the one use of inline style attributes.
  res.headers.emplace_back("Content-Security-Policy",
                           "default-src 'none'; script-src 'self'; worker-src 'self'; "
                           "connect-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
                           "img-src 'self' data:; font-src 'self'; base-uri 'none'; "
                           "form-action 'self'; frame-ancestors 'none'");
  res.headers.emplace_back("Referrer-Policy", "same-origin");
  return res;
}

}  // namespace resgraph::server
