// A real HTTP server on 127.0.0.1 standing in for GitHub's raw files and other hosts in tests:
// serves what the test put there, with ETags and 304s, redirects, errors, slow answers.
#pragma once

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace resgraph::testing {

class FileServer {
 public:
  struct File {
    std::string body;
    std::string etag;  // sent, and answered with 304 when the request names it
    int status = 200;
    std::string location;  // for a redirect status
    int delay_ms = 0;      // before the answer
    std::string content_type = "text/markdown; charset=utf-8";
  };

  FileServer() : acceptor_(io_, {boost::asio::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this] { serve(); });
  }
  ~FileServer() {
    stop_ = true;
    boost::system::error_code ec;
    boost::asio::ip::tcp::socket wake(io_);
    wake.connect(acceptor_.local_endpoint(), ec);  // unblocks accept()
    thread_.join();
  }

  void put(const std::string& path, File f) {
    std::lock_guard lock(mu_);
    files_[path] = std::move(f);
  }
  std::string base() const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
  }
  std::string url(const std::string& path) const { return base() + path; }
  int hits(const std::string& path) const {
    std::lock_guard lock(mu_);
    auto it = hits_.find(path);
    return it == hits_.end() ? 0 : it->second;
  }
  int not_modified() const { return not_modified_; }
  // The User-Agent the last request for `path` sent.
  std::string user_agent(const std::string& path) const {
    std::lock_guard lock(mu_);
    auto it = user_agents_.find(path);
    return it == user_agents_.end() ? "" : it->second;
  }

 private:
  void serve() {
    namespace http = boost::beast::http;
    while (!stop_) {
      boost::asio::ip::tcp::socket socket(io_);
      boost::system::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec || stop_) continue;
      boost::beast::flat_buffer buffer;
      http::request<http::string_body> req;
      http::read(socket, buffer, req, ec);
      if (ec) continue;
      std::string path(req.target());
      File f;
      bool found = false;
      {
        std::lock_guard lock(mu_);
        ++hits_[path];
        user_agents_[path] = std::string(req[http::field::user_agent]);
        if (auto it = files_.find(path); it != files_.end()) {
          f = it->second;
          found = true;
        }
      }
      if (f.delay_ms) std::this_thread::sleep_for(std::chrono::milliseconds(f.delay_ms));
      http::response<http::string_body> res;
      res.version(11);
      res.keep_alive(false);
      if (!found) {
        res.result(http::status::not_found);
      } else if (!f.etag.empty() && req[http::field::if_none_match] == f.etag) {
        res.result(http::status::not_modified);
        res.set(http::field::etag, f.etag);
        ++not_modified_;
      } else {
        res.result(static_cast<unsigned>(f.status));
        if (!f.location.empty()) res.set(http::field::location, f.location);
        if (!f.etag.empty()) res.set(http::field::etag, f.etag);
        res.set(http::field::content_type, f.content_type);
        res.body() = f.body;
      }
      res.prepare_payload();
      http::write(socket, res, ec);
      socket.shutdown(boost::asio::ip::tcp::socket::shutdown_both, ec);
    }
  }

  boost::asio::io_context io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::map<std::string, File> files_;
  std::map<std::string, int> hits_;
  std::map<std::string, std::string> user_agents_;
  std::atomic<int> not_modified_{0};
};

}  // namespace resgraph::testing
