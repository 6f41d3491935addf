// SIGKILL right after writes are acknowledged, before the search index has had its chance to
// commit: after a restart, the store holds every acknowledged write and search agrees with it.
#include <filesystem>

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
  EXPECT_NE(check.out.find(std::to_string(acknowledged.size()) + " nodes"), std::string::npos) << check.out;
}

}  // namespace resgraph::testing
