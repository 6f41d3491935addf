// Rate limits against a real server: token buckets per account and per client address on
// writes and sign-in attempts, 429 with Retry-After, failed sign-ins counting double against the
// name tried, and X-Forwarded-For believed only from a trusted proxy.
#include "server_fixture.h"

namespace resgraph::testing {
namespace {

class RateLimitsTest : public ServerTest {
 protected:
  void restart_with(const server::RateLimitOptions& limits, std::vector<std::string> proxies = {}) {
    srv.reset();
    options.rate_limits = limits;
    options.trusted_proxies = std::move(proxies);
    srv = std::make_unique<server::Server>(options, *store, *index);
    ASSERT_TRUE(srv->start().is_ok());
    port = srv->port();
  }
  ClientResponse sign_in(const std::string& name, const std::string& password,
                         const std::string& forwarded_for = "") {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!forwarded_for.empty()) headers.emplace_back("X-Forwarded-For", forwarded_for);
    return call("POST", "/api/session",
                R"({"name":")" + name + R"(","password":")" + password + "\"}", "", headers);
  }
};

server::RateLimitOptions only(server::RateLimitOptions::Rule server::RateLimitOptions::*kind,
                              server::RateLimitOptions::Rule rule) {
  auto limits = server::RateLimitOptions::off();
  limits.*kind = rule;
  return limits;
}

}  // namespace

TEST_F(RateLimitsTest, WritesPastTheBurstAre429WithRetryAfterAndChangeNothing) {
  // 20 a minute: a token every 3 s, slow enough that a slow machine (sanitizers) does not
  // refill the bucket between the writes below.
  restart_with(only(&server::RateLimitOptions::writes, {20, 3}));
  for (int i = 0; i < 3; ++i) create("concept", "Concept " + std::to_string(i));
  const uint64_t before = store->last_seq();
  auto r = call("POST", "/api/nodes", R"({"type":"concept","title":"One too many"})", contributor);
  EXPECT_EQ(r.status, 429u) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_NE(r.body.find("/docs/problems#rate_limited"), std::string::npos) << r.body;
  const int retry = std::stoi(r.header("retry-after"));
  EXPECT_GE(retry, 1);
  EXPECT_LE(retry, 3);  // one token at 20 a minute: 3 s
  EXPECT_EQ(store->last_seq(), before);
  // Reads are never limited; the bucket refills with time.
  EXPECT_EQ(call("GET", "/api/nodes/concept-0").status, 200u);
  std::this_thread::sleep_for(std::chrono::milliseconds(3100));
  EXPECT_EQ(call("POST", "/api/nodes", R"({"type":"concept","title":"After a wait"})", contributor)
                .status,
            201u);
}

TEST_F(RateLimitsTest, FailedSignInsCountDoubleAgainstTheNameTried) {
  ASSERT_TRUE(store
                  ->join(store->create_invitation(Role::reader, "", 60000, {"mona", ""})->code,
                         "erin", *hash_password("correct horse battery"))
                  .is_ok());
  restart_with(only(&server::RateLimitOptions::sign_ins, {1, 5}));  // no refill during the test
  EXPECT_EQ(sign_in("erin", "guess number one").status, 401u);
  EXPECT_EQ(sign_in("erin", "guess number two").status, 401u);
  EXPECT_EQ(sign_in("erin", "guess number three").status, 401u);
  // Three failures drew six from erin's five: even the right password now waits.
  auto held = sign_in("erin", "correct horse battery");
  EXPECT_EQ(held.status, 429u) << held.body;
  EXPECT_FALSE(held.header("retry-after").empty());
}

TEST_F(RateLimitsTest, ForwardedForNamesTheClientOnlyBehindATrustedProxy) {
  restart_with(only(&server::RateLimitOptions::sign_ins, {1, 2}), {"127.0.0.1"});
  // Different names each time, so only the address bucket fills.
  EXPECT_EQ(sign_in("a1", "wrong password", "203.0.113.7").status, 401u);
  EXPECT_EQ(sign_in("a2", "wrong password", "203.0.113.7").status, 401u);
  EXPECT_EQ(sign_in("a3", "wrong password", "203.0.113.7").status, 429u);
  EXPECT_EQ(sign_in("a4", "wrong password", "198.51.100.2, 127.0.0.1").status, 401u);
  // Not trusted: the header is the client's own word, and every request is loopback's.
  restart_with(only(&server::RateLimitOptions::sign_ins, {1, 2}));
  EXPECT_EQ(sign_in("b1", "wrong password", "203.0.113.8").status, 401u);
  EXPECT_EQ(sign_in("b2", "wrong password", "203.0.113.9").status, 401u);
  EXPECT_EQ(sign_in("b3", "wrong password", "203.0.113.10").status, 429u);
}

}  // namespace resgraph::testing
