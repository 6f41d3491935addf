#include "importers/markdown_export.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "importers/dataset.h"
#include "importers/markdown_importer.h"
#include "temp_dir.h"

namespace resgraph::importers {
namespace {

// What a reader would compare: each node's type, title, date and URL; each edge by its ends'
// titles.
std::pair<std::set<std::string>, std::set<std::string>> shape(const Store& store) {
  std::set<std::string> nodes, edges;
  NodeQuery q;
  q.limit = 1000;
  for (;;) {
    auto page = store.list_nodes(q);
    EXPECT_TRUE(page.is_ok()) << page.status().message();
    if (!page) return {};
    for (const auto& n : page->nodes) {
      nodes.insert(n.type + "|" + n.title + "|" + n.date + "|" + n.url);
      auto out = store.edges_of(n.id, Direction::out, "", 1000);
      EXPECT_TRUE(out.is_ok()) << out.status().message();
      if (!out) continue;
      for (const auto& e : *out) {
        auto to = store.get_node(e.to);
        EXPECT_TRUE(to.is_ok()) << to.status().message();
        edges.insert(n.title + "|" + e.type + "|" + (to ? to->title : e.to));
      }
    }
    if (page->next.empty()) break;
    q.after = page->next;
  }
  return {nodes, edges};
}

void import_dir(Store& store, const std::string& dir) {
  auto report = import_dataset_dir(store, dir, {"import", ""});
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  EXPECT_TRUE(report->problems.empty()) << report->problems.front();
}

}  // namespace

// Exactly, on lists in shapes the export writes back as they were read (a dated talk list and
// an awesome list; a topic page's concept-to-theme links are not written back yet).
TEST(MarkdownExport, ImportingTheExportIntoAnEmptyStoreReproducesTheGraph) {
  testing::TempDir dir;
  auto a = std::move(*Store::open({dir.sub("a")}));
  for (const char* name : {"talks-by-date.md", "awesome-list.md"}) {
    std::ifstream in(std::string(RESGRAPH_FIXTURES_DIR) + "/" + name);
    std::stringstream text;
    text << in.rdbuf();
    ASSERT_TRUE(import_markdown(*a, text.str(), {"fixtures", name}, {"import", ""}, false).is_ok());
  }
  auto original = shape(*a);
  ASSERT_GT(original.first.size(), 15u);
  std::string md = *export_markdown(*a);
  auto b = std::move(*Store::open({dir.sub("b")}));
  auto summary = import_markdown(*b, md, {"export", "export.md"}, {"import", ""}, false);
  ASSERT_TRUE(summary.is_ok());
  EXPECT_TRUE(summary->skips.empty()) << summary->skips.front();
  auto copy = shape(*b);
  EXPECT_EQ(copy.first, original.first);
  EXPECT_EQ(copy.second, original.second);
}

// The whole default dataset through Markdown and back: within 1% of its nodes come back exactly
// (type, title, date, URL), and what does not is listed; links a Markdown list cannot say
// (concept-to-concept, organizations' reports) keep the edge floor lower.
TEST(MarkdownExport, TheDefaultDatasetMostlySurvivesAMarkdownRoundTrip) {
  testing::TempDir dir;
  auto a = std::move(*Store::open({dir.sub("a")}));
  import_dir(*a, RESGRAPH_DATA_DIR);
  auto original = shape(*a);
  auto b = std::move(*Store::open({dir.sub("b")}));
  ASSERT_TRUE(
      import_markdown(*b, *export_markdown(*a), {"export", "export.md"}, {"import", ""}, false)
          .is_ok());
  auto copy = shape(*b);
  std::vector<std::string> lost;
  for (const auto& n : original.first)
    if (!copy.first.count(n)) lost.push_back(n);
  size_t kept = original.first.size() - lost.size();
  std::cerr << kept << " of " << original.first.size() << " nodes came back exactly\n";
  for (const auto& l : lost) std::cerr << "  lost: " << l << "\n";
  EXPECT_GE(kept * 100, original.first.size() * 99)
      << lost.size() << " lost, e.g. " << lost.front();
  size_t edges_kept = 0;
  std::map<std::string, size_t> edges_lost;  // by type
  for (const auto& e : original.second) {
    edges_kept += copy.second.count(e);
    if (!copy.second.count(e))
      ++edges_lost[e.substr(e.find('|') + 1, e.rfind('|') - e.find('|') - 1)];
  }
  for (const auto& [type, n] : edges_lost) std::cerr << "  lost " << n << " " << type << " edges\n";
  std::cerr << edges_kept << " of " << original.second.size() << " edges came back exactly\n";
  EXPECT_GE(edges_kept * 100, original.second.size() * 65);
}

// Titles and summaries that look like markup (raw HTML, brackets, emphasis, entities) are
// written escaped: the export carries no live HTML, and re-importing it gives the same text.
TEST(MarkdownExport, TextThatLooksLikeMarkupIsEscapedAndRoundTripsExactly) {
  testing::TempDir dir;
  auto a = std::move(*Store::open({dir.sub("a")}));
  auto person = a->create_node({.type = "person", .title = "Ann O'Neil"}, {"t", ""});
  ASSERT_TRUE(person.is_ok()) << person.status().message();
  auto paper =
      a->create_node({.type = "paper",
                      .title = "<script>alert(1)</script> [draft] *really* _so_ &amp; `x`",
                      .url = "https://example.org/markup",
                      .summary = "See <img src=x onerror=alert(1)> and [this](javascript:x)"},
                     {"t", ""});
  ASSERT_TRUE(paper.is_ok()) << paper.status().message();
  ASSERT_TRUE(a->create_edge({person->id, paper->id, "authored", {}, {}}, {"t", ""}).is_ok());
  std::string md = *export_markdown(*a);
  for (size_t at = md.find('<'); at != std::string::npos; at = md.find('<', at + 1))
    EXPECT_TRUE(at > 0 && md[at - 1] == '\\') << "unescaped '<' at " << at << " in\n" << md;
  auto b = std::move(*Store::open({dir.sub("b")}));
  auto summary = import_markdown(*b, md, {"export", "export.md"}, {"import", ""}, false);
  ASSERT_TRUE(summary.is_ok());
  auto copy = b->find_duplicate("paper", paper->title, paper->url).value();
  ASSERT_TRUE(copy) << md;
  EXPECT_EQ(b->get_node(*copy)->title, paper->title);
  EXPECT_EQ(b->get_node(*copy)->summary, paper->summary);
  EXPECT_EQ(shape(*b), shape(*a)) << md;
}

TEST(MarkdownExport, ListsPeopleWithTheirTalksInDateOrder) {
  testing::TempDir dir;
  auto a = std::move(*Store::open({dir.sub("a")}));
  import_dir(*a, RESGRAPH_DATA_DIR);
  std::string md = *export_markdown(*a, "talk");
  auto first = md.find("1. 2009-06-23 10+ Deploys Per Day");
  auto last = md.find("25. 2019-07-08 Resilience Engineering: The What and How");
  EXPECT_NE(first, std::string::npos);
  EXPECT_NE(last, std::string::npos);
  EXPECT_LT(first, last);
  EXPECT_EQ(md.find("https://doi.org/10.1016/0005-1098(83)90046-8"), std::string::npos)
      << "Bainbridge's paper is not a talk";
  EXPECT_NE(md.find("Ironies of Automation: A Comedy in Three Parts"), std::string::npos)
      << "the talk on it is";
}

TEST(JsonExport, RoundTripsTheDefaultDatasetExactly) {
  testing::TempDir dir;
  auto a = std::move(*Store::open({dir.sub("a")}));
  import_dir(*a, RESGRAPH_DATA_DIR);
  std::string json = *export_dataset(*a);
  auto b = std::move(*Store::open({dir.sub("b")}));
  ASSERT_TRUE(import_dataset(*b, json, {"import", ""}).is_ok());
  EXPECT_EQ(shape(*b), shape(*a));
}

TEST(JsonExport, RevisionsAreOptionalAndImportIgnoresThem) {
  testing::TempDir dir;
  auto a = std::move(*Store::open({dir.sub("a")}));
  import_dir(*a, RESGRAPH_DATA_DIR);
  NodeFields f;
  f.summary = "Edited once";
  ASSERT_TRUE(a->update_node("john-allspaw", f, std::nullopt, {"alice", "summary"}).is_ok());
  auto with = boost::json::parse(*export_dataset(*a, true)).as_object();
  bool found = false;
  for (const auto& n : with["nodes"].as_array())
    if (n.as_object().at("slug") == "john-allspaw") {
      found = true;
      EXPECT_GE(n.as_object().at("revisions").as_array().size(), 2u);
    }
  EXPECT_TRUE(found);
  EXPECT_EQ(boost::json::parse(*export_dataset(*a))
                .as_object()["nodes"]
                .as_array()[0]
                .as_object()
                .if_contains("revisions"),
            nullptr);
  auto b = std::move(*Store::open({dir.sub("b")}));
  auto report = import_dataset(*b, *export_dataset(*a, true), {"import", ""});
  ASSERT_TRUE(report.is_ok());
  EXPECT_TRUE(report->problems.empty());
  EXPECT_EQ(shape(*b), shape(*a));
}

}  // namespace resgraph::importers

namespace resgraph::importers {

// A list to republish without its 404s: each dead link with an archived copy reads as the copy,
// in the work's own URL and in its annotation links, in the whole-graph export and in the
// imported list's own shape; a failing link that is not dead yet, or a dead one with no copy,
// stays as it is; without the option nothing changes.
TEST(MarkdownExport, ArchivedLinksTakeTheDeadLinksPlace) {
  testing::TempDir dir;
  auto store = std::move(*Store::open({dir.sub("s")}));
  const std::string list =
      "# Readings\n\n## Papers\n\n"
      "- [How Complex Systems Fail](https://example.org/hcsf.pdf) by Richard Cook "
      "([slides](https://example.org/slides))\n"
      "- [Ironies of Automation](https://example.org/ironies) by Lisanne Bainbridge\n"
      "- [Drift into Failure](https://example.org/drift) by Sidney Dekker\n";
  ASSERT_TRUE(
      import_markdown(*store, list, {"readings", "readings.md"}, {"import", ""}, false).is_ok());
  const WriteMeta links{"links", ""};
  const LinkCheck gone{1'700'000'000'000, "client_error", 404, 0, "", ""};
  const DeadLinkRule at_once{1, 0};
  for (const char* url :
       {"https://example.org/hcsf.pdf", "https://example.org/slides", "https://example.org/drift"})
    ASSERT_TRUE(store->record_link_check(url, gone, at_once, links).is_ok());
  ASSERT_TRUE(store->record_link_check("https://example.org/ironies", gone, {}, links).is_ok());
  const std::string hcsf = "https://web.archive.org/web/2010/https://example.org/hcsf.pdf";
  const std::string slides = "https://web.archive.org/web/2011/https://example.org/slides";
  ASSERT_TRUE(store->set_archived_copy("https://example.org/hcsf.pdf", hcsf, links).is_ok());
  ASSERT_TRUE(store->set_archived_copy("https://example.org/slides", slides, links).is_ok());

  for (bool own_shape : {false, true}) {
    auto md = own_shape ? export_source_markdown(*store, "readings", "", true)
                        : export_markdown(*store, "", true);
    ASSERT_TRUE(md.is_ok()) << md.status().message();
    EXPECT_NE(md->find("(" + hcsf + ")"), std::string::npos) << *md;
    EXPECT_NE(md->find("(" + slides + ")"), std::string::npos) << *md;
    EXPECT_EQ(md->find("(https://example.org/hcsf.pdf)"), std::string::npos) << *md;
    EXPECT_NE(md->find("(https://example.org/ironies)"), std::string::npos) << *md;  // failing
    EXPECT_NE(md->find("(https://example.org/drift)"), std::string::npos) << *md;    // no copy
    auto plain = own_shape ? export_source_markdown(*store, "readings") : export_markdown(*store);
    ASSERT_TRUE(plain.is_ok());
    EXPECT_NE(plain->find("(https://example.org/hcsf.pdf)"), std::string::npos) << *plain;
    EXPECT_EQ(plain->find("web.archive.org"), std::string::npos) << *plain;
  }
  // Nothing in the store changed: the copy is written in the export only.
  auto work = store->find_duplicate("paper", "How Complex Systems Fail", "").value();
  ASSERT_TRUE(work);
  EXPECT_EQ(store->get_node(*work)->url, "https://example.org/hcsf.pdf");
}

}  // namespace resgraph::importers
