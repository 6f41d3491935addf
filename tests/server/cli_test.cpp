// The resgraph binary: commands work on a stopped store, and hand their work to a running
// server on the same data dir.

#include <filesystem>
#include <fstream>

#include "process.h"
#include "server_fixture.h"

namespace resgraph::testing {
namespace {

class CliTest : public ::testing::Test {
 protected:
  std::string flags() const { return "--data-dir " + dir.sub("var"); }
  uint16_t start_server(const std::string& dataset_dir) {
    return server.start(dir.sub("var"), dataset_dir);
  }
  void stop_server() { server.stop(SIGTERM); }

  TempDir dir;
  ServeProcess server;
};

}  // namespace

TEST_F(CliTest, HelpAndUsageErrors) {
  EXPECT_EQ(run("--help").code, 0);
  EXPECT_NE(run("--help").out.find("resgraph serve"), std::string::npos);
  EXPECT_NE(run("user --help").out.find("--role"), std::string::npos);
  EXPECT_EQ(run("frobnicate").code, 2);
  EXPECT_EQ(run("serve --port 99999").code, 2);
  EXPECT_EQ(run("user add bob --role admiral " + flags()).code, 2);
  EXPECT_EQ(run("import /no/such/file.json " + flags()).code, 1);
}

TEST_F(CliTest, CommandsWorkOnAStoppedStore) {
  CliRun user = run("user add alice --role contributor " + flags());
  ASSERT_EQ(user.code, 0);
  EXPECT_TRUE(trim(user.out).starts_with("rg.alice."));
  std::string file = dir.sub("d.json");
  std::ofstream(file)
      << R"({"nodes":[{"type":"person","title":"Richard Cook","slug":"richard-cook"},
    {"type":"paper","title":"How Complex Systems Fail","slug":"hcsf"}],
    "edges":[{"from":"richard-cook","to":"hcsf","type":"authored"}]})";
  CliRun imported = run("import " + file + " " + flags());
  ASSERT_EQ(imported.code, 0);
  EXPECT_NE(imported.out.find("created 2 nodes"), std::string::npos) << imported.out;
  EXPECT_NE(run("import " + file + " " + flags()).out.find("created 0 nodes (2 already there)"),
            std::string::npos);
  CliRun exported = run("export " + flags());
  ASSERT_EQ(exported.code, 0);
  EXPECT_NE(exported.out.find("How Complex Systems Fail"), std::string::npos);
  CliRun check = run("check " + flags());
  EXPECT_EQ(check.code, 0);
  EXPECT_NE(check.out.find("2 nodes, 1 edges"), std::string::npos) << check.out;
}

TEST_F(CliTest, CommandsHandTheirWorkToARunningServer) {
  std::string dataset = dir.sub("dataset");
  std::filesystem::create_directories(dataset);
  std::ofstream(dataset + "/seed.json") << R"({"nodes":[{"type":"concept","title":"Resilience"}]})";
  uint16_t port = start_server(dataset);
  ASSERT_NE(port, 0);
  auto listed = server::http_request("127.0.0.1", port, "GET", "/api/nodes");
  ASSERT_TRUE(listed.is_ok());
  EXPECT_NE(listed->body.find("Resilience"), std::string::npos);  // default dataset loaded

  CliRun user = run("user add bob --role contributor " + flags());
  ASSERT_EQ(user.code, 0);
  std::string token = trim(user.out);
  auto created = server::http_request("127.0.0.1", port, "POST", "/api/nodes",
                                      R"({"type":"paper","title":"Written by bob"})",
                                      {{"Authorization", "Bearer " + token}});
  ASSERT_TRUE(created.is_ok());
  EXPECT_EQ(created->status, 201u) << created->body;
  EXPECT_EQ(run("user add bob --role reader " + flags()).code, 1);  // exists: server says so
  CliRun check = run("check " + flags());
  EXPECT_EQ(check.code, 0);
  EXPECT_NE(check.out.find("2 nodes"), std::string::npos) << check.out;
  EXPECT_NE(run("export " + flags()).out.find("Written by bob"), std::string::npos);

  // A restart does not load the default dataset again over the store's contents.
  stop_server();
  port = start_server(dataset);
  CliRun after = run("check " + flags());
  EXPECT_NE(after.out.find("2 nodes"), std::string::npos) << after.out;
}

}  // namespace resgraph::testing

namespace resgraph::testing {

// The hand-off to a running server carries the whole file, however far past the public API's
// 1 MiB body limit it is.
TEST_F(CliTest, AFileOverOneMebibyteImportsThroughARunningServer) {
  std::string dataset = dir.sub("dataset");
  std::filesystem::create_directories(dataset);
  ASSERT_NE(start_server(dataset), 0);
  std::string list = "# Papers\n\n";
  for (int i = 0; i < 300; ++i)
    list += "- [Paper number " + std::to_string(i) + "](https://example.org/papers/" +
            std::to_string(i) + ") - " + std::string(5000, 'a' + i % 26) + "\n";
  ASSERT_GT(list.size(), 1u << 20);
  std::string file = dir.sub("big.md");
  std::ofstream(file) << list;
  CliRun imported = run("import " + file + " " + flags());
  EXPECT_EQ(imported.code, 0) << imported.out;
  EXPECT_NE(imported.out.find("created 300"), std::string::npos) << imported.out;
}

}  // namespace resgraph::testing
