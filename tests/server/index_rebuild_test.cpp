// A search index deleted while the server was down: `resgraph serve` starts at once, rebuilds
// the index from the store behind the scenes, answers /api/search with 503 until the rebuild is
// complete (never a partial result), and answers node reads throughout.
#include <boost/json/parse.hpp>
#include <filesystem>

#include "process.h"
#include "server_fixture.h"

namespace resgraph::testing {

TEST(IndexRebuildTest, ADeletedIndexIsRebuiltOnStartWhileSearchAnswers503AndReadsWork) {
  TempDir dir;
  std::string data = dir.sub("var"), empty = dir.sub("empty");
  std::filesystem::create_directories(empty);
  const uint64_t kNodes = 6000;
  std::string some_id;
  {
    auto store = Store::open({data + "/store"});
    ASSERT_TRUE(store.is_ok());
    for (uint64_t i = 0; i < kNodes; ++i) {
      NodeFields f;
      f.type = "paper";
      f.title = "Rebuilt paper " + std::to_string(i);
      f.summary = "On graceful extensibility, saturation and the adaptive capacity of teams.";
      auto n = (*store)->create_node(f, {"test", ""});
      ASSERT_TRUE(n.is_ok());
      some_id = n->id;
    }
  }
  std::filesystem::remove_all(data + "/index");

  ServeProcess server;
  uint16_t port = server.start(data, empty);
  ASSERT_NE(port, 0);
  size_t unavailable = 0, reads = 0;
  bool complete = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!complete && std::chrono::steady_clock::now() < deadline) {
    auto s = server::http_request("127.0.0.1", port, "GET", "/api/search?q=rebuilt&per_page=1");
    ASSERT_TRUE(s.is_ok());
    if (s->status == 503) {
      ++unavailable;
      EXPECT_EQ(s->header("content-type"), "application/problem+json");
    } else {
      ASSERT_EQ(s->status, 200u) << s->body;
      auto body = json::parse(s->body).as_object();
      EXPECT_EQ(body["estimated_total"].to_number<uint64_t>(), kNodes) << "a partial answer";
      complete = true;
    }
    auto n = server::http_request("127.0.0.1", port, "GET", "/api/nodes/" + some_id);
    ASSERT_TRUE(n.is_ok());
    EXPECT_EQ(n->status, 200u);
    ++reads;
  }
  EXPECT_TRUE(complete) << "the index was not rebuilt";
  // The server answered while the rebuild ran, so the 503s were seen, not waited out.
  EXPECT_GT(unavailable, 0u);
  std::cout << unavailable << " searches answered 503 during the rebuild; " << reads
            << " node reads\n";
}

}  // namespace resgraph::testing
