// SIGKILL right after writes are acknowledged, before the search index has had its chance to
// commit: after a restart, the store holds every acknowledged write and search agrees with it.
#include <filesystem>
#include <mutex>
#include <random>
#include <thread>

#include "process.h"
#include "server_fixture.h"

namespace resgraph::testing {

TEST(CrashTest, AcknowledgedWritesSurviveSigkillAndSearchCatchesUp) {
  TempDir dir;
  std::string data = dir.sub("var"), empty = dir.sub("empty");
  std::filesystem::create_directories(empty);
  std::string token = trim(run("user add crash --role contributor --data-dir " + data).out);
  ASSERT_TRUE(token.starts_with("rg.crash."));
  std::vector<std::string> acknowledged;
  ServeProcess server;
  for (int round = 0; round < 3; ++round) {
    uint16_t port = server.start(data, empty);
    ASSERT_NE(port, 0);
    for (int i = 0; i < 15; ++i) {
      std::string title = "Crashproof " + std::to_string(round) + " " + std::to_string(i);
      auto r = server::http_request("127.0.0.1", port, "POST", "/api/nodes",
                                    R"({"type":"concept","title":")" + title + "\"}",
                                    {{"Authorization", "Bearer " + token}});
      ASSERT_TRUE(r.is_ok());
      ASSERT_EQ(r->status, 201u) << r->body;
      acknowledged.push_back(title);
    }
    server.stop(SIGKILL);
  }
  uint16_t port = server.start(data, empty);
  ASSERT_NE(port, 0);
  for (const auto& title : acknowledged) {
    std::string slug = title;
    for (auto& c : slug) c = c == ' ' ? '-' : static_cast<char>(std::tolower(c));
    auto r = server::http_request("127.0.0.1", port, "GET", "/api/nodes/" + slug);
    ASSERT_TRUE(r.is_ok());
    EXPECT_EQ(r->status, 200u) << title;
  }
  // The index catches up from its own last commit; wait for it, bounded.
  size_t found = 0;
  for (int i = 0; i < 100 && found != acknowledged.size(); ++i) {
    auto r = server::http_request("127.0.0.1", port, "GET", "/api/search?q=crashproof&per_page=1");
    ASSERT_TRUE(r.is_ok());
    found = boost::json::parse(r->body).as_object()["estimated_total"].to_number<size_t>();
    if (found != acknowledged.size()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(found, acknowledged.size());
  CliRun check = run("check --data-dir " + data);
  EXPECT_EQ(check.code, 0) << check.out;
  EXPECT_NE(check.out.find(std::to_string(acknowledged.size()) + " nodes"), std::string::npos)
      << check.out;
}

}  // namespace resgraph::testing

namespace resgraph::testing {

// Issue 8: writes in a loop, SIGKILL at random moments, twenty times. After every restart each
// acknowledged write is in the store, in search and in the change log, the log has no gaps,
// search agrees with the store, and `resgraph check` passes.
TEST(CrashTest, TwentyRandomKillsLoseNothingAcknowledged) {
  TempDir dir;
  std::string data = dir.sub("var"), empty = dir.sub("empty");
  std::filesystem::create_directories(empty);
  std::string token = trim(run("user add looper --role contributor --data-dir " + data).out);
  ASSERT_TRUE(token.starts_with("rg.looper."));
  std::vector<std::string> acked_nodes;
  size_t acked_edges = 0;
  std::mt19937 rng(12345);
  ServeProcess server;
  auto get = [](uint16_t port, const std::string& target) {
    auto r = server::http_request("127.0.0.1", port, "GET", target, "", {}, 5);
    return r.is_ok() ? *r : server::ClientResponse{};
  };
  for (int round = 0; round < 20; ++round) {
    uint16_t port = server.start(data, empty);
    ASSERT_NE(port, 0) << "round " << round;
    // Verify everything acknowledged so far survived the previous kill.
    for (const auto& slug : acked_nodes)
      ASSERT_EQ(get(port, "/api/nodes/" + slug).status, 200u) << slug;
    uint64_t expected = 1;
    for (;;) {
      auto changes =
          json::parse(
              get(port, "/api/changes?limit=1000&since=" + std::to_string(expected - 1)).body)
              .as_object();
      if (changes["changes"].as_array().empty()) break;
      for (const auto& c : changes["changes"].as_array())
        ASSERT_EQ(c.as_object().at("seq").to_number<uint64_t>(), expected++);
    }
    ASSERT_GE(expected - 1, acked_nodes.size() + acked_edges);
    // Writer: nodes, each linked to the previous one, until the kill cuts it off.
    std::atomic<bool> stop{false};
    std::thread writer([&, round] {
      for (int i = 0; !stop && i < 200; ++i) {
        std::string title = "Loopnode " + std::to_string(round) + " " + std::to_string(i);
        auto r = server::http_request("127.0.0.1", port, "POST", "/api/nodes",
                                      R"({"type":"concept","title":")" + title + "\"}",
                                      {{"Authorization", "Bearer " + token}}, 2);
        if (!r.is_ok() || r->status != 201) break;
        std::string slug(json::parse(r->body).as_object()["slug"].as_string());
        if (!acked_nodes.empty()) {
          auto e = server::http_request(
              "127.0.0.1", port, "POST", "/api/edges",
              R"({"from":")" + acked_nodes.back() + R"(","to":")" + slug + R"(","type":"related"})",
              {{"Authorization", "Bearer " + token}}, 2);
          acked_nodes.push_back(slug);
          if (!e.is_ok() || e->status != 201) break;
          ++acked_edges;
        } else {
          acked_nodes.push_back(slug);
        }
      }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 200));
    server.stop(SIGKILL);
    stop = true;
    writer.join();
  }
  // Final restart: search agrees with the store once it has caught up, and check passes.
  uint16_t port = server.start(data, empty);
  ASSERT_NE(port, 0);
  for (const auto& slug : acked_nodes)
    ASSERT_EQ(get(port, "/api/nodes/" + slug).status, 200u) << slug;
  size_t in_store = 0;
  for (std::string cursor;;) {
    auto page = json::parse(get(port, "/api/nodes?type=concept&limit=1000" +
                                          (cursor.empty() ? "" : "&cursor=" + cursor))
                                .body)
                    .as_object();
    in_store += page["nodes"].as_array().size();
    if (page["next_cursor"].is_null()) break;
    cursor = std::string(page["next_cursor"].as_string());
  }
  EXPECT_GE(in_store, acked_nodes.size());
  size_t found = 0;
  for (int i = 0; i < 100 && found != in_store; ++i) {
    found = json::parse(get(port, "/api/search?q=loopnode&per_page=1").body)
                .as_object()["estimated_total"]
                .to_number<size_t>();
    if (found != in_store) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(found, in_store);
  CliRun check = run("check --data-dir " + data);
  EXPECT_EQ(check.code, 0) << check.out;
  EXPECT_GT(acked_nodes.size(), 20u) << "the loop should have written between kills";
}

}  // namespace resgraph::testing

namespace resgraph::testing {

// Group commit under SIGKILL: eight writers at once share fsyncs, the server is killed at a
// random moment, five times. Every write any of them had acknowledged is there after the
// restart, and the change log has no gaps.
TEST(CrashTest, ManyWritersSharingSyncsLoseNothingAcknowledged) {
  TempDir dir;
  std::string data = dir.sub("var"), empty = dir.sub("empty");
  std::filesystem::create_directories(empty);
  std::string token = trim(run("user add many --role contributor --data-dir " + data).out);
  ASSERT_TRUE(token.starts_with("rg.many."));
  std::mutex mu;
  std::vector<std::string> acked;
  std::mt19937 rng(777);
  ServeProcess server;
  for (int round = 0; round < 5; ++round) {
    uint16_t port = server.start(data, empty);
    ASSERT_NE(port, 0) << "round " << round;
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (int w = 0; w < 8; ++w)
      writers.emplace_back([&, w] {
        for (int i = 0; !stop && i < 300; ++i) {
          std::string slug =
              "many-" + std::to_string(round) + "-" + std::to_string(w) + "-" + std::to_string(i);
          auto r = server::http_request("127.0.0.1", port, "POST", "/api/nodes",
                                        R"({"type":"concept","title":")" + slug + "\"}",
                                        {{"Authorization", "Bearer " + token}}, 2);
          if (!r.is_ok() || r->status != 201) break;
          std::lock_guard lock(mu);
          acked.push_back(slug);
        }
      });
    std::this_thread::sleep_for(std::chrono::milliseconds(100 + rng() % 300));
    server.stop(SIGKILL);
    stop = true;
    for (auto& t : writers) t.join();
  }
  ASSERT_GT(acked.size(), 40u);  // the writers did get going before the kills
  uint16_t port = server.start(data, empty);
  ASSERT_NE(port, 0);
  for (const auto& slug : acked) {
    auto r = server::http_request("127.0.0.1", port, "GET", "/api/nodes/" + slug, "", {}, 5);
    ASSERT_TRUE(r.is_ok());
    ASSERT_EQ(r->status, 200u) << slug;
  }
  uint64_t expected = 1;
  for (;;) {
    auto r = server::http_request("127.0.0.1", port, "GET",
                                  "/api/changes?limit=1000&since=" + std::to_string(expected - 1),
                                  "", {}, 5);
    ASSERT_TRUE(r.is_ok());
    auto changes = boost::json::parse(r->body).as_object();
    if (changes["changes"].as_array().empty()) break;
    for (const auto& c : changes["changes"].as_array())
      ASSERT_EQ(c.as_object().at("seq").to_number<uint64_t>(), expected++);
  }
  EXPECT_GE(expected - 1, acked.size());
}

}  // namespace resgraph::testing
