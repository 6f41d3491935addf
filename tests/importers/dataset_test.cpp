#include "importers/dataset.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <random>

#include "damaged_store.h"
#include "importers/markdown_export.h"
#include "importers/markdown_importer.h"
#include "temp_dir.h"

namespace resgraph::importers {

const char* kDataset = R"({
  "nodes": [
    {"type": "person", "title": "John Allspaw", "slug": "john-allspaw"},
    {"type": "talk", "title": "10+ Deploys Per Day", "slug": "deploys",
     "url": "https://www.youtube.com/watch?v=LdOe18KhtT4", "date": "2009-06-23"},
    {"type": "spaceship", "title": "Not a type"}
  ],
  "edges": [
    {"from": "john-allspaw", "to": "deploys", "type": "presented"},
    {"from": "john-allspaw", "to": "nobody", "type": "presented"}
  ]})";

class DatasetTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> open(const std::string& name) {
    auto s = Store::open({dir.sub(name)});
    EXPECT_TRUE(s.is_ok());
    return std::move(*s);
  }
  testing::TempDir dir;
};

TEST_F(DatasetTest, ImportsNodesAndEdgesAndReportsWhatItSkipped) {
  auto store = open("a");
  auto report = import_dataset(*store, kDataset, {"import", ""});
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  EXPECT_EQ(report->nodes_created, 2u);
  EXPECT_EQ(report->edges_created, 1u);
  ASSERT_EQ(report->problems.size(), 2u);
  EXPECT_NE(report->problems[0].find("spaceship"), std::string::npos);
  EXPECT_NE(report->problems[1].find("nobody"), std::string::npos);
  auto talk = store->get_node("deploys");
  ASSERT_TRUE(talk.is_ok());
  EXPECT_EQ(talk->year, 2009);
  EXPECT_EQ(store->edges_of("john-allspaw", Direction::out, "presented", 10)->size(), 1u);
}

TEST_F(DatasetTest, ReimportCreatesAndChangesNothing) {
  auto store = open("a");
  ASSERT_TRUE(import_dataset(*store, kDataset, {"import", ""}).is_ok());
  uint64_t seq = store->last_seq();
  auto again = import_dataset(*store, kDataset, {"import", ""});
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(again->nodes_created, 0u);
  EXPECT_EQ(again->nodes_existing, 2u);
  EXPECT_EQ(again->edges_existing, 1u);
  EXPECT_EQ(store->last_seq(), seq);
}

// An import is one fsync of the log, whatever its size: a dataset and a Markdown list alike.
TEST_F(DatasetTest, AnImportSyncsTheLogOnceWhateverItsSize) {
  auto store = open("a");
  uint64_t syncs = store->stats().syncs;
  ASSERT_TRUE(import_dataset(*store, kDataset, {"import", ""}).is_ok());
  EXPECT_EQ(store->stats().syncs - syncs, 1u);
  std::string list = "# Papers\n\n";
  for (int i = 0; i < 50; ++i)
    list += "- [Paper " + std::to_string(i) + "](https://example.org/p/" + std::to_string(i) +
            ") by John Allspaw\n";
  syncs = store->stats().syncs;
  uint64_t seq = store->last_seq();
  auto summary = import_markdown(*store, list, {"papers", "papers.md"}, {"import", ""}, false);
  ASSERT_TRUE(summary.is_ok()) << summary.status().message();
  EXPECT_EQ(summary->created, 50u);
  EXPECT_GE(store->last_seq() - seq, 100u);  // each node and edge its own change
  EXPECT_EQ(store->stats().syncs - syncs, 1u);
}

TEST_F(DatasetTest, ExportThenImportReproducesTheGraph) {
  auto a = open("a");
  ASSERT_TRUE(import_dataset(*a, kDataset, {"import", ""}).is_ok());
  std::string exported = *export_dataset(*a);
  auto b = open("b");
  auto report = import_dataset(*b, exported, {"import", ""});
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  EXPECT_TRUE(report->problems.empty());
  EXPECT_EQ(*export_dataset(*b), exported);
}

TEST_F(DatasetTest, MalformedDatasetsAreRefusedWhole) {
  auto store = open("a");
  EXPECT_FALSE(import_dataset(*store, "{\"nodes\": 3}", {"import", ""}).is_ok());
  EXPECT_FALSE(import_dataset(*store, "{\"people\": []}", {"import", ""}).is_ok());
  EXPECT_FALSE(import_dataset(*store, "not json", {"import", ""}).is_ok());
  EXPECT_EQ(store->last_seq(), 0u);
}

}  // namespace resgraph::importers

namespace resgraph::importers {

// An export of a store whose files are damaged fails with the read error; it never hands out
// a dataset or a list with the unreadable records quietly left out.
TEST_F(DatasetTest, AnExportOfADamagedStoreFailsInsteadOfLeavingRecordsOut) {
  {
    auto store = open("damaged");
    std::mt19937 rng(3);
    std::string previous;
    for (int i = 0; i < 1500; ++i) {
      NodeFields f;
      f.type = i % 10 == 0 ? "person" : "paper";
      f.title = "Record " + std::to_string(i);
      std::string summary;  // incompressible, so the records fill many blocks
      for (int c = 0; c < 1200; ++c) summary += static_cast<char>('a' + rng() % 26);
      f.summary = summary;
      auto n = store->create_node(f, {"test", ""});
      ASSERT_TRUE(n.is_ok()) << n.status().message();
      if (!previous.empty())
        (void)store->create_edge({previous, n->id, "related", {}, {}}, {"test", ""});
      previous = n->id;
    }
    ASSERT_TRUE(store->compact().is_ok());
  }
  testing::damage_tables(dir.sub("damaged"), 64 << 10);
  auto reopened = Store::open({dir.sub("damaged")});
  if (!reopened) GTEST_SKIP() << "the damage reached where the log ends: the store refuses to open";
  auto store = std::move(*reopened);
  auto dataset = export_dataset(*store);
  ASSERT_FALSE(dataset.is_ok()) << "a dataset of " << dataset->size() << " bytes was exported";
  EXPECT_EQ(dataset.status().code(), Code::internal) << dataset.status().message();
  auto markdown = export_markdown(*store);
  ASSERT_FALSE(markdown.is_ok());
  EXPECT_EQ(markdown.status().code(), Code::internal) << markdown.status().message();
}

}  // namespace resgraph::importers
