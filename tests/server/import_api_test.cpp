#include "server_fixture.h"

namespace resgraph::testing {

const char* kList = R"(# Talks

## Selected talks

1. 2009-06-23 10+ Deploys Per Day (w/ Paul Hammond) from Velocity 2009
2. 2010-06-22 Ops Meta-Metrics from Velocity 2010
)";

TEST_F(ServerTest, ImportTakesAMarkdownUploadAndAnswersWithASummary) {
  EXPECT_EQ(call("POST", "/api/import?source=test&file=talks.md", kList, "", {{"Content-Type", "text/markdown"}}).status, 401u);
  EXPECT_EQ(call("POST", "/api/import?source=test&file=talks.md", kList, reader, {{"Content-Type", "text/markdown"}}).status, 403u);

  auto dry = call("POST", "/api/import?source=test&file=talks.md&dry_run=1", kList, contributor, {{"Content-Type", "text/markdown"}});
  ASSERT_EQ(dry.status, 200u) << dry.body;
  EXPECT_EQ(obj(dry)["created"].as_int64(), 5);  // two talks, a co-presenter, two events
  EXPECT_EQ(store->last_seq(), 0u);

  auto real = call("POST", "/api/import?source=test&file=talks.md", kList, contributor, {{"Content-Type", "text/markdown"}});
  ASSERT_EQ(real.status, 200u) << real.body;
  EXPECT_EQ(obj(real)["created"].as_int64(), 5);
  auto talk = obj(call("GET", "/api/nodes/ops-meta-metrics"));
  EXPECT_EQ(talk["date"].as_string(), "2010-06-22");
  EXPECT_EQ(talk["provenance"].as_array()[0].as_object()["file"].as_string(), "talks.md");
  EXPECT_EQ(talk["created"].as_object()["by"].as_string(), "import:carl");
  // Everything an import writes is in the change log like any other edit.
  auto changes = obj(call("GET", "/api/changes?since=0&limit=1000"));
  EXPECT_EQ(changes["changes"].as_array().size(), store->last_seq());

  auto again = obj(call("POST", "/api/import?source=test&file=talks.md", kList, contributor, {{"Content-Type", "text/markdown"}}));
  EXPECT_EQ(again["created"].as_int64(), 0);
  EXPECT_EQ(again["updated"].as_int64(), 0);
}

}  // namespace resgraph::testing
