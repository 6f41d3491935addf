// No request can crash the server or keep it from restarting, and no client can starve the
// others: invalid text is refused where it enters, a store written by an older build that let
// it in still starts and is repaired, idle sockets are shed, and heavy reads are bounded.
#include <rocksdb/db.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "graph/text.h"
#include "server_fixture.h"

namespace resgraph::testing {
namespace net = boost::asio;

class NeverDownTest : public ServerTest {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir.sub("www"));
    std::ofstream(dir.sub("www") + "/index.html") << "<!doctype html><title>app</title>";
    options.web_dir = dir.sub("www");
    ServerTest::SetUp();
  }
  void expect_problem(const ClientResponse& r, unsigned status, const std::string& mentions) {
    EXPECT_EQ(r.status, status) << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json");
    auto body = obj(r);
    EXPECT_NE(std::string(body["detail"].as_string()).find(mentions), std::string::npos) << r.body;
  }
  // A refused write changed nothing, the server still answers, and a restart over the same
  // store and index works and indexes everything.
  void expect_unchanged_and_restartable(uint64_t seq) {
    EXPECT_EQ(store->last_seq(), seq) << "bad input changed the store";
    EXPECT_EQ(call("GET", "/healthz").status, 200u);
    restart();
    EXPECT_EQ(call("GET", "/healthz").status, 200u);
    EXPECT_TRUE(index->wait_until_indexed(store->last_seq(), std::chrono::seconds(10)));
    EXPECT_EQ(call("GET", "/api/changes?since=0").status, 200u);
  }
  void restart() {
    stop();
    start();
  }
  // Sends raw bytes; returns what the server answers until it closes, or only the answer's
  // head when `head_only` (a WebSocket stays open after its head).
  std::string raw(const std::string& bytes, bool head_only = false) {
    net::io_context ioc;
    net::ip::tcp::socket sock(ioc);
    sock.connect({net::ip::make_address("127.0.0.1"), port});
    net::write(sock, net::buffer(bytes));
    std::string out;
    boost::system::error_code ec;
    char buf[4096];
    while (!(head_only && out.find("\r\n\r\n") != std::string::npos)) {
      size_t n = sock.read_some(net::buffer(buf), ec);
      if (ec) break;
      out.append(buf, n);
    }
    return out;
  }
};

TEST_F(NeverDownTest, InvalidUtf8InAHeaderIsRefusedNamingTheHeader) {
  uint64_t seq = store->last_seq();
  auto r = call("POST", "/api/nodes", R"({"type":"paper","title":"Cafe notes"})", contributor,
                {{"X-Comment", "caf\xe9"}});
  expect_problem(r, 400, "x-comment");
  EXPECT_NE(r.body.find("UTF-8"), std::string::npos) << r.body;
  expect_unchanged_and_restartable(seq);
}

TEST_F(NeverDownTest, InvalidUtf8InQueryParametersIsRefusedNamingTheParameter) {
  uint64_t seq = store->last_seq();
  const std::string list = "# Papers\n\n- [Ironies of Automation](https://example.org/ironies)\n";
  expect_problem(call("POST", "/api/import?source=caf%E9", list, contributor), 400, "'source'");
  expect_problem(call("POST", "/api/import?file=%FF.md", list, contributor), 400, "'file'");
  expect_problem(call("GET", "/api/search?q=%C3%28"), 400, "'q'");
  expect_unchanged_and_restartable(seq);
}

TEST_F(NeverDownTest, ControlCharactersImpossibleDatesYearZeroAndDuplicateKeysAreRefused) {
  uint64_t seq = store->last_seq();
  auto post = [&](const std::string& body) {
    return call("POST", "/api/nodes", body, contributor);
  };
  expect_problem(post(R"({"type":"paper","title":"a\u0000b"})"), 400, "control character (U+0000)");
  expect_problem(post(R"({"type":"paper","title":"bell\u0007"})"), 400, "title");
  expect_problem(
      post(
          R"({"type":"paper","title":"x","links":[{"url":"https://a.example","label":"l\u001b"}]})"),
      400, "links[].label");
  expect_problem(post(R"({"type":"paper","title":"x","date":"2020-02-31"})"), 400, "2020-02-31");
  expect_problem(post(R"({"type":"paper","title":"x","date":"2023-02-29"})"), 400, "date");
  expect_problem(post(R"({"type":"paper","title":"x","date":"0000"})"), 400, "date");
  expect_problem(post(R"({"type":"paper","title":"x","year":0})"), 400, "year 0");
  expect_problem(post(R"({"type":"paper","title":"a","title":"b"})"), 400,
                 "'title' is given twice");
  expect_problem(post(R"({"type":"paper","title":"a","attrs":{"k":1,"k":2}})"), 400, "attrs.k");
  auto trail = call("POST", "/api/trails", R"({"title":"tab\u0009in a title"})", contributor);
  expect_problem(trail, 400, "control character");
  expect_unchanged_and_restartable(seq);
  // What the rules allow still passes: a leap day, and line breaks in a summary.
  EXPECT_EQ(
      post(R"({"type":"paper","title":"Leap","date":"2024-02-29","summary":"one\ntwo"})").status,
      201u);
}

TEST_F(NeverDownTest, AMarkdownLineThatIsNotUtf8IsSkippedWithItsReason) {
  const std::string list =
      "# Papers\n\n"
      "- [Ironies of Automation](https://example.org/ironies)\n"
      "- [Caf\xe9 Safety](https://example.org/latin1)\n"
      "- [How Complex Systems Fail](https://example.org/hcsf)\n";
  auto r = call("POST", "/api/import?format=markdown&source=test&file=list.md", list, contributor);
  ASSERT_EQ(r.status, 200u) << r.body;
  auto summary = obj(r);
  EXPECT_EQ(summary["created"].as_int64(), 2);
  std::string skips = json::serialize(summary["skips"]);
  EXPECT_NE(skips.find("line 4"), std::string::npos) << skips;
  EXPECT_NE(skips.find("UTF-8"), std::string::npos) << skips;
  EXPECT_EQ(call("GET", "/api/search?q=latin1").status, 200u);
  expect_unchanged_and_restartable(store->last_seq());
}

TEST_F(NeverDownTest, TheChangeLogAfterTheLastPossibleSequenceIsEmpty) {
  create("paper", "One paper");
  auto r = call("GET", "/api/changes?since=18446744073709551615");
  ASSERT_EQ(r.status, 200u);
  EXPECT_TRUE(obj(r)["changes"].as_array().empty()) << r.body;
}

TEST_F(NeverDownTest, OnlyTheOwnerOrAModeratorChangesATrail) {
  std::string other = *store->add_user("dave", Role::contributor);
  std::string node = str(create("paper", "Trail step"), "id");
  auto made = call("POST", "/api/trails",
                   R"({"title":"Carl's trail","steps":[{"node":")" + node + "\"}]}", contributor);
  ASSERT_EQ(made.status, 201u) << made.body;
  std::string slug = str(obj(made), "slug");
  uint64_t seq = store->last_seq();
  const std::vector<std::pair<std::string, std::string>> rev1 = {{"If-Match", "\"1\""}};
  expect_problem(call("PATCH", "/api/trails/" + slug, R"({"steps":[]})", other, rev1), 403,
                 "owner");
  expect_problem(
      call("POST", "/api/trails/" + slug + "/steps", R"({"node":")" + node + "\"}", other, rev1),
      403, "owner");
  expect_problem(call("DELETE", "/api/trails/" + slug + "/steps/1", "", other, rev1), 403, "owner");
  expect_problem(call("POST", "/api/trails/" + slug + "/steps/1/move", R"({"to":1})", other, rev1),
                 403, "owner");
  expect_problem(call("DELETE", "/api/trails/" + slug, "", other, rev1), 403, "owner");
  EXPECT_EQ(store->last_seq(), seq);
  EXPECT_EQ(store->get_trail(slug)->steps.size(), 1u);
  EXPECT_EQ(
      call("PATCH", "/api/trails/" + slug, R"({"title":"Renamed by a moderator"})", moderator, rev1)
          .status,
      200u);
}

// An older build let invalid UTF-8 into a node and its change-log entry. Such a store must
// start, serve every read, rebuild its index, report the damage, and be repaired.
TEST_F(NeverDownTest, AStoreHoldingInvalidUtf8FromAnOlderBuildStartsServesAndIsRepaired) {
  std::string id = str(create("paper", "Marker Caf\xc3\xa9 Notes"), "id");
  stop();
  {
    rocksdb::DB* raw_db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), dir.sub("store"), &raw_db).ok());
    std::unique_ptr<rocksdb::DB> db(raw_db);
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions()));
    size_t damaged = 0;
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      std::string value = it->value().ToString();
      for (auto at = value.find("Caf\xc3\xa9"); at != std::string::npos;
           at = value.find("Caf\xc3\xa9")) {
        value.replace(at, 5, "Caf\xe9");  // as a Latin-1 client would have sent it
        ++damaged;
      }
      if (value != it->value().ToString()) {
        ASSERT_TRUE(db->Put({}, it->key(), value).ok());
      }
    }
    ASSERT_GE(damaged, 3u);  // the node, its revision and its change-log entry at least
  }
  std::filesystem::remove_all(dir.sub("index"));  // and the index is rebuilt from the log
  start();
  ASSERT_TRUE(index->wait_until_indexed(store->last_seq(), std::chrono::seconds(10)));
  auto node = call("GET", "/api/nodes/" + id);
  ASSERT_EQ(node.status, 200u);
  EXPECT_TRUE(text::valid_utf8(node.body));
  EXPECT_NE(str(obj(node), "title").find("\xEF\xBF\xBD"), std::string::npos) << node.body;
  auto changes = call("GET", "/api/changes?since=0");
  ASSERT_EQ(changes.status, 200u);
  EXPECT_TRUE(text::valid_utf8(changes.body));
  EXPECT_FALSE(obj(changes)["changes"].as_array().empty());
  EXPECT_EQ(call("GET", "/api/search?q=marker").status, 200u);
  EXPECT_EQ(call("GET", "/api/nodes/" + id + "/history").status, 200u);

  CheckReport report = store->check();
  ASSERT_FALSE(report.ok());
  EXPECT_TRUE(std::any_of(report.problems.begin(), report.problems.end(), [](const std::string& p) {
    return p.find("UTF-8") != std::string::npos;
  }));
  auto repaired = store->repair_text();
  ASSERT_TRUE(repaired.is_ok()) << repaired.status().message();
  EXPECT_GE(*repaired, 3u);
  CheckReport after = store->check();
  EXPECT_TRUE(after.ok()) << (after.problems.empty() ? "" : after.problems.front());
  restart();
  EXPECT_EQ(call("GET", "/api/nodes/" + id).status, 200u);
  // Re-saving the node writes it whole, valid.
  auto patched = call("PATCH", "/api/nodes/" + id, R"({"title":"Marker Café Notes"})", contributor);
  EXPECT_EQ(patched.status, 200u) << patched.body;
}

TEST_F(NeverDownTest, TheWebAppIsServedWithAContentSecurityPolicy) {
  auto page = call("GET", "/");
  ASSERT_EQ(page.status, 200u);
  std::string csp = page.header("content-security-policy");
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
}

TEST_F(NeverDownTest, TheLiveStreamTrustsConfiguredOriginsNotTheRequestsOwnHost) {
  auto upgrade = [&](const std::string& host, const std::string& origin) {
    return raw("GET /api/live HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + origin +
                   "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                   "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: "
                   "13\r\n\r\n",
               true)
        .substr(0, 12);
  };
  const std::string p = ":" + std::to_string(port);
  // A page on a name rebound to 127.0.0.1 sends that name as Host and as Origin.
  EXPECT_EQ(upgrade("rebound.example" + p, "http://rebound.example" + p), "HTTP/1.1 403");
  EXPECT_EQ(upgrade("127.0.0.1" + p, "http://127.0.0.1" + p), "HTTP/1.1 101");
  EXPECT_EQ(upgrade("localhost" + p, "http://localhost" + p), "HTTP/1.1 101");
}

class StarvationTest : public NeverDownTest {
 protected:
  void SetUp() override {
    options.max_connections = 64;
    options.header_timeout_s = 1;
    options.request_timeout_s = 30;
    NeverDownTest::SetUp();
  }
  std::vector<std::unique_ptr<net::ip::tcp::socket>> open_idle(size_t n,
                                                               const std::string& first_bytes) {
    std::vector<std::unique_ptr<net::ip::tcp::socket>> held;
    for (size_t i = 0; i < n; ++i) {
      auto s = std::make_unique<net::ip::tcp::socket>(ioc);
      s->connect({net::ip::make_address("127.0.0.1"), port});
      if (!first_bytes.empty()) net::write(*s, net::buffer(first_bytes));
      held.push_back(std::move(s));
    }
    return held;
  }
  net::io_context ioc;
};

// Five times the table's size in idle sockets, then a request on a new connection: it is
// admitted because the oldest idle ones are shed to make room.
TEST_F(StarvationTest, IdleSocketsFromOneClientDoNotLockOthersOut) {
  auto idle = open_idle(320, "");
  EXPECT_EQ(call("GET", "/healthz").status, 200u);
  auto slow =
      open_idle(320, "GET /api/nodes HTTP/1.1\r\nHost: x\r\n");  // slowloris: a head never ended
  EXPECT_EQ(call("GET", "/healthz").status, 200u);
  EXPECT_EQ(call("GET", "/api/nodes").status, 200u);
}

// The head has a deadline of its own, far shorter than the request timeout.
TEST_F(StarvationTest, AHeadThatNeverEndsIsClosedAtTheHeaderTimeout) {
  auto started = std::chrono::steady_clock::now();
  std::string answer = raw("GET /api/nodes HTTP/1.1\r\nHost: x\r\n");
  EXPECT_TRUE(answer.empty()) << answer;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(15));
}

class BusyPoolTest : public NeverDownTest {
 protected:
  void SetUp() override {
    options.max_blocking_queue = 0;  // every blocking request finds the queue full
    NeverDownTest::SetUp();
  }
};

TEST_F(BusyPoolTest, HeavyReadsPastTheQueueAreToldToRetry) {
  auto r = call("GET", "/api/search?q=resilience");
  expect_problem(r, 503, "busy");
  EXPECT_FALSE(r.header("retry-after").empty());
  EXPECT_EQ(call("GET", "/healthz").status, 200u);  // light requests never queue
}

}  // namespace resgraph::testing

namespace resgraph::testing {

// A trail emptied by mistake (or by someone who should not have) is one revert from whole.
TEST_F(NeverDownTest, TrailsHaveHistoryAndRevertLikeNodes) {
  std::string a = str(create("paper", "First step"), "id"),
              b = str(create("paper", "Second step"), "id");
  auto made =
      call("POST", "/api/trails",
           R"({"title":"Two steps","steps":[{"node":")" + a + R"("},{"node":")" + b + "\"}]}",
           contributor);
  ASSERT_EQ(made.status, 201u) << made.body;
  ASSERT_EQ(call("PATCH", "/api/trails/two-steps", R"({"steps":[]})", contributor,
                 {{"If-Match", "\"1\""}})
                .status,
            200u);
  auto history = call("GET", "/api/trails/two-steps/history");
  ASSERT_EQ(history.status, 200u);
  auto revs = obj(history)["revisions"].as_array();
  ASSERT_EQ(revs.size(), 2u);
  EXPECT_EQ(revs[0].as_object().at("kind"), "updated");
  EXPECT_EQ(call("GET", "/api/trails/two-steps/history/1").status, 200u);
  std::string other = *store->add_user("dave", Role::contributor);
  expect_problem(call("POST", "/api/trails/two-steps/revert", R"({"rev":1})", other), 403, "owner");
  auto reverted = call("POST", "/api/trails/two-steps/revert", R"({"rev":1})", contributor,
                       {{"If-Match", "\"2\""}});
  ASSERT_EQ(reverted.status, 200u) << reverted.body;
  EXPECT_EQ(obj(reverted)["steps"].as_array().size(), 2u);
  EXPECT_EQ(obj(reverted)["rev"].as_int64(), 3);
  // A deleted trail comes back by its id, from a moderator.
  std::string id = str(obj(reverted), "id");
  ASSERT_EQ(
      call("DELETE", "/api/trails/two-steps", "", contributor, {{"If-Match", "\"3\""}}).status,
      200u);
  expect_problem(call("POST", "/api/trails/" + id + "/revert", R"({"rev":3})", contributor), 404,
                 "trail");
  auto restored = call("POST", "/api/trails/" + id + "/revert", R"({"rev":3})", moderator);
  ASSERT_EQ(restored.status, 200u) << restored.body;
  EXPECT_EQ(obj(restored)["rev"].as_int64(), 5);
  EXPECT_EQ(call("GET", "/api/trails/two-steps").status, 200u);
  EXPECT_TRUE(store->check().ok());
}

}  // namespace resgraph::testing

namespace resgraph::testing {

// One vocabulary: every problem type an answer can name is served at the URI it names and
// written down in docs/problems.md.
TEST_F(NeverDownTest, EveryProblemTypeIsDocumentedAndServedWhereItPoints) {
  auto page = call("GET", "/docs/problems");
  ASSERT_EQ(page.status, 200u);
  std::ifstream in(std::string(RESGRAPH_DOCS_DIR) + "/problems.md");
  std::stringstream doc;
  doc << in.rdbuf();
  for (const char* code :
       {"invalid", "unauthorized", "forbidden", "not_found", "method_not_allowed", "conflict",
        "too_large", "headers_too_large", "internal", "unavailable"}) {
    EXPECT_NE(page.body.find("id=\"" + std::string(code) + "\""), std::string::npos) << code;
    EXPECT_NE(doc.str().find("\n## " + std::string(code) + "\n"), std::string::npos) << code;
  }
  // And the answers name them so.
  auto missing = call("GET", "/api/nodes/no-such-node");
  EXPECT_EQ(str(obj(missing), "type"), "/docs/problems#not_found");
  auto wrong_method = call("PUT", "/api/nodes", "{}", contributor);
  EXPECT_EQ(str(obj(wrong_method), "type"), "/docs/problems#method_not_allowed");
}

}  // namespace resgraph::testing
