#include <boost/json/parse.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.h"

namespace resgraph::cli {

int with_store_or_server(const Options& o, const std::function<int(Store&)>& local,
                         const std::string& method, const std::string& target,
                         const std::string& body,
                         const std::function<int(const server::ClientResponse&)>& remote) {
  auto store = Store::open({o.store_dir()});
  if (store) return local(**store);
  if (!store.status().detail().locked) {
    std::cerr << "resgraph: " << store.status().message() << "\n";
    return 1;
  }
  std::ifstream in(o.admin_file());
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto admin = boost::json::parse(text.str(), ec);
  if (ec || !admin.is_object()) {
    std::cerr << "resgraph: the store is held by another process, and " << o.admin_file()
              << " does not say how to reach it\n";
    return 1;
  }
  auto port = admin.as_object()["port"].to_number<uint16_t>();
  std::string token(admin.as_object()["token"].as_string());
  auto res = server::http_request("127.0.0.1", port, method, target, body,
                                  {{"X-Admin-Token", token}}, 300);
  if (!res) {
    std::cerr << "resgraph: the store is held by a server that does not answer: "
              << res.status().message() << "\n";
    return 1;
  }
  return remote(*res);
}

// A query parameter's value in a hand-off's target.
std::string url_encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '/')
      out.push_back(static_cast<char>(c));
    else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

}  // namespace resgraph::cli
