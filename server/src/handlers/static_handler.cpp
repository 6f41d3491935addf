// The browser app's files from web_dir. Client-side routes (/n/slug, /t/slug, /join/code) get
// index.html so permalinks work when opened directly. Nothing outside web_dir is ever served.
#include <filesystem>
#include <fstream>
#include <sstream>

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
  std::ifstream in(file, std::ios::binary);
  std::stringstream body;
  body << in.rdbuf();
  Response res;
  res.content_type = content_type(file);
  res.body = body.str();
  res.headers.emplace_back("Cache-Control",
                           file.filename() == "index.html" ? "no-cache" : "max-age=300");
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
