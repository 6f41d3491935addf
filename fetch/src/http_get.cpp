#include "fetch/http_get.h"

#include <curl/curl.h>

#include <boost/url/parse.hpp>
#include <cctype>
#include <memory>
#include <mutex>

namespace resgraph::fetch {
namespace {

struct Body {
  std::string data;
  size_t max = 0;
  bool over = false;
};

size_t on_body(char* ptr, size_t size, size_t n, void* user) {
  auto* body = static_cast<Body*>(user);
  size_t bytes = size * n;
  if (body->data.size() + bytes > body->max) {
    body->over = true;
    return 0;  // libcurl stops the transfer
  }
  body->data.append(ptr, bytes);
  return bytes;
}

// Headers of the last response only (a redirect's headers are dropped at its status line).
size_t on_header(char* ptr, size_t size, size_t n, void* user) {
  auto* etag = static_cast<std::string*>(user);
  std::string line(ptr, size * n);
  if (line.starts_with("HTTP/")) etag->clear();
  std::string lower;
  for (char c : line.substr(0, 5)) lower.push_back(static_cast<char>(std::tolower(c)));
  if (lower == "etag:") {
    std::string v = line.substr(5);
    size_t b = v.find_first_not_of(" \t"), e = v.find_last_not_of(" \t\r\n");
    *etag = b == std::string::npos ? "" : v.substr(b, e - b + 1);
  }
  return size * n;
}

// libcurl's global state, set up once for every transfer of the process.
void init_curl_once() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

bool is_loopback(std::string_view host) {
  return host == "localhost" || host.starts_with("127.") || host == "[::1]" || host == "::1";
}

Status check_url(const std::string& url) {
  auto u = boost::urls::parse_uri(url);
  if (!u) return invalid("'" + url + "' is not a URL");
  std::string scheme(u->scheme());
  for (auto& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (scheme == "https") return Status::ok();
  if (scheme == "http" && is_loopback(u->host())) return Status::ok();
  if (scheme == "http") return invalid("plain http is fetched only from loopback; use https");
  return invalid("only http and https URLs can be fetched");
}

// What every transfer sets, a GET's or a probe's: the URL, redirects, time limits, who asks.
template <class Request>
void configure_transfer(CURL* c, const Request& request) {
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  // A loopback address is this machine: never through the environment's proxy.
  if (auto u = boost::urls::parse_uri(request.url); u && is_loopback(u->host()))
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // safe in threads; timeouts without SIGALRM
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(c, CURLOPT_MAXREDIRS, request.max_redirects);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_REDIR_PROTOCOLS_STR, "https,http");
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, request.timeout_ms);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, request.connect_timeout_ms);
  curl_easy_setopt(c, CURLOPT_USERAGENT, request.user_agent.c_str());
}

struct CurlDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};

}  // namespace

Result<GetResponse> get(const GetRequest& request) {
  if (auto s = check_url(request.url); !s.is_ok()) return s;
  init_curl_once();
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return internal("libcurl could not start a transfer");
  Body body;
  body.max = request.max_bytes;
  std::string etag;
  std::unique_ptr<curl_slist, SlistDeleter> headers;
  auto add_header = [&](const std::string& line) {
    curl_slist* grown = curl_slist_append(headers.get(), line.c_str());
    if (grown) {
      (void)headers.release();
      headers.reset(grown);
    }
  };
  if (!request.if_none_match.empty()) add_header("If-None-Match: " + request.if_none_match);
  if (!request.accept.empty()) add_header("Accept: " + request.accept);
  CURL* c = curl.get();
  configure_transfer(c, request);
  curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");  // whatever libcurl can decode
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(request.max_bytes));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &etag);
  if (headers) curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  CURLcode rc = curl_easy_perform(c);
  if (body.over || rc == CURLE_FILESIZE_EXCEEDED)
    return upstream(request.url + " is larger than " + std::to_string(request.max_bytes >> 10) +
                    " KiB");
  if (rc == CURLE_TOO_MANY_REDIRECTS)
    return upstream(request.url + ": more than " + std::to_string(request.max_redirects) +
                    " redirects");
  if (rc == CURLE_OPERATION_TIMEDOUT)
    return upstream(request.url + ": no answer within " + std::to_string(request.timeout_ms) +
                    " ms");
  if (rc != CURLE_OK) return upstream(request.url + ": " + curl_easy_strerror(rc));
  GetResponse out;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.status);
  char* final_url = nullptr;
  if (curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &final_url) == CURLE_OK && final_url)
    out.final_url = final_url;
  char* type = nullptr;
  if (curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type)
    out.content_type = type;
  out.body = std::move(body.data);
  out.etag = std::move(etag);
  return out;
}

namespace {

size_t discard(char*, size_t size, size_t n, void*) { return size * n; }

std::string outcome_of(CURLcode rc) {
  switch (rc) {
    case CURLE_OPERATION_TIMEDOUT:
      return "timeout";
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
      return "tls_error";
    default:
      return "connection_error";
  }
}

ProbeResult probe_once(const ProbeRequest& request, bool head) {
  ProbeResult out;
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (!curl) return {"connection_error", 0, 0, "", "libcurl could not start a transfer"};
  CURL* c = curl.get();
  configure_transfer(c, request);
  curl_easy_setopt(c, CURLOPT_NOBODY, head ? 1L : 0L);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);  // a GET's body is not kept
  curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(64) << 20);
  const CURLcode rc = curl_easy_perform(c);
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out.status);
  curl_easy_getinfo(c, CURLINFO_REDIRECT_COUNT, &out.redirects);
  char* final_url = nullptr;
  if (curl_easy_getinfo(c, CURLINFO_EFFECTIVE_URL, &final_url) == CURLE_OK && final_url)
    out.final_url = final_url;
  // A GET stopped by our size cap has answered: the status is what counts.
  if (rc != CURLE_OK && !(rc == CURLE_FILESIZE_EXCEEDED && out.status)) {
    out.outcome = rc == CURLE_TOO_MANY_REDIRECTS ? "client_error" : outcome_of(rc);
    out.detail = curl_easy_strerror(rc);
    return out;
  }
  if (out.status >= 200 && out.status < 300)
    out.outcome = out.redirects ? "redirected" : "ok";
  else if (out.status >= 500)
    out.outcome = "server_error";
  else
    out.outcome = "client_error";
  return out;
}

}  // namespace

ProbeResult probe(const ProbeRequest& request) {
  auto u = boost::urls::parse_uri(request.url);
  std::string scheme = u ? std::string(u->scheme()) : "";
  for (auto& ch : scheme) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (!u || (scheme != "http" && scheme != "https"))
    return {"invalid", 0, 0, "", "not an http(s) URL"};
  init_curl_once();
  ProbeResult r = probe_once(request, true);
  if (r.status == 405 || r.status == 501 || r.status == 403 || r.status == 400)
    r = probe_once(request, false);  // servers that refuse HEAD answer GET
  return r;
}

}  // namespace resgraph::fetch
