#include <atomic>
#include <thread>

#include "server_fixture.h"

namespace resgraph::testing {

const char* kList = R"(# Talks

## Selected talks

1. 2009-06-23 10+ Deploys Per Day (w/ Paul Hammond) from Velocity 2009
2. 2010-06-22 Ops Meta-Metrics from Velocity 2010
)";

TEST_F(ServerTest, ImportTakesAMarkdownUploadAndAnswersWithASummary) {
  EXPECT_EQ(call("POST", "/api/import?source=test&file=talks.md", kList, "",
                 {{"Content-Type", "text/markdown"}})
                .status,
            401u);
  EXPECT_EQ(call("POST", "/api/import?source=test&file=talks.md", kList, reader,
                 {{"Content-Type", "text/markdown"}})
                .status,
            403u);

  auto dry = call("POST", "/api/import?source=test&file=talks.md&dry_run=1", kList, contributor,
                  {{"Content-Type", "text/markdown"}});
  ASSERT_EQ(dry.status, 200u) << dry.body;
  EXPECT_EQ(obj(dry)["created"].as_int64(), 5);  // two talks, a co-presenter, two events
  EXPECT_EQ(store->last_seq(), base);

  auto real = call("POST", "/api/import?source=test&file=talks.md", kList, contributor,
                   {{"Content-Type", "text/markdown"}});
  ASSERT_EQ(real.status, 200u) << real.body;
  EXPECT_EQ(obj(real)["created"].as_int64(), 5);
  auto talk = obj(call("GET", "/api/nodes/ops-meta-metrics"));
  EXPECT_EQ(talk["date"].as_string(), "2010-06-22");
  EXPECT_EQ(talk["provenance"].as_array()[0].as_object()["file"].as_string(), "talks.md");
  EXPECT_EQ(talk["created"].as_object()["by"].as_string(), "import:carl");
  // Everything an import writes is in the change log like any other edit.
  auto changes = obj(call("GET", "/api/changes?since=" + std::to_string(base) + "&limit=1000"));
  EXPECT_EQ(changes["changes"].as_array().size(), store->last_seq() - base);

  auto again = obj(call("POST", "/api/import?source=test&file=talks.md", kList, contributor,
                        {{"Content-Type", "text/markdown"}}));
  EXPECT_EQ(again["created"].as_int64(), 0);
  EXPECT_EQ(again["updated"].as_int64(), 0);
}

}  // namespace resgraph::testing

namespace resgraph::testing {

// Imports run off the event loops: with a single loop, other requests are still answered
// while a large import works.
TEST_F(ServerTest, ALongImportDoesNotStallOtherRequests) {
  stop();
  options.threads = 1;
  start();  // same store: the users and their tokens are still there
  std::string list = "# Talks\n\n## Selected talks\n\n";
  for (int i = 0; i < 3000; ++i)
    list += std::to_string(i + 1) + ". 2010-06-22 Talk number " + std::to_string(i) +
            " about adaptive capacity\n";
  std::atomic<bool> imported{false};
  std::thread importer([&] {
    auto r = call("POST", "/api/import?source=test&file=big.md", list, contributor,
                  {{"Content-Type", "text/markdown"}});
    EXPECT_EQ(r.status, 200u) << r.body;
    imported = true;
  });
  // Wait until the import is writing, then read while it goes on.
  while (!imported && store->last_seq() == base)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  int answered_during_import = 0;
  while (!imported) {
    auto h = call("GET", "/healthz");
    EXPECT_EQ(h.status, 200u);
    if (!imported) ++answered_during_import;
  }
  importer.join();
  // A stalled loop would answer one late health check at most, as the import returns.
  EXPECT_GE(answered_during_import, 10);
  EXPECT_GE(*store->count_nodes(10000), 3000u);
}

}  // namespace resgraph::testing

#include "file_server.h"

namespace resgraph::testing {

// {"url": ...} fetches the list from where it lives; GET /api/sources lists it; a sync asks
// with the ETag; a source that fails is a 502 that names why.
TEST_F(ServerTest, ImportFromAUrlRecordsTheSourceAndSyncsIt) {
  FileServer upstream;
  upstream.put("/lists/README.md", {kList, "\"v1\""});
  auto body = "{\"url\": \"" + upstream.url("/lists/README.md") + "\"}";
  auto r = call("POST", "/api/import", body, contributor, {{"Content-Type", "application/json"}});
  ASSERT_EQ(r.status, 200u) << r.body;
  auto report = obj(r);
  EXPECT_EQ(report["files"].as_array()[0].as_object()["created"].as_int64(), 5);
  auto talk = obj(call("GET", "/api/nodes/ops-meta-metrics"));
  EXPECT_EQ(talk["provenance"].as_array()[0].as_object()["etag"].as_string(), "\"v1\"");
  auto sources = obj(call("GET", "/api/sources"))["sources"].as_array();
  ASSERT_EQ(sources.size(), 1u);
  std::string id(sources[0].as_object()["id"].as_string());
  uint64_t seq = store->last_seq();
  auto sync = call("POST", "/api/sources/" + id + "/sync", "", contributor);
  ASSERT_EQ(sync.status, 200u) << sync.body;
  EXPECT_TRUE(obj(sync)["files"].as_array()[0].as_object()["unchanged_upstream"].as_bool());
  EXPECT_EQ(upstream.not_modified(), 1);
  EXPECT_EQ(store->last_seq(), seq);
  auto missing =
      call("POST", "/api/import", "{\"url\": \"" + upstream.url("/lists/gone.md") + "\"}",
           contributor, {{"Content-Type", "application/json"}});
  EXPECT_EQ(missing.status, 502u) << missing.body;
  EXPECT_NE(missing.body.find("404"), std::string::npos);
  auto bad = call("POST", "/api/import", R"({"url": "ftp://example.org/list.md"})", contributor,
                  {{"Content-Type", "application/json"}});
  EXPECT_EQ(bad.status, 400u) << bad.body;
  EXPECT_EQ(store->last_seq(), seq);
}

}  // namespace resgraph::testing
