// Lists fetched from where they live, against a real HTTP server on 127.0.0.1 standing in for
// GitHub's raw files: 200 with ETags, 304, 404, redirect chains, slow and oversized answers.
#include "importers/source_import.h"

#include <gtest/gtest.h>

#include "fetch/http_get.h"
#include "file_server.h"
#include "graph/url_key.h"
#include "importers/markdown_export.h"
#include "temp_dir.h"
#include "unified_diff.h"

namespace resgraph::importers {
namespace {

using resgraph::testing::FileServer;

TEST(Fetch, AnswersWithBodyAndEtagAndA304WhenTheCopyIsCurrent) {
  FileServer server;
  server.put("/a.md", {"# A\n", "\"v1\""});
  auto first = fetch::get({server.url("/a.md")});
  ASSERT_TRUE(first.is_ok()) << first.status().message();
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, "# A\n");
  EXPECT_EQ(first->etag, "\"v1\"");
  fetch::GetRequest again{server.url("/a.md")};
  again.if_none_match = first->etag;
  auto second = fetch::get(again);
  ASSERT_TRUE(second.is_ok());
  EXPECT_EQ(second->status, 304);
  EXPECT_TRUE(second->body.empty());
  auto missing = fetch::get({server.url("/nothing.md")});
  ASSERT_TRUE(missing.is_ok());
  EXPECT_EQ(missing->status, 404);
}

TEST(Fetch, FollowsARedirectChainButNotALoop) {
  FileServer server;
  server.put("/r1", {"", "", 301, "/r2"});
  server.put("/r2", {"", "", 302, "/r3"});
  server.put("/r3", {"", "", 307, "/final.md"});
  server.put("/final.md", {"# Final\n"});
  auto got = fetch::get({server.url("/r1")});
  ASSERT_TRUE(got.is_ok()) << got.status().message();
  EXPECT_EQ(got->body, "# Final\n");
  EXPECT_EQ(got->final_url, server.url("/final.md"));
  server.put("/loop", {"", "", 302, "/loop"});
  auto loop = fetch::get({server.url("/loop")});
  ASSERT_FALSE(loop.is_ok());
  EXPECT_EQ(loop.status().code(), Code::upstream);
  EXPECT_NE(loop.status().message().find("redirects"), std::string::npos);
}

TEST(Fetch, ASlowOrOversizedAnswerFailsWithinItsBounds) {
  FileServer server;
  server.put("/big.md", {std::string(64 << 10, 'x')});
  fetch::GetRequest big{server.url("/big.md")};
  big.max_bytes = 4 << 10;
  auto too_big = fetch::get(big);
  ASSERT_FALSE(too_big.is_ok());
  EXPECT_EQ(too_big.status().code(), Code::upstream);
  EXPECT_NE(too_big.status().message().find("larger than 4 KiB"), std::string::npos);
  server.put("/slow.md", {"# Slow\n", "", 200, "", 1500});
  fetch::GetRequest slow{server.url("/slow.md")};
  slow.timeout_ms = 200;
  auto t0 = std::chrono::steady_clock::now();
  auto late = fetch::get(slow);
  ASSERT_FALSE(late.is_ok());
  EXPECT_NE(late.status().message().find("no answer within 200 ms"), std::string::npos);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(1400));
}

TEST(Fetch, OnlyHttpsLeavesTheMachine) {
  for (const char* url : {"http://example.com/list.md", "ftp://127.0.0.1/list.md",
                          "file:///etc/passwd", "not a url"}) {
    auto got = fetch::get({url});
    ASSERT_FALSE(got.is_ok()) << url;
    EXPECT_EQ(got.status().code(), Code::invalid) << url;
  }
  EXPECT_EQ(raw_url_of("https://github.com/lorin/resilience-engineering", "https://raw"),
            "https://raw/lorin/resilience-engineering/HEAD/README.md");
  EXPECT_EQ(raw_url_of("https://github.com/o/r/blob/main/topics/x.md", "https://raw"),
            "https://raw/o/r/main/topics/x.md");
  EXPECT_EQ(raw_url_of("https://github.com/o/r/tree/main/docs", "https://raw"),
            "https://raw/o/r/main/docs/README.md");
  EXPECT_EQ(raw_url_of("https://example.org/list.md", "https://raw"),
            "https://example.org/list.md");
  EXPECT_EQ(url_import_request(R"({"url": "https://github.com/o/r"})"), "https://github.com/o/r");
  EXPECT_EQ(url_import_request(R"({"nodes": []})"), "");
  EXPECT_EQ(url_import_request("{not json"), "");
}

const char* kReadme = R"(# Resilience readings

See also [the topics](topics/automation.md) and [elsewhere](../other-repo/README.md).

## Papers

- [Ironies of automation](https://example.org/ironies.pdf) by Lisanne Bainbridge (1983)
)";

const char* kTopic = R"(# Automation

- [How to make automated systems team players](https://example.org/team-players.pdf) by David Woods
)";

class SourceImport : public ::testing::Test {
 protected:
  void SetUp() override {
    store = std::move(*Store::open({dir.sub("store")}));
    server.put("/o/r/HEAD/README.md", {kReadme, "\"r1\""});
    server.put("/o/r/HEAD/topics/automation.md", {kTopic, "\"t1\""});
    options.github_raw_base = server.base();
  }
  testing::TempDir dir;
  std::unique_ptr<Store> store;
  FileServer server;
  SourceOptions options;
  WriteMeta meta{"import", "test"};
};

TEST_F(SourceImport, ARepositoryUrlImportsItsReadmeAndTheListsItLinksTo) {
  auto report = import_source(*store, "https://github.com/o/r", meta, options);
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  ASSERT_EQ(report->files.size(), 2u);
  EXPECT_EQ(report->files[0].path, "README.md");
  EXPECT_EQ(report->files[1].path, "topics/automation.md");
  EXPECT_EQ(server.hits("/o/other-repo/README.md"), 0);  // outside the repository's folder
  auto ironies = store->get_node("ironies-of-automation");
  ASSERT_TRUE(ironies.is_ok());
  const auto& prov = ironies->provenance.at(0).as_object();
  EXPECT_EQ(prov.at("source").as_string(), "github.com/o/r");
  EXPECT_EQ(prov.at("file").as_string(), "README.md");
  EXPECT_EQ(prov.at("url").as_string(), server.url("/o/r/HEAD/README.md"));
  EXPECT_EQ(prov.at("etag").as_string(), "\"r1\"");
  EXPECT_TRUE(store->get_node("how-to-make-automated-systems-team-players").is_ok());
  auto sources = store->list_sources();
  ASSERT_TRUE(sources.is_ok());
  ASSERT_EQ(sources->size(), 1u);
  EXPECT_EQ((*sources)[0].url, "https://github.com/o/r");
  ASSERT_EQ((*sources)[0].files.size(), 2u);
  EXPECT_EQ((*sources)[0].files[1].etag, "\"t1\"");
}

TEST_F(SourceImport, SyncAsksWithTheEtagAndImportsOnlyWhatChangedUpstream) {
  ASSERT_TRUE(import_source(*store, "https://github.com/o/r", meta, options).is_ok());
  uint64_t seq = store->last_seq();
  auto same = sync_source(*store, "https://github.com/o/r", meta, options);
  ASSERT_TRUE(same.is_ok()) << same.status().message();
  EXPECT_EQ(server.not_modified(), 2);
  for (const auto& f : same->files) EXPECT_TRUE(f.unchanged) << f.path;
  EXPECT_EQ(store->last_seq(), seq);  // nothing written at all
  // Upstream adds an entry and gives the paper a summary; someone here gave it another.
  auto ironies = store->get_node("ironies-of-automation");
  NodeFields edit;
  edit.summary = "Our own reading of it.";
  ASSERT_TRUE(store->update_node(ironies->id, edit, std::nullopt, {"alice", "summary"}).is_ok());
  server.put("/o/r/HEAD/README.md",
             {std::string(kReadme).replace(std::string(kReadme).find(" by Lisanne"), 0,
                                           " - why automation makes the operator's job harder") +
                  "- [Drift into failure](https://example.org/drift) by Sidney Dekker\n",
              "\"r2\""});
  auto changed = sync_source(*store, "src-" + slugify("https://github.com/o/r"), meta, options);
  ASSERT_TRUE(changed.is_ok()) << changed.status().message();
  ASSERT_EQ(changed->files.size(), 2u);
  EXPECT_FALSE(changed->files[0].unchanged);
  EXPECT_TRUE(changed->files[1].unchanged);
  EXPECT_EQ(changed->files[0].summary.created, 2u);  // the book and its author
  EXPECT_TRUE(store->get_node("drift-into-failure").is_ok());
  EXPECT_EQ(store->get_node(ironies->id)->summary, "Our own reading of it.");
  ASSERT_EQ(changed->files[0].summary.conflicts.size(), 1u);
  EXPECT_NE(changed->files[0].summary.conflicts[0].find("alice"), std::string::npos);
  EXPECT_EQ(store->get_source("https://github.com/o/r")->files[0].etag, "\"r2\"");
}

TEST_F(SourceImport, AMissingListIsAnErrorAndWritesNothing) {
  auto report = import_source(*store, server.url("/o/r/HEAD/nope.md"), meta, options);
  ASSERT_FALSE(report.is_ok());
  EXPECT_EQ(report.status().code(), Code::upstream);
  EXPECT_NE(report.status().message().find("404"), std::string::npos);
  EXPECT_EQ(store->last_seq(), 0u);
  EXPECT_TRUE(store->list_sources()->empty());
}

TEST_F(SourceImport, ABrokenLinkedFileIsReportedAndTheRestImports) {
  server.put("/o/r/HEAD/topics/automation.md", {"", "", 500});
  auto report = import_source(*store, "https://github.com/o/r", meta, options);
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  ASSERT_EQ(report->failures.size(), 1u);
  EXPECT_NE(report->failures[0].find("topics/automation.md"), std::string::npos);
  EXPECT_NE(report->failures[0].find("500"), std::string::npos);
  EXPECT_TRUE(store->get_node("ironies-of-automation").is_ok());
}

}  // namespace
}  // namespace resgraph::importers

namespace resgraph::importers {
namespace {

const char* kThemed = R"(# Reading list

## Automation

- [Ironies of automation](https://example.org/ironies.pdf) by Lisanne Bainbridge
- [Team players](https://example.org/team-players.pdf)

## Drift

- [Drift into failure](https://example.org/drift) by Sidney Dekker
)";

TEST(UnifiedDiff, SaysNothingForEqualTextsAndGivesHunksWithContext) {
  EXPECT_EQ(unified_diff("a\nb\n", "a\nb\n", "a/x", "b/x"), "");
  // As GNU diff -u writes it: changes more than six unchanged lines apart are two hunks.
  std::string before = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\n12\n13\n";
  std::string after = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n10\n11\n12\n13\n14\n";
  EXPECT_EQ(unified_diff(before, after, "a/x", "b/x"),
            "--- a/x\n+++ b/x\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n"
            "@@ -11,3 +11,4 @@\n 11\n 12\n 13\n+14\n");
}

class SourceExport : public SourceImport {};

TEST_F(SourceExport, AListComesBackInItsOwnShapeWithTheGraphsAdditionsInPlace) {
  server.put("/o/r/HEAD/README.md", {kThemed, "\"k1\""});
  ASSERT_TRUE(import_source(*store, "https://github.com/o/r", meta, options).is_ok());
  auto same = diff_source_markdown(*store, "https://github.com/o/r");
  ASSERT_TRUE(same.is_ok()) << same.status().message();
  EXPECT_EQ(*same, "") << "an untouched list exports as it is upstream";
  // A contributor corrects a URL and files a new work under the list's "Automation" theme.
  auto team = store->get_node("team-players");
  NodeFields fix;
  fix.url = "https://example.org/team-players-2004.pdf";
  ASSERT_TRUE(store->update_node(team->id, fix, std::nullopt, {"alice", "moved"}).is_ok());
  auto added = store->create_node(
      {.type = "paper", .title = "Clockwork and the automation surprise"}, {"bob", "new"});
  ASSERT_TRUE(added.is_ok());
  auto theme = store->get_node("automation");
  ASSERT_TRUE(theme.is_ok());
  ASSERT_TRUE(store->create_edge({added->id, theme->id, "about", {}, {}}, {"bob", ""}).is_ok());

  auto md = export_source_markdown(*store, "https://github.com/o/r");
  ASSERT_TRUE(md.is_ok()) << md.status().message();
  // Headings and order as upstream; the addition under its theme, before "Drift".
  size_t automation = md->find("## Automation"), drift = md->find("## Drift"),
         ironies = md->find("Ironies of automation"), clockwork = md->find("Clockwork");
  ASSERT_NE(automation, std::string::npos) << *md;
  EXPECT_LT(automation, ironies);
  EXPECT_LT(ironies, clockwork);
  EXPECT_LT(clockwork, drift);
  EXPECT_NE(
      md->find("[Ironies of automation](https://example.org/ironies.pdf) by Lisanne Bainbridge"),
      std::string::npos)
      << *md;
  EXPECT_NE(md->find("team-players-2004.pdf"), std::string::npos);
  auto diff = diff_source_markdown(*store, "https://github.com/o/r");
  ASSERT_TRUE(diff.is_ok()) << diff.status().message();
  EXPECT_TRUE(diff->starts_with("--- a/README.md\n+++ b/README.md\n")) << *diff;
  EXPECT_NE(diff->find("\n-- [Team players](https://example.org/team-players.pdf)\n"),
            std::string::npos)
      << *diff;
  EXPECT_NE(diff->find("\n+- [Team players](https://example.org/team-players-2004.pdf)\n"),
            std::string::npos);
  EXPECT_NE(diff->find("\n+- Clockwork and the automation surprise\n"), std::string::npos);
  // Read back, the exported list is the same list.
  testing::TempDir other;
  auto copy = std::move(*Store::open({other.sub("store")}));
  auto again = import_markdown(*copy, *md, {"copy", "README.md"}, meta, false);
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(again->created, *store->count_nodes(1000));
  EXPECT_FALSE(diff_source_markdown(*store, "nothing-imported-from-a-url").is_ok());
}

}  // namespace
}  // namespace resgraph::importers
