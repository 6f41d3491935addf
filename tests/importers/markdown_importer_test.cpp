// The Markdown importer on the community's real lists in ../shared/corpus, with expectations
// written down from reading each file, and on small cases for each rule.
#include "importers/markdown_importer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "graph/url_key.h"
#include "importers/citations.h"
#include "importers/json_fields.h"
#include "plan_queries.h"
#include "temp_dir.h"

namespace resgraph::importers {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_FALSE(s.str().empty()) << path;
  return s.str();
}

// The community's lists, in ../shared/corpus beside the checkout; a clone of the repository
// alone has no such folder, and the tests that read it say so and skip.
bool have_corpus() { return std::filesystem::is_directory(RESGRAPH_CORPUS_DIR); }
#define SKIP_WITHOUT_CORPUS()                                          \
  if (!have_corpus())                                                  \
  GTEST_SKIP() << "no ../shared/corpus beside the checkout: the real " \
                  "community lists are not here to test against"

std::string read(const std::string& name) {
  return read_file(std::string(RESGRAPH_CORPUS_DIR) + "/" + name);
}
std::string fixture(const std::string& name) {
  return read_file(std::string(RESGRAPH_FIXTURES_DIR) + "/" + name);
}

ImportPlan plan_of(const std::string& name) { return plan_markdown(read(name), {"corpus", name}); }
ImportPlan plan_of_fixture(const std::string& name) {
  return plan_markdown(fixture(name), {"fixtures", name});
}

using plan_queries::count_type;
using plan_queries::find;
using plan_queries::linked;
using plan_queries::V;

}  // namespace

TEST(CorpusImporter, AllspawTalksGives25TalksAnd3PodcastsDatedAndLinkedToHim) {
  SKIP_WITHOUT_CORPUS();
  auto p = plan_of("allspaw-talks.md");
  EXPECT_EQ(count_type(p, "talk"), 25u);
  EXPECT_EQ(count_type(p, "podcast"), 3u);
  const DraftNode* allspaw = find(p, "John Allspaw");
  ASSERT_NE(allspaw, nullptr);
  EXPECT_EQ(allspaw->type, "person");
  for (const auto& n : p.nodes) {
    if (n.type != "talk" && n.type != "podcast") continue;
    EXPECT_EQ(n.date.size(), 10u) << n.title;
    auto people = linked(p, &n, "presented");
    EXPECT_NE(std::find(people.begin(), people.end(), "John Allspaw"), people.end()) << n.title;
  }
  const DraftNode* flickr = find(p, "10+ Deploys Per Day: Dev and Ops Cooperation at Flickr");
  ASSERT_NE(flickr, nullptr);
  EXPECT_EQ(flickr->date, "2009-06-23");
  EXPECT_EQ(linked(p, flickr, "presented"), (V{"John Allspaw", "Paul Hammond"}));
  EXPECT_EQ(linked(p, flickr, "at_event"), V{"Velocity 2009"});
  EXPECT_EQ(find(p, "Velocity 2009")->year, 2009);
  EXPECT_EQ(find(p, "Velocity 2009")->type, "event");
  // Generic titles are told apart by their event; a repeated title by its event too.
  EXPECT_NE(find(p, "Interview at GOTO Chicago 2013"), nullptr);
  EXPECT_NE(find(p, "Interview at PagerDuty Summit 2018"), nullptr);
  EXPECT_NE(find(p, "Taking Human Performance Seriously In Software (Monitorama PDX 2019)"),
            nullptr);
  const DraftNode* papod = find(p, "PAPod 57 - System Reliability - John Allspaw");
  ASSERT_NE(papod, nullptr);
  EXPECT_EQ(papod->attrs.at("series").as_string(), "PreAccident Investigation Podcast");
  // The numbered, dated lists are offered as trails in their own order.
  ASSERT_EQ(p.trails.size(), 2u);
  ASSERT_EQ(p.trails[0].steps.size(), 25u);
  EXPECT_EQ(p.nodes[p.trails[0].steps.front()].date, "2009-06-23");
  EXPECT_EQ(p.nodes[p.trails[0].steps.back()].date, "2019-07-08");
}

TEST(CorpusImporter, IntroReadsPapersBooksAndTheirAuthors) {
  SKIP_WITHOUT_CORPUS();
  auto p = plan_of("resilience-engineering-intro.md");
  const DraftNode* hcsf = find(p, "How complex systems fail");
  ASSERT_NE(hcsf, nullptr);
  EXPECT_EQ(hcsf->type, "paper");
  EXPECT_EQ(linked(p, hcsf, "authored"), V{"Richard I. Cook"});
  EXPECT_EQ(linked(p, hcsf, "about"), V{"Complex systems"});
  EXPECT_EQ(find(p, "Drift into failure")->type, "book");
  // "by Dekker" is Sidney Dekker, named in full elsewhere in the file.
  EXPECT_EQ(linked(p, find(p, "The Field Guide to Understanding \"Human Error\""), "authored"),
            V{"Sidney Dekker"});
  EXPECT_EQ(find(p, "Dekker"), nullptr);
  EXPECT_EQ(linked(p, find(p, "Ironies of automation"), "authored"), V{"Lisanne Bainbridge"});
  EXPECT_EQ(linked(p, find(p, "How to make automated systems team players"), "authored"),
            (V{"Christoffersen", "David Woods"}));
  // Reference-style links resolve; possessives name the author of a prose link.
  EXPECT_EQ(find(p, "Resilience is a verb")->url,
            "https://www.researchgate.net/publication/329035477_Resilience_is_a_Verb");
  EXPECT_EQ(linked(p, find(p, "Essentials of Resilience, revisited"), "authored"),
            V{"David Woods"});
  EXPECT_EQ(find(p, "Was it technical failure or human error?")->type, "talk");
  EXPECT_EQ(find(p, "Risk management in a dynamic society: a modelling problem")->year, 1997);
  EXPECT_EQ(find(p, "David Woods")->url, "https://u.osu.edu/csel/member-directory/david-woods/");
  // The table of contents and the images are not resources.
  EXPECT_EQ(find(p, "What is resilience?")->type, "question");
  EXPECT_TRUE(std::any_of(p.skipped.begin(), p.skipped.end(),
                          [](auto& s) { return s.reason == "table of contents"; }));
}

TEST(CorpusImporter, FaqProseLinksBecomeTypedNodesLinkedToTheirPeopleAndQuestions) {
  SKIP_WITHOUT_CORPUS();
  auto p = plan_of("resilience-for-software.md");
  const DraftNode* hcsf = find(p, "How Complex Systems Fail");
  ASSERT_NE(hcsf, nullptr);
  EXPECT_EQ(hcsf->type, "paper");
  EXPECT_EQ(linked(p, hcsf, "authored"), V{"Richard Cook"});
  EXPECT_EQ(linked(p, hcsf, "answers"), V{"What is resilience engineering?"});
  const DraftNode* talk = find(p, "Resilience Engineering: The What and How");
  ASSERT_NE(talk, nullptr);
  EXPECT_EQ(talk->type, "talk");
  EXPECT_EQ(linked(p, talk, "presented"), V{"John Allspaw"});
  EXPECT_EQ(linked(p, find(p, "Accelerate"), "authored"),
            (V{"Gene Kim", "Jez Humble", "Nicole Forsgren"}));
  EXPECT_EQ(find(p, "Lorin Hochstein")->type, "person");
  EXPECT_EQ(find(p, "excellent guide"), nullptr);  // a lower-case prose link names nothing
}

TEST(CorpusImporter, AwesomeListSectionsDecideTypesAndAnnotationsStayLinks) {
  SKIP_WITHOUT_CORPUS();
  auto p = plan_of("awesome-sre.md");
  EXPECT_GE(count_type(p, "book"), 20u);
  EXPECT_GE(count_type(p, "newsletter"), 7u);
  EXPECT_GE(count_type(p, "podcast"), 5u);
  EXPECT_EQ(find(p, "Awesome"), nullptr);  // the badge
  EXPECT_EQ(find(p, "Culture"), find(p, "Culture"));
  const DraftNode* keys = find(p, "Keys To SRE by Ben Treynor");
  ASSERT_NE(keys, nullptr);
  EXPECT_EQ(keys->type, "talk");
  EXPECT_EQ(linked(p, keys, "presented"), V{"Ben Treynor"});
  EXPECT_EQ(linked(p, keys, "about"), V{"Culture"});
  const DraftNode* makeup =
      find(p, "The Makeup of Successful Geographically-Distributed SRE Teams");
  ASSERT_NE(makeup, nullptr);
  ASSERT_EQ(makeup->links.size(), 2u);
  EXPECT_EQ(makeup->links[0].label, "Part1");
  EXPECT_EQ(makeup->links[1].label, "Part2");
  const DraftNode* gregg = find(p, "Systems Performance: Enterprise and the Cloud");
  ASSERT_NE(gregg, nullptr);
  EXPECT_EQ(gregg->type, "book");
  ASSERT_EQ(gregg->links.size(), 1u);
  EXPECT_EQ(gregg->links[0].label, "CPUs");
  EXPECT_EQ(find(p, "Brendan Gregg's Blog")->summary,
            "Highly Technical Blog Posts About Systems Internals, Performance and SRE.");
  EXPECT_EQ(find(p, "Brendan Gregg's Blog")->type, "blog");
}

TEST(CorpusImporter, TopicPagesGiveConceptsAndReadingsOfTheirTheme) {
  SKIP_WITHOUT_CORPUS();
  auto p = plan_of("topics/nature-of-complex-systems.md");
  EXPECT_EQ(count_type(p, "concept"), 10u);  // nine concepts and the theme itself
  EXPECT_EQ(linked(p, find(p, "dark debt"), "related"), V{"Nature of complex systems"});
  EXPECT_EQ(find(p, "Drift into failure")->type, "book");
  EXPECT_EQ(find(p, "How complex systems fail")->type, "paper");
  EXPECT_EQ(linked(p, find(p, "How complex systems fail"), "about"),
            V{"Nature of complex systems"});
  // The topic index links only to other files: navigation, not papers.
  EXPECT_TRUE(plan_of("resilience-engineering-topics.md").nodes.empty());
}

TEST(CorpusImporter, NoNodeIsNamedAfterAnAnnotationLink) {
  SKIP_WITHOUT_CORPUS();
  for (const auto& entry : std::filesystem::recursive_directory_iterator(RESGRAPH_CORPUS_DIR)) {
    if (entry.path().extension() != ".md") continue;
    auto p =
        plan_markdown(read(std::filesystem::relative(entry.path(), RESGRAPH_CORPUS_DIR).string()),
                      {"corpus", entry.path().string()});
    for (const auto& n : p.nodes)
      for (const char* label :
           {"slides", "video", "[video]", "TWRR", "BH", "Part1", "Part2", "pdf", "CPUs"})
        EXPECT_NE(n.title, label) << entry.path();
  }
}

TEST(MarkdownImporter, AnnotationFormsAndPersonSectionsInASmallList) {
  const char* md = R"(# Reading list

## Richard Cook

### Selected publications

- [Being bumpable](https://example.org/bumpable.pdf) (2007) ([TWRR](https://example.org/twrr))
- [Above the Line, Below the Line](https://queue.acm.org/detail.cfm?id=3380777) [[video]](https://www.youtube.com/watch?v=abc)
  - [slides](https://example.org/slides)

### Selected talks

- [Velocity keynote](https://www.youtube.com/watch?v=xyz) from Velocity 2012
)";
  auto p = plan_markdown(md, {"test", "list.md"});
  const DraftNode* bumpable = find(p, "Being bumpable");
  ASSERT_NE(bumpable, nullptr);
  EXPECT_EQ(bumpable->type, "paper");
  EXPECT_EQ(bumpable->year, 2007);
  ASSERT_EQ(bumpable->links.size(), 1u);
  EXPECT_EQ(bumpable->links[0].label, "TWRR");
  EXPECT_EQ(linked(p, bumpable, "authored"), V{"Richard Cook"});
  const DraftNode* above = find(p, "Above the Line, Below the Line");
  ASSERT_EQ(above->links.size(), 2u);
  EXPECT_EQ(above->links[0].label, "[video]");
  EXPECT_EQ(above->links[1].label, "slides");
  const DraftNode* talk = find(p, "Velocity keynote");
  EXPECT_EQ(talk->type, "talk");
  EXPECT_EQ(linked(p, talk, "presented"), V{"Richard Cook"});
  EXPECT_EQ(linked(p, talk, "at_event"), V{"Velocity 2012"});
  EXPECT_EQ(p.nodes.size(), 5u);  // person, two papers, a talk, an event
  EXPECT_EQ(bumpable->provenance.at("heading").as_string(),
            "Reading list > Richard Cook > Selected publications");
  EXPECT_EQ(bumpable->provenance.at("line").as_int64(), 7);
}

// The same shapes in the project's own small fixtures (tests/fixtures), which every clone has.
TEST(MarkdownImporter, ADatedNumberedListOfTalksGivesDatedTalksEventsCoPresentersAndATrail) {
  auto p = plan_of_fixture("talks-by-date.md");
  EXPECT_EQ(count_type(p, "talk"), 4u);
  EXPECT_EQ(count_type(p, "podcast"), 1u);
  const DraftNode* allspaw = find(p, "John Allspaw");
  ASSERT_NE(allspaw, nullptr);
  EXPECT_EQ(allspaw->type, "person");
  const DraftNode* stronger = find(p, "Stronger and Faster");
  ASSERT_NE(stronger, nullptr);
  EXPECT_EQ(stronger->date, "2012-06-26");
  EXPECT_EQ(linked(p, stronger, "presented"), (V{"John Allspaw", "Steve Souders"}));
  EXPECT_EQ(linked(p, stronger, "at_event"), V{"Velocity 2012"});
  EXPECT_EQ(find(p, "Velocity 2012")->type, "event");
  ASSERT_FALSE(p.trails.empty());
  EXPECT_EQ(p.trails[0].steps.size(), 4u);
  EXPECT_EQ(p.nodes[p.trails[0].steps.front()].date, "2009-06-23");
}

TEST(MarkdownImporter, AReadingGuideGivesWorksWithAuthorsFromProseReferencesAndSurnames) {
  auto p = plan_of_fixture("reading-guide.md");
  const DraftNode* hcsf = find(p, "How Complex Systems Fail");
  ASSERT_NE(hcsf, nullptr);
  EXPECT_EQ(hcsf->url, "https://how.complexsystems.fail/");   // a reference-style link
  EXPECT_EQ(linked(p, hcsf, "authored"), V{"Richard Cook"});  // "Richard Cook's"
  EXPECT_EQ(find(p, "Drift into failure")->type, "book");
  // "by Dekker" is the Sidney Dekker the list names in full.
  EXPECT_EQ(linked(p, find(p, "The Field Guide to Understanding \"Human Error\""), "authored"),
            V{"Sidney Dekker"});
  EXPECT_EQ(find(p, "Dekker"), nullptr);
  const DraftNode* ironies = find(p, "Ironies of automation");
  ASSERT_NE(ironies, nullptr);
  EXPECT_EQ(ironies->year, 1983);
  EXPECT_EQ(linked(p, ironies, "authored"), V{"Lisanne Bainbridge"});
  EXPECT_EQ(linked(p, find(p, "How to make automated systems team players"), "authored"),
            (V{"Christoffersen", "David Woods"}));
  EXPECT_TRUE(std::any_of(p.skipped.begin(), p.skipped.end(),
                          [](auto& s) { return s.reason == "table of contents"; }));
}

TEST(MarkdownImporter, AnAwesomeListTypesBySectionAndKeepsAnnotationsAsLinks) {
  auto p = plan_of_fixture("awesome-list.md");
  EXPECT_EQ(find(p, "Awesome"), nullptr);  // the badge
  EXPECT_EQ(find(p, "Site Reliability Engineering")->type, "book");
  EXPECT_EQ(find(p, "Site Reliability Engineering")->summary,
            "How Google runs production systems.");
  EXPECT_EQ(find(p, "SRE Weekly")->type, "newsletter");
  const DraftNode* keys = find(p, "Keys To SRE by Ben Treynor");
  ASSERT_NE(keys, nullptr);
  EXPECT_EQ(keys->type, "talk");
  EXPECT_EQ(linked(p, keys, "presented"), V{"Ben Treynor"});
  const DraftNode* teams = find(p, "Distributed Teams");
  ASSERT_NE(teams, nullptr);
  ASSERT_EQ(teams->links.size(), 2u);
  EXPECT_EQ(teams->links[0].label, "Part1");
  for (const char* label : {"Part1", "Part2"}) EXPECT_EQ(find(p, label), nullptr);
  // "Back to top" links, in a paragraph or a list, are navigation, never nodes.
  EXPECT_EQ(find(p, "⬆ back to top"), nullptr);
  EXPECT_EQ(find(p, "back to top"), nullptr);
  EXPECT_EQ(find(p, "Learning from Incidents")->type, "website");
  EXPECT_EQ(find(p, "Google SRE")->type, "website");
}

TEST(MarkdownImporter, ATopicPageGivesConceptsAndReadingsAboutItsTheme) {
  auto p = plan_of_fixture("topic.md");
  EXPECT_EQ(count_type(p, "concept"), 3u);  // two concepts and the theme itself
  EXPECT_EQ(linked(p, find(p, "dark debt"), "related"), V{"Nature of complex systems"});
  EXPECT_EQ(linked(p, find(p, "How complex systems fail"), "about"),
            V{"Nature of complex systems"});
}

class FixtureMergeTest : public ::testing::Test {
 protected:
  void SetUp() override { store = std::move(*Store::open({dir.sub("store")})); }
  ImportSummary import(const std::string& name, bool dry_run = false) {
    auto s = import_markdown(*store, fixture(name), {"fixtures", name}, {"import", ""}, dry_run);
    EXPECT_TRUE(s.is_ok()) << s.status().message();
    return s.is_ok() ? *s : ImportSummary{};
  }
  testing::TempDir dir;
  std::unique_ptr<Store> store;
};

TEST_F(FixtureMergeTest, ImportingEveryShapeTwiceChangesNothing) {
  const char* files[] = {"talks-by-date.md", "reading-guide.md", "awesome-list.md", "topic.md"};
  for (const char* f : files) EXPECT_GT(import(f).created, 0u) << f;
  uint64_t seq = store->last_seq();
  for (const char* f : files) {
    auto again = import(f);
    EXPECT_EQ(again.created, 0u) << f;
    EXPECT_EQ(again.updated, 0u) << f;
    EXPECT_EQ(again.edges_created, 0u) << f;
  }
  EXPECT_EQ(store->last_seq(), seq);
  EXPECT_TRUE(store->check().ok());
}

// "Drift into failure" is in three fixtures: one node, one provenance per file.
TEST_F(FixtureMergeTest, OneResourceListedByThreeFilesIsOneNodeWithEachProvenance) {
  import("reading-guide.md");
  import("awesome-list.md");
  import("topic.md");
  auto node = store->get_node("drift-into-failure");
  ASSERT_TRUE(node.is_ok());
  ASSERT_EQ(node->provenance.size(), 3u);
  EXPECT_EQ(node->provenance[0].as_object().at("file").as_string(), "reading-guide.md");
  EXPECT_EQ(node->provenance[2].as_object().at("file").as_string(), "topic.md");
}

TEST_F(FixtureMergeTest, AHandEditIsNeverOverwrittenAndIsReportedAsAConflict) {
  import("talks-by-date.md");
  auto talk = store->get_node("seeing-the-invisible-discovering-operations-expertise");
  ASSERT_TRUE(talk.is_ok());
  NodeFields edit;
  edit.date = "2015-05-29";
  ASSERT_TRUE(store->update_node(talk->id, edit, std::nullopt, {"alice", "fix date"}).is_ok());
  auto again = import("talks-by-date.md");
  EXPECT_EQ(store->get_node(talk->id)->date, "2015-05-29");
  ASSERT_EQ(again.conflicts.size(), 1u);
  EXPECT_NE(again.conflicts[0].find("alice"), std::string::npos);
  EXPECT_NE(again.conflicts[0].find("2015-05-28"), std::string::npos);
}

TEST_F(FixtureMergeTest, DryRunReportsWhatItWouldDoAndWritesNothing) {
  auto s = import("talks-by-date.md", true);
  auto plan = plan_of_fixture("talks-by-date.md");
  EXPECT_EQ(s.created, plan.nodes.size());
  EXPECT_EQ(s.edges_created, plan.edges.size());
  EXPECT_FALSE(s.changes.empty());
  EXPECT_EQ(store->last_seq(), 0u);
}

TEST_F(FixtureMergeTest, SurnamesMeetTheFullNameAlreadyInTheStore) {
  import("reading-guide.md");
  auto dekker = store->get_node("sidney-dekker");
  ASSERT_TRUE(dekker.is_ok());
  const char* md = "## Readings\n\n- [Just Culture](https://example.org/just-culture) by Dekker\n";
  auto s = import_markdown(*store, md, {"test", "t.md"}, {"import", ""}, false);
  ASSERT_TRUE(s.is_ok());
  auto authored = store->edges_of(dekker->id, Direction::out, "authored", 100);
  EXPECT_EQ(std::count_if(authored->begin(), authored->end(),
                          [&](auto& e) { return store->get_node(e.to)->title == "Just Culture"; }),
            1);
}

class MergeTest : public ::testing::Test {
 protected:
  void SetUp() override { store = std::move(*Store::open({dir.sub("store")})); }
  ImportSummary import(const std::string& name, bool dry_run = false) {
    bool from_corpus = !std::filesystem::exists(std::string(RESGRAPH_FIXTURES_DIR) + "/" + name);
    auto s = import_markdown(*store, from_corpus ? read(name) : fixture(name),
                             {from_corpus ? "corpus" : "fixtures", name}, {"import", ""}, dry_run);
    EXPECT_TRUE(s.is_ok()) << s.status().message();
    return s.is_ok() ? *s : ImportSummary{};
  }
  testing::TempDir dir;
  std::unique_ptr<Store> store;
};

TEST_F(MergeTest, ImportingTheCorpusTwiceChangesNothing) {
  SKIP_WITHOUT_CORPUS();
  const char* files[] = {"allspaw-talks.md", "resilience-engineering-intro.md",
                         "resilience-for-software.md", "awesome-sre.md",
                         "topics/nature-of-complex-systems.md"};
  for (const char* f : files) import(f);
  uint64_t seq = store->last_seq();
  for (const char* f : files) {
    auto again = import(f);
    EXPECT_EQ(again.created, 0u) << f;
    EXPECT_EQ(again.updated, 0u) << f;
    EXPECT_EQ(again.edges_created, 0u) << f;
  }
  EXPECT_EQ(store->last_seq(), seq);
  EXPECT_TRUE(store->check().ok());
}

TEST_F(MergeTest, OneResourceListedByTwoFilesIsOneNodeWithBothProvenances) {
  SKIP_WITHOUT_CORPUS();
  import("resilience-engineering-intro.md");
  import("topics/nature-of-complex-systems.md");
  auto node = store->get_node("how-complex-systems-fail");
  ASSERT_TRUE(node.is_ok());
  ASSERT_EQ(node->provenance.size(), 2u);
  EXPECT_EQ(node->provenance[0].as_object().at("file").as_string(),
            "resilience-engineering-intro.md");
  EXPECT_EQ(node->provenance[1].as_object().at("file").as_string(),
            "topics/nature-of-complex-systems.md");
  // The second file's URL joins the first's as a link.
  ASSERT_EQ(node->links.size(), 1u);
  EXPECT_NE(node->links[0].url.find("web.mit.edu"), std::string::npos);
  auto authors = store->edges_of(node->id, Direction::in, "authored", 10);
  ASSERT_EQ(authors->size(), 1u);
}

TEST_F(MergeTest, AHandEditIsNeverOverwrittenAndIsReportedAsAConflict) {
  SKIP_WITHOUT_CORPUS();
  import("allspaw-talks.md");
  auto talk = store->get_node("10-deploys-per-day-dev-and-ops-cooperation-at-flickr");
  ASSERT_TRUE(talk.is_ok());
  NodeFields edit;
  edit.date = "2009-06-24";
  ASSERT_TRUE(store->update_node(talk->id, edit, std::nullopt, {"alice", "fix date"}).is_ok());
  auto again = import("allspaw-talks.md");
  EXPECT_EQ(store->get_node(talk->id)->date, "2009-06-24");
  ASSERT_EQ(again.conflicts.size(), 1u);
  EXPECT_NE(again.conflicts[0].find("alice"), std::string::npos);
  EXPECT_NE(again.conflicts[0].find("2009-06-23"), std::string::npos);
}

TEST_F(MergeTest, DryRunReportsAndWritesNothing) {
  SKIP_WITHOUT_CORPUS();
  auto s = import("allspaw-talks.md", true);
  EXPECT_EQ(s.created, 52u);
  EXPECT_GT(s.edges_created, 50u);
  EXPECT_FALSE(s.changes.empty());
  EXPECT_EQ(store->last_seq(), 0u);
}

TEST_F(MergeTest, SurnamesMeetTheFullNameAlreadyInTheStore) {
  SKIP_WITHOUT_CORPUS();
  import("resilience-engineering-intro.md");
  auto dekker = store->get_node("sidney-dekker");
  ASSERT_TRUE(dekker.is_ok());
  const char* md = "## Readings\n\n- [Just Culture](https://example.org/just-culture) by Dekker\n";
  auto s = import_markdown(*store, md, {"test", "t.md"}, {"import", ""}, false);
  ASSERT_TRUE(s.is_ok());
  auto authored = store->edges_of(dekker->id, Direction::out, "authored", 100);
  EXPECT_EQ(std::count_if(authored->begin(), authored->end(),
                          [&](auto& e) { return store->get_node(e.to)->title == "Just Culture"; }),
            1);
}

}  // namespace resgraph::importers

namespace resgraph::importers {

// Inputs the fuzzers found interesting (or that crashed once) are replayed in every build.
TEST(FuzzRegressions, EveryStoredInputIsHandledWithoutCrashing) {
  size_t replayed = 0;
  for (const auto& entry : std::filesystem::directory_iterator(RESGRAPH_FUZZ_REGRESSIONS)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    auto plan = plan_markdown(s.str(), {"fuzz", entry.path().filename().string()});
    for (const auto& n : plan.nodes) EXPECT_FALSE(n.title.empty());
    (void)parse_node_fields(s.str(), true);
    (void)parse_edge_fields(s.str());
    for (auto format : {CitationFormat::bibtex, CitationFormat::csl_json, CitationFormat::ris})
      (void)plan_citations(s.str(), format, {"fuzz", entry.path().filename().string()});
    ++replayed;
  }
  EXPECT_GT(replayed, 0u);
}

}  // namespace resgraph::importers

namespace resgraph::importers {

// Hostile shapes finish (the CTest timeout bounds them) with a sane plan, never a crash.
TEST(PathologicalMarkdown, DeepNestingRepeatsAndHugeLinesAreHandled) {
  std::string deep;
  for (int i = 0; i < 10000; ++i)
    deep += std::string(i * 2 % 200, ' ') + "- [x" + std::to_string(i) + "](https://example.org/" +
            std::to_string(i) + ")\n";
  std::string nested;  // "- - - - … x": each marker opens a list inside the last, 10,000 deep
  for (int i = 0; i < 10000; ++i) nested += "- ";
  nested += "[deep](https://example.org/deep)\n";
  std::string stars;
  for (int i = 0; i < 50000; ++i) stars += "* ";
  std::string brackets(65000, '[');
  std::string line = "- [A very long line](https://example.org/long) " + std::string(1 << 20, 'w');
  for (const auto& [name, md] :
       std::vector<std::pair<std::string, std::string>>{{"staircase", deep},
                                                        {"nested", nested},
                                                        {"stars", stars},
                                                        {"brackets", brackets},
                                                        {"line", line}}) {
    auto plan = plan_markdown(md, {"hostile", name});
    for (const auto& n : plan.nodes) EXPECT_FALSE(n.title.empty()) << name;
  }
  // A 1 MB entry is not a resource: skipped with its reason, not parsed for dates and names.
  auto long_line = plan_markdown(line, {"hostile", "line"});
  EXPECT_TRUE(long_line.nodes.empty());
  ASSERT_EQ(long_line.skipped.size(), 1u);
  EXPECT_NE(long_line.skipped[0].reason.find("16 KiB"), std::string::npos);
  auto ordinary = plan_markdown(
      "- [A long but real entry](https://example.org/real) " + std::string(8000, 'w') + "\n",
      {"hostile", "line"});
  ASSERT_EQ(ordinary.nodes.size(), 1u);
  EXPECT_EQ(ordinary.nodes[0].title, "A long but real entry");
  auto nested_plan = plan_markdown(nested, {"hostile", "nested"});
  EXPECT_TRUE(std::any_of(nested_plan.skipped.begin(), nested_plan.skipped.end(), [](auto& s) {
    return s.reason.find("nested deeper") != std::string::npos;
  }));
}

// howtheysre.md groups its entries by organization inside <details><summary>Org</summary>.
TEST(CorpusImporter, AnOrganizationGroupedListLinksEveryEntryToItsOrganization) {
  SKIP_WITHOUT_CORPUS();
  auto p = plan_of("howtheysre.md");
  EXPECT_GE(count_type(p, "organization"), 90u);
  for (const char* org : {"Airbnb", "Etsy", "GitHub", "Netflix", "Slack"}) {
    const DraftNode* n = find(p, org);
    ASSERT_NE(n, nullptr) << org;
    EXPECT_EQ(n->type, "organization") << org;
  }
  // Every entry inside an organization's block is published by it.
  size_t inside = 0, published = 0;
  for (size_t i = 0; i < p.nodes.size(); ++i) {
    const auto& n = p.nodes[i];
    if (n.type == "organization" || n.type == "concept") continue;
    std::string heading(n.provenance.at("heading").as_string());
    if (!heading.starts_with("How they SRE > Organizations > ")) continue;
    ++inside;
    published += std::any_of(p.edges.begin(), p.edges.end(),
                             [&](auto& e) { return e.from == i && e.type == "published_by"; });
  }
  EXPECT_GT(inside, 500u);
  EXPECT_EQ(published, inside);
  EXPECT_EQ(linked(p, find(p, "Alerting Framework at Airbnb"), "published_by"), V{"Airbnb"});
  EXPECT_EQ(find(p, "Alerting Framework at Airbnb")->type, "article");
  // Product names and verbs in titles are nobody.
  for (const char* nobody : {"GitHub Actions", "Web Workers", "Using HAProxy", "Thinking"})
    EXPECT_EQ(find(p, nobody), nullptr) << nobody;
  EXPECT_LE(count_type(p, "person"), 2u);
  size_t seen = 0, skipped = 0;
  for (const auto& [shape, c] : p.shapes) {
    seen += c.seen;
    skipped += c.skipped;
  }
  EXPECT_LT(skipped * 20, seen) << "under 5% of entries skipped";
}

// A reader's bar on every list of the corpus: under 5% of the entries skipped.
TEST(CorpusImporter, EveryListUnderstandsAtLeast95PercentOfItsEntries) {
  SKIP_WITHOUT_CORPUS();
  for (const auto& entry : std::filesystem::recursive_directory_iterator(RESGRAPH_CORPUS_DIR)) {
    if (entry.path().extension() != ".md" || entry.path().filename() == "README.md") continue;
    auto p = plan_markdown(read_file(entry.path().string()), {"corpus", entry.path().string()});
    size_t seen = 0, skipped = 0;
    for (const auto& [shape, c] : p.shapes) {
      seen += c.seen;
      skipped += c.skipped;
    }
    // A rate needs a list to be a rate of: one of under 20 may skip one line (a FAQ's "open an
    // issue on this repo" is not a resource).
    EXPECT_LE(skipped * 20, std::max<size_t>(seen, 20))
        << entry.path() << ": " << skipped << " of " << seen;
  }
}

// A list's housekeeping is not its content: the banner's credit and the FAQ's "how to ask" are
// no resources, though one sits under "Credits" and the other under a heading naming questions.
TEST(MarkdownImporter, CreditsAndAQuestionHeadingAreNotResources) {
  auto p = plan_markdown(
      "# Reliability reading\n\n## Papers\n\n"
      "* [Ironies of automation](https://example.org/ironies) - Lisanne Bainbridge\n\n"
      "## Credits\n\n* Banner image [Cartoon vector by someone](https://example.org/cartoon)\n\n"
      "## Acknowledgments\n\n* [A kind helper](https://example.org/helper)\n\n"
      "## What should I do if I have other questions?\n\n1. Open an issue on this repo\n",
      {"fixtures", "inline.md"});
  ASSERT_NE(find(p, "Ironies of automation"), nullptr);
  EXPECT_EQ(find(p, "Cartoon vector by someone"), nullptr);
  EXPECT_EQ(find(p, "A kind helper"), nullptr);
  EXPECT_EQ(count_type(p, "question"), 0u);
}

}  // namespace resgraph::importers
