// Every kind of bad input gets a 4xx problem+json (or a close), changes nothing, and the server
// keeps serving.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "server_fixture.h"

namespace resgraph::testing {
namespace net = boost::asio;

class BadInputTest : public ServerTest {
 protected:
  void SetUp() override {
    options.request_timeout_s = 1;
    options.header_timeout_s = 1;
    options.max_connections = 16;
    // A web root with one page, and a secret beside it that must never be served.
    std::filesystem::create_directories(dir.sub("www"));
    std::ofstream(dir.sub("www") + "/index.html") << "<!doctype html><title>app</title>";
    std::ofstream(dir.sub("secret.txt")) << "do not serve";
    options.web_dir = dir.sub("www");
    ServerTest::SetUp();
    node_id = str(create("person", "Existing Person"), "id");
    seq = store->last_seq();
  }
  void TearDown() override {
    EXPECT_EQ(store->last_seq(), seq) << "bad input changed the store";
    EXPECT_EQ(call("GET", "/healthz").status, 200u);
    ServerTest::TearDown();
  }
  void expect_problem(const ClientResponse& r, unsigned status, const std::string& mentions) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    auto body = obj(r);
    EXPECT_EQ(body["status"].as_int64(), status);
    EXPECT_NE(std::string(body["detail"].as_string()).find(mentions), std::string::npos) << r.body;
  }
  // Sends raw bytes and returns whatever the server answers before closing (or the deadline).
  std::string raw(const std::string& bytes, std::chrono::milliseconds pause = {}) {
    net::io_context ioc;
    net::ip::tcp::socket sock(ioc);
    sock.connect({net::ip::make_address("127.0.0.1"), port});
    net::write(sock, net::buffer(bytes));
    std::this_thread::sleep_for(pause);
    std::string out;
    boost::system::error_code ec;
    char buf[4096];
    for (;;) {
      size_t n = sock.read_some(net::buffer(buf), ec);
      if (ec) break;
      out.append(buf, n);
    }
    return out;
  }
  std::string node_id;
  uint64_t seq = 0;
};

TEST_F(BadInputTest, InvalidJson) {
  expect_problem(call("POST", "/api/nodes", "{\"type\": \"paper\",", contributor), 400,
                 "invalid JSON");
}

TEST_F(BadInputTest, WrongFieldTypes) {
  expect_problem(call("POST", "/api/nodes", R"({"type":"paper","title":["x"]})", contributor), 400,
                 "'title' must be a string");
  expect_problem(
      call("POST", "/api/nodes", R"({"type":"paper","title":"x","year":"1998"})", contributor), 400,
      "year");
}

TEST_F(BadInputTest, UnknownFields) {
  expect_problem(call("PATCH", "/api/nodes/" + node_id, R"({"titel":"typo"})", contributor), 400,
                 "titel");
}

TEST_F(BadInputTest, MissingRequiredFields) {
  expect_problem(call("POST", "/api/nodes", R"({"title":"no type"})", contributor), 400, "type");
  expect_problem(call("POST", "/api/edges", R"({"from":"a","type":"cites"})", contributor), 400,
                 "to");
}

TEST_F(BadInputTest, InvalidUtf8) {
  expect_problem(
      call("POST", "/api/nodes", "{\"type\":\"paper\",\"title\":\"\xc3\x28\"}", contributor), 400,
      "UTF-8");
}

TEST_F(BadInputTest, DeeplyNestedJson) {
  std::string deep = R"({"type":"paper","title":"x","attrs":{"a":)" + std::string(5000, '[') +
                     std::string(5000, ']') + "}}";
  expect_problem(call("POST", "/api/nodes", deep, contributor), 400, "nested");
}

TEST_F(BadInputTest, UnknownIds) {
  expect_problem(call("GET", "/api/nodes/no-such-node"), 404, "no-such-node");
  expect_problem(call("PATCH", "/api/nodes/no-such-node", R"({"title":"x"})", contributor), 404,
                 "no-such-node");
  expect_problem(call("DELETE", "/api/edges/e123", "", contributor), 404, "e123");
}

TEST_F(BadInputTest, EdgeToMissingNode) {
  expect_problem(call("POST", "/api/edges",
                      R"({"from":")" + node_id + R"(","to":"ghost","type":"cites"})", contributor),
                 400, "ghost");
}

TEST_F(BadInputTest, DuplicateResource) {
  expect_problem(
      call("POST", "/api/nodes", R"({"type":"person","title":"existing  person"})", contributor),
      409, node_id);
}

TEST_F(BadInputTest, BadValues) {
  expect_problem(call("POST", "/api/nodes", R"({"type":"starship","title":"x"})", contributor), 400,
                 "starship");
  expect_problem(call("POST", "/api/nodes",
                      R"j({"type":"paper","title":"x","url":"javascript:alert(1)"})j", contributor),
                 400, "url");
  expect_problem(
      call("POST", "/api/nodes", R"({"type":"paper","title":"x","date":"yesterday"})", contributor),
      400, "date");
  expect_problem(call("PATCH", "/api/nodes/" + node_id, R"({"title":"x"})", contributor,
                      {{"If-Match", "soon"}}),
                 400, "If-Match");
  expect_problem(call("GET", "/api/nodes?limit=0"), 400, "limit");
  expect_problem(call("GET", "/api/nodes?limit=100000"), 400, "limit");
}

TEST_F(BadInputTest, OversizedBody) {
  std::string big =
      R"({"type":"paper","title":"x","summary":")" + std::string(2 << 20, 'a') + "\"}";
  auto r = server::http_request("127.0.0.1", port, "POST", "/api/nodes", big,
                                {{"Authorization", "Bearer " + contributor}}, 10);
  if (r.is_ok()) expect_problem(*r, 413, "larger than");  // or the server closed mid-upload
}

TEST_F(BadInputTest, OversizedHeaders) {
  std::vector<std::pair<std::string, std::string>> filler;
  for (int i = 0; i < 8; ++i)
    filler.emplace_back("X-Filler-" + std::to_string(i), std::string(8 << 10, 'a'));
  auto r = call("GET", "/api/nodes", "", "", filler);
  EXPECT_EQ(r.status, 431u);
}

TEST_F(BadInputTest, UnknownRoutesAndMethods) {
  expect_problem(call("GET", "/api/spaceships"), 404, "/api/spaceships");
  auto r = call("PUT", "/api/nodes/" + node_id, "{}", contributor);
  expect_problem(r, 405, "PUT");
  EXPECT_EQ(r.header("allow"), "GET, PATCH, DELETE");
  expect_problem(call("BREW", "/api/nodes"), 405, "BREW");
}

TEST_F(BadInputTest, MalformedHttpGetsA400AndAClose) {
  std::string answer = raw("THIS IS NOT HTTP\r\n\r\n");
  EXPECT_NE(answer.find("400"), std::string::npos) << answer;
}

TEST_F(BadInputTest, SlowHeadersAreCutOffAtTheTimeout) {
  auto started = std::chrono::steady_clock::now();
  std::string answer = raw("GET /api/nodes HTTP/1.1\r\nHost: x\r\n");  // never finishes
  auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(answer.empty()) << answer;
  EXPECT_LT(waited, std::chrono::seconds(5));
}

TEST_F(BadInputTest, SlowBodyIsCutOffAtTheTimeout) {
  std::string answer =
      raw("POST /api/nodes HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"ty");
  EXPECT_EQ(answer.find("201"), std::string::npos);
}

TEST_F(BadInputTest, StaticFilesNeverLeaveTheWebRoot) {
  EXPECT_NE(
      raw("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").find("<title>app</title>"),
      std::string::npos);
  EXPECT_NE(raw("GET /n/some-node HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .find("<title>app</title>"),
            std::string::npos);
  for (const char* target : {"/../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
                             "//etc/passwd", "/..%5csecret.txt", "/static/../../secret.txt"}) {
    std::string answer =
        raw(std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(answer.find("do not serve"), std::string::npos) << target;
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 4")) << target << ": " << answer.substr(0, 40);
  }
  EXPECT_EQ(call("GET", "/etc/passwd").status, 404u);
}

TEST_F(BadInputTest, HugeQueryStrings) {
  auto r = call("GET", "/api/search?q=" + std::string(32 << 10, 'a'));
  EXPECT_EQ(r.status, 431u);
  auto long_q = call("GET", "/api/search?q=" + std::string(2000, 'a'));
  EXPECT_EQ(long_q.status, 400u);  // fits the headers, too long for a query
}

TEST_F(BadInputTest, AFloodOfConnectionsPastTheLimitIsShedAndTheServerRecovers) {
  namespace net = boost::asio;
  net::io_context ioc;
  std::vector<std::unique_ptr<net::ip::tcp::socket>> held;
  for (int i = 0; i < 40; ++i) {
    auto s = std::make_unique<net::ip::tcp::socket>(ioc);
    s->connect({net::ip::make_address("127.0.0.1"), port});
    held.push_back(std::move(s));
  }
  // Past the limit the server closes at once: those sockets read end-of-file.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  size_t shed = 0;
  for (auto& s : held) {
    s->non_blocking(true);
    char c;
    boost::system::error_code ec;
    s->read_some(net::buffer(&c, 1), ec);
    if (ec == net::error::eof || ec == net::error::connection_reset) ++shed;
  }
  EXPECT_GE(shed, 20u);
  // The held ones time out; the server serves again without a restart.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(call("GET", "/healthz").status, 200u);
}

}  // namespace resgraph::testing
