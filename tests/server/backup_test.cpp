// `resgraph backup` while a server takes writes, then `resgraph restore` into a new data dir:
// the restored graph is exactly the source's as of the backup's sequence number.
#include <filesystem>
#include <set>

#include "process.h"
#include "server_fixture.h"

namespace resgraph::testing {

TEST(BackupTest, ABackupTakenUnderWriteLoadRestoresToItsSequenceNumber) {
  TempDir dir;
  std::string data = dir.sub("var"), empty = dir.sub("empty");
  std::filesystem::create_directories(empty);
  std::string token = trim(run("user add backer --role contributor --data-dir " + data).out);
  ServeProcess server;
  uint16_t port = server.start(data, empty);
  ASSERT_NE(port, 0);
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; !stop && i < 2000; ++i)
      (void)server::http_request(
          "127.0.0.1", port, "POST", "/api/nodes",
          R"({"type":"concept","title":"Backed )" + std::to_string(i) + "\"}",
          {{"Authorization", "Bearer " + token}});
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  CliRun backup = run("backup " + dir.sub("backup") + " --data-dir " + data);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  stop = true;
  writer.join();
  ASSERT_EQ(backup.code, 0) << backup.out;
  uint64_t seq = std::stoull(backup.out.substr(backup.out.rfind(' ') + 1));
  ASSERT_GT(seq, 0u);

  // What the source held at that sequence number, from its change log.
  std::set<std::string> expected;
  for (uint64_t since = 0; since < seq;) {
    auto page =
        json::parse(server::http_request("127.0.0.1", port, "GET",
                                         "/api/changes?limit=1000&since=" + std::to_string(since))
                        ->body)
            .as_object();
    auto& changes = page["changes"].as_array();
    if (changes.empty()) break;
    for (const auto& c : changes) {
      const auto& o = c.as_object();
      since = o.at("seq").to_number<uint64_t>();
      if (since <= seq && o.at("kind") == "node.created")
        expected.insert(std::string(o.at("data").as_object().at("title").as_string()));
    }
  }
  auto after = json::parse(server::http_request("127.0.0.1", port, "GET",
                                                "/api/changes?limit=1&since=" + std::to_string(seq))
                               ->body)
                   .as_object();
  EXPECT_FALSE(after["changes"].as_array().empty()) << "writes went on after the backup";
  server.stop(SIGTERM);

  std::string restored = dir.sub("restored");
  CliRun restore = run("restore " + dir.sub("backup") + " --data-dir " + restored);
  ASSERT_EQ(restore.code, 0) << restore.out;
  EXPECT_NE(run("restore " + dir.sub("backup") + " --data-dir " + restored).code,
            0);  // never over a store
  auto exported = json::parse(run("export --data-dir " + restored).out).as_object();
  std::set<std::string> got;
  for (const auto& n : exported["nodes"].as_array())
    got.insert(std::string(n.as_object().at("title").as_string()));
  EXPECT_EQ(got, expected);
  CliRun check = run("check --data-dir " + restored);
  EXPECT_EQ(check.code, 0) << check.out;  // includes the search index, rebuilt on open
}

}  // namespace resgraph::testing
