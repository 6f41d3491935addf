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

// A long import shows how far it has come on a terminal, and nothing of it in a pipe or a log.
TEST_F(CliTest, AnImportShowsProgressOnATerminalOnly) {
  std::string file = dir.sub("big.json");
  {
    std::ofstream out(file);
    out << R"({"nodes":[)";
    for (int i = 0; i < 3000; ++i)
      out << (i ? "," : "") << R"({"type":"paper","slug":"p)" << i << R"(","title":"Paper )" << i
          << R"("})";
    out << R"(],"edges":[)";
    for (int i = 1; i < 2000; ++i)
      out << (i > 1 ? "," : "") << R"({"from":"p0","to":"p)" << i << R"(","type":"cites"})";
    out << "]}";
  }
  CliRun shown = run_on_terminal({"import", file, "--data-dir", dir.sub("var")});
  ASSERT_EQ(shown.code, 0) << shown.out;
  EXPECT_NE(shown.out.find("importing: "), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("/4,999 entries ("), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("\r\033[K"), std::string::npos) << "the line is cleared for the report";
  EXPECT_NE(shown.out.find("created 3000 nodes"), std::string::npos) << shown.out;
  // The report does not share the progress line: it starts after the line was cleared.
  EXPECT_LT(shown.out.rfind("\033[K"), shown.out.find("created 3000 nodes"));

  CliRun piped = run("import " + file + " --data-dir " + dir.sub("var2"), true);
  ASSERT_EQ(piped.code, 0) << piped.out;
  EXPECT_NE(piped.out.find("created 3000 nodes"), std::string::npos) << piped.out;
  EXPECT_EQ(piped.out.find("importing: "), std::string::npos) << piped.out;
  EXPECT_EQ(piped.out.find('\033'), std::string::npos) << piped.out;
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

// One implementation of import: on a stopped store and through a running server the same
// files give the same report, line for line (a dry run, a first import, a re-import).
TEST_F(CliTest, ImportReportsTheSameWithAndWithoutARunningServer) {
  std::string list = dir.sub("reading.md");
  std::ofstream(list) << "# Reading\n\n## Safety\n\n"
                      << "- [How Complex Systems Fail](https://how.complexsystems.fail) by "
                         "Richard Cook - eighteen short points.\n"
                      << "- [Ironies of Automation](https://example.org/ironies) by Lisanne "
                         "Bainbridge (1983)\n";
  std::string dataset = dir.sub("seed.json");
  std::ofstream(dataset) << R"({"nodes":[{"type":"concept","title":"Drift into failure"}]})";
  auto imports = [&](const std::string& data_dir) {
    std::vector<CliRun> runs;
    const std::string at = " --data-dir " + data_dir;
    runs.push_back(run("import " + list + " --dry-run" + at));
    runs.push_back(run("import " + dataset + " --dry-run" + at));  // refused: writes nothing
    runs.push_back(run("import " + list + " " + dataset + at));
    runs.push_back(run("import " + list + " " + dataset + at));
    return runs;
  };
  auto alone = imports(dir.sub("alone"));
  std::string empty = dir.sub("empty");
  std::filesystem::create_directories(empty);
  ASSERT_NE(start_server(empty), 0);
  auto handed = imports(dir.sub("var"));
  ASSERT_EQ(alone.size(), handed.size());
  for (size_t i = 0; i < alone.size(); ++i) {
    EXPECT_EQ(alone[i].code, i == 1 ? 1 : 0) << alone[i].out;
    EXPECT_EQ(handed[i].code, alone[i].code) << "run " << i;
    EXPECT_EQ(handed[i].out, alone[i].out) << "run " << i;
  }
  EXPECT_NE(alone[0].out.find("would create 5"), std::string::npos) << alone[0].out;
  EXPECT_NE(alone[2].out.find("created 1 nodes (0 already there)"), std::string::npos)
      << alone[2].out;
  EXPECT_NE(alone[3].out.find("created 0 nodes (1 already there)"), std::string::npos)
      << alone[3].out;
}

// One implementation of every store command: trail generation, export (each shape), backup and
// check answer the same, output and errors alike, on a stopped store and through a running
// server.
TEST_F(CliTest, StoreCommandsAnswerTheSameWithAndWithoutARunningServer) {
  std::string dataset = dir.sub("seed.json");
  std::ofstream(dataset) << R"({"nodes":[
    {"type":"person","title":"Richard Cook","slug":"richard-cook"},
    {"type":"paper","title":"How Complex Systems Fail","slug":"hcsf","year":1998},
    {"type":"talk","title":"Resilience in Complex Adaptive Systems","slug":"rcas","date":"2013-06-18"},
    {"type":"talk","title":"Lectures on the study of cognitive work","slug":"lscw","date":"2012-10-04"}],
    "edges":[{"from":"richard-cook","to":"hcsf","type":"authored"},
      {"from":"richard-cook","to":"rcas","type":"presented"},
      {"from":"richard-cook","to":"lscw","type":"presented"}]})";
  std::string bib = dir.sub("library.bib");
  std::ofstream(bib) << "@article{cook_1998, title = {How Complex Systems Fail}, year = 1998,\n"
                        "  author = {Cook, Richard}}\n"
                        "@book{dekker_2011, title = {Drift into Failure}, author = {Dekker, "
                        "Sidney}, isbn = {978-1-4094-2221-1}, year = {2011}}\n";
  auto commands = [&](const std::string& data_dir, const std::string& backup_dir) {
    const std::string at = " --data-dir " + data_dir;
    std::vector<std::string> outs;
    const std::vector<std::string> runs = {
        "import " + dataset,
        "trail make --person 'Richard Cook' --type talk,paper",
        "trail make --person 'Richard Cook' --type talk --order title --slug cook-talks",
        "trail make --person 'Nobody Here'",
        "trail make --person hcsf",
        std::string("export"),
        std::string("export --format markdown"),
        std::string("export --format markdown --type talk"),
        std::string("export --source no-such-list"),
        "backup " + backup_dir,
        "backup " + backup_dir,
        std::string("check"),
        std::string("user add alice --role contributor"),
        std::string("user add alice --role moderator"),
        std::string("user add 'bad name' --role reader"),
        "import " + bib,
        std::string("export --format bibtex --person 'Richard Cook'"),
        std::string("export --format ris --node hcsf"),
        std::string("export --format csl-json --q 'systems'"),
        std::string("export --format bibtex --trail cook-talks --person 'Richard Cook'"),
        std::string("export --format json --trail cook-talks"),
        std::string("user invite --role contributor --note 'for erin' --expires 3"),
        std::string("user role alice --role reader"),
        std::string("user suspend alice"),
        std::string("user restore alice"),
        std::string("user suspend nobody"),
        std::string("user invite --role admin")};
    for (const auto& args : runs) {
      CliRun r = run(args + at, true);
      std::string out = r.out;
      for (size_t p; (p = out.find(backup_dir)) != std::string::npos;)
        out.replace(p, backup_dir.size(), "BACKUP");
      if (out.starts_with("rg.alice.")) out = "rg.alice.SECRET\n";  // a new secret each time
      if (out.starts_with("/join/")) out.replace(6, out.find('\n') - 6, "CODE");
      outs.push_back(std::to_string(r.code) + " " + out);
    }
    return outs;
  };
  auto alone = commands(dir.sub("alone"), dir.sub("backup-alone"));
  std::string empty = dir.sub("empty");
  std::filesystem::create_directories(empty);
  ASSERT_NE(start_server(empty), 0);
  auto handed = commands(dir.sub("var"), dir.sub("backup-handed"));
  ASSERT_EQ(alone.size(), handed.size());
  for (size_t i = 0; i < alone.size(); ++i) EXPECT_EQ(handed[i], alone[i]) << "command " << i;
  EXPECT_TRUE(alone[1].starts_with("0 richard-cook-talks-and-papers-by-date (3 steps)"))
      << alone[1];
  EXPECT_TRUE(alone[2].starts_with("0 cook-talks (2 steps)")) << alone[2];
  EXPECT_TRUE(alone[3].starts_with("1 resgraph: no person 'Nobody Here'")) << alone[3];
  EXPECT_TRUE(alone[4].starts_with("1 resgraph: 'How Complex Systems Fail' is a paper"))
      << alone[4];
  EXPECT_NE(alone[5].find("\"richard-cook-talks-and-papers-by-date\""), std::string::npos);
  EXPECT_NE(alone[7].find("Lectures on the study"), std::string::npos) << alone[7];
  EXPECT_EQ(alone[7].find("How Complex Systems Fail"), std::string::npos) << alone[7];
  EXPECT_TRUE(alone[8].starts_with("1 resgraph: ")) << alone[8];
  EXPECT_TRUE(alone[9].starts_with("0 backup in BACKUP holds changes up to")) << alone[9];
  EXPECT_TRUE(alone[10].starts_with("1 resgraph: ")) << alone[10];  // a backup is not overwritten
  EXPECT_NE(alone[11].find("4 nodes, 3 edges"), std::string::npos) << alone[11];
  EXPECT_EQ(alone[12], "0 rg.alice.SECRET\n");
  EXPECT_TRUE(alone[13].starts_with("1 resgraph: ")) << alone[13];  // the name is taken
  EXPECT_TRUE(alone[14].starts_with("1 resgraph: ")) << alone[14];
  // Citations: the paper and its author are met (by title and year, by name), the book and its
  // author are new.
  EXPECT_NE(alone[15].find("created 2, update 2, unchanged 0, skipped 0; edges: 1 new, 1 existing"),
            std::string::npos)
      << alone[15];
  EXPECT_NE(alone[16].find("@article{hcsf,"), std::string::npos) << alone[16];
  EXPECT_NE(alone[16].find("@misc{rcas,"), std::string::npos) << alone[16];
  EXPECT_EQ(alone[16].find("Drift into Failure"), std::string::npos) << alone[16];
  EXPECT_NE(alone[17].find("TI  - How Complex Systems Fail"), std::string::npos) << alone[17];
  EXPECT_EQ(alone[17].find("TY  - SLIDE"), std::string::npos) << alone[17];  // hops: 1
  EXPECT_NE(alone[18].find("\"How Complex Systems Fail\""), std::string::npos) << alone[18];
  EXPECT_TRUE(
      alone[21].starts_with("0 /join/CODE\n  a one-time link for a contributor, for 3 days"))
      << alone[21];
  EXPECT_EQ(alone[22], "0 alice: reader\n");
  EXPECT_EQ(alone[23], "0 alice: reader, suspended\n");
  EXPECT_EQ(alone[24], "0 alice: reader\n");
  EXPECT_EQ(alone[25], "1 resgraph: no user 'nobody'\n");
  EXPECT_TRUE(alone[26].starts_with("2 resgraph: unknown role 'admin'")) << alone[26];
  EXPECT_EQ(alone[18].find("Drift"), std::string::npos) << alone[18];
  EXPECT_TRUE(alone[19].starts_with("1 resgraph: cite one of")) << alone[19];
  EXPECT_TRUE(alone[20].starts_with("1 resgraph: ")) << alone[20];
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

#include "file_server.h"

namespace resgraph::testing {

// A list imported from its URL is a source: `sources` lists it, a server started with
// --sync-every follows it upstream on its own, and `sync` hands its work to that server.
TEST_F(CliTest, AListImportedFromItsUrlIsFollowedUpstream) {
  FileServer upstream;
  const std::string v1 =
      "# Readings\n\n## Papers\n\n- [Ironies of automation](https://example.org/ironies.pdf)\n";
  upstream.put("/list.md", {v1, "\"v1\""});
  CliRun imported = run("import " + upstream.url("/list.md") + " " + flags());
  ASSERT_EQ(imported.code, 0) << imported.out;
  EXPECT_NE(imported.out.find("list.md: created 1,"), std::string::npos) << imported.out;
  CliRun sources = run("sources " + flags());
  EXPECT_NE(sources.out.find(upstream.url("/list.md")), std::string::npos) << sources.out;
  EXPECT_NE(sources.out.find("\"v1\""), std::string::npos) << sources.out;

  std::string dataset = dir.sub("empty");
  std::filesystem::create_directories(dataset);
  uint16_t port = server.start(dir.sub("var"), dataset, {"--sync-every", "1"});
  ASSERT_NE(port, 0);
  upstream.put("/list.md", {v1 + "- [Drift into failure](https://example.org/drift)\n", "\"v2\""});
  bool followed = false;
  for (int i = 0; i < 100 && !followed; ++i) {
    auto r = server::http_request("127.0.0.1", port, "GET", "/api/nodes/drift-into-failure");
    followed = r.is_ok() && r->status == 200;
    if (!followed) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(followed) << "the server's periodic sync imported the upstream change";
  CliRun synced = run("sync " + flags());
  EXPECT_EQ(synced.code, 0) << synced.out;
  EXPECT_NE(synced.out.find("list.md: unchanged upstream"), std::string::npos) << synced.out;
  EXPECT_EQ(run("sync src-nothing " + flags()).code, 1);
}

}  // namespace resgraph::testing

namespace resgraph::testing {

// The settings file the package installs: flags win over the environment, which wins over the
// file; a name the file does not know stops the command before anything is written.
TEST_F(CliTest, SettingsFileFillsInWhatFlagsAndEnvironmentLeave) {
  namespace fs = std::filesystem;
  std::string conf = dir.sub("resgraph.conf");
  std::ofstream(conf) << "# the operator's settings\n"
                      << "data-dir = " << dir.sub("from-file") << "   # trailing comment\n"
                      << "\n  port = 8099\n";
  ASSERT_EQ(run("user add ann --role reader --config " + conf).code, 0);
  EXPECT_TRUE(fs::exists(dir.sub("from-file") + "/store"));

  ASSERT_EQ(
      run("user add ben --role reader --config " + conf + " --data-dir " + dir.sub("from-flag"))
          .code,
      0);
  EXPECT_TRUE(fs::exists(dir.sub("from-flag") + "/store"));

  ::setenv("RESGRAPH_DATA_DIR", dir.sub("from-env").c_str(), 1);
  int code = run("user add cat --role reader --config=" + conf).code;
  ::unsetenv("RESGRAPH_DATA_DIR");
  ASSERT_EQ(code, 0);
  EXPECT_TRUE(fs::exists(dir.sub("from-env") + "/store"));
  // ann is in the file's store only: the second add there conflicts, elsewhere it does not.
  EXPECT_EQ(run("user add ann --role reader --config " + conf).code, 1);

  std::string bad = dir.sub("bad.conf");
  std::ofstream(bad) << "data-dir = " << dir.sub("never") << "\ncolour = blue\n";
  EXPECT_EQ(run("user add dan --role reader --config " + bad).code, 2);
  std::ofstream(bad) << "data-dir " << dir.sub("never") << "\n";
  EXPECT_EQ(run("user add dan --role reader --config " + bad).code, 2);
  EXPECT_EQ(run("user add dan --role reader --config " + dir.sub("missing.conf")).code, 2);
  EXPECT_FALSE(fs::exists(dir.sub("never")));
}

}  // namespace resgraph::testing

namespace resgraph::testing {

// `resgraph enrich` answers the same on a stopped store and through a running server (which
// looks up with its own --crossref-url).
TEST_F(CliTest, EnrichLooksUpTheSameWithAndWithoutARunningServer) {
  FileServer crossref;
  crossref.put("/works/10.1016/0005-1098(83)90046-8",
               {R"({"status":"ok","message":{"container-title":["Automatica"],
                   "issued":{"date-parts":[[1983]]},"author":[{"given":"Lisanne","family":"Bainbridge"}]}})",
                "", 200, "", 0, "application/json"});
  std::string dataset = dir.sub("seed.json");
  std::ofstream(dataset) << R"({"nodes":[{"type":"paper","title":"Ironies of automation",
    "slug":"ironies","attrs":{"doi":"10.1016/0005-1098(83)90046-8"}}]})";
  auto runs = [&](const std::string& data_dir) {
    const std::string at = " --data-dir " + data_dir + " --crossref-url " + crossref.base();
    std::vector<std::string> outs;
    for (const std::string& args :
         {"import " + dataset, std::string("enrich --node ironies --dry-run"),
          std::string("enrich --node ironies"), std::string("enrich"),
          std::string("enrich --node nothing-here")}) {
      CliRun r = run(args + at, true);
      outs.push_back(std::to_string(r.code) + " " + r.out);
    }
    return outs;
  };
  auto alone = runs(dir.sub("alone"));
  std::string empty = dir.sub("empty");
  std::filesystem::create_directories(empty);
  ASSERT_NE(server.start(dir.sub("var"), empty, {"--crossref-url", crossref.base()}), 0);
  auto handed = runs(dir.sub("var"));
  ASSERT_EQ(alone.size(), handed.size());
  for (size_t i = 0; i < alone.size(); ++i) EXPECT_EQ(handed[i], alone[i]) << "run " << i;
  EXPECT_NE(alone[1].find("lookup crossref 10.1016/0005-1098(83)90046-8: found"), std::string::npos)
      << alone[1];
  EXPECT_NE(alone[1].find("would"), std::string::npos) << alone[1];
  EXPECT_TRUE(alone[2].starts_with("0 ")) << alone[2];
  EXPECT_EQ(alone[3].find("lookup"), std::string::npos) << alone[3];  // nothing lacks a field now
  EXPECT_TRUE(alone[4].starts_with("1 resgraph: ")) << alone[4];
}

}  // namespace resgraph::testing
