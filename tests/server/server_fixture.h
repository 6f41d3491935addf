// A real server on an ephemeral loopback port over a real store in a temp dir, with one user
// of each role, and a real HTTP client.
#pragma once

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "graph/store.h"
#include "search/search_index.h"
#include "server/http_client.h"
#include "server/server.h"
#include "temp_dir.h"

namespace resgraph::testing {

using server::ClientResponse;
namespace json = boost::json;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Suites here make writes by the hundred from one address: limits are rate_limits_test's.
    options.rate_limits = server::RateLimitOptions::off();
    start();
    reader = *store->add_user("rita", Role::reader);
    contributor = *store->add_user("carl", Role::contributor);
    moderator = *store->add_user("mona", Role::moderator);
    base = store->last_seq();
  }
  void TearDown() override { stop(); }

  void start() {
    auto s = Store::open({dir.sub("store")});
    ASSERT_TRUE(s.is_ok()) << s.status().message();
    store = std::move(*s);
    // As `resgraph serve` does: the API's walks read the edges from memory.
    ASSERT_TRUE(store->load_adjacency().is_ok());
    auto idx = search::SearchIndex::open(dir.sub("index"), *store);
    ASSERT_TRUE(idx.is_ok()) << idx.status().message();
    index = std::move(*idx);
    options.port = 0;
    options.threads = 2;
    options.admin_token = "test-admin-token";
    srv = std::make_unique<server::Server>(options, *store, *index);
    ASSERT_TRUE(srv->start().is_ok());
    port = srv->port();
  }
  void stop() {
    srv.reset();
    index.reset();
    store.reset();
  }

  ClientResponse call(const std::string& method, const std::string& target,
                      const std::string& body = "", const std::string& token = "",
                      std::vector<std::pair<std::string, std::string>> headers = {}) {
    if (!token.empty()) headers.emplace_back("Authorization", "Bearer " + token);
    auto r = server::http_request("127.0.0.1", port, method, target, body, headers, 10);
    EXPECT_TRUE(r.is_ok()) << r.status().message();
    return r.is_ok() ? *r : ClientResponse{};
  }
  static json::object obj(const ClientResponse& r) {
    boost::system::error_code ec;
    auto v = json::parse(r.body, ec);
    EXPECT_FALSE(ec) << r.body;
    return !ec && v.is_object() ? v.as_object() : json::object{};
  }
  // Creates a node as the contributor and returns its JSON.
  json::object create(const std::string& type, const std::string& title,
                      const std::string& extra = "") {
    auto r =
        call("POST", "/api/nodes",
             R"({"type":")" + type + R"(","title":")" + title + "\"" + extra + "}", contributor);
    EXPECT_EQ(r.status, 201u) << r.body;
    return obj(r);
  }
  static std::string str(const json::object& o, const char* key) {
    auto* v = o.if_contains(key);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
  }

  TempDir dir;
  server::ServerOptions options;
  std::unique_ptr<Store> store;
  std::unique_ptr<search::SearchIndex> index;
  std::unique_ptr<server::Server> srv;
  uint16_t port = 0;
  std::string reader, contributor, moderator;
  // Where the change log ends once the users above are made (each is a change): a test's own
  // changes are numbered from base + 1.
  uint64_t base = 0;
};

}  // namespace resgraph::testing
