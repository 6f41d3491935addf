// The default dataset (data/): the field's literature as a newcomer meets it on first start.
// Its shape is checked, not its contents one by one: counts by type, every node linked, every
// person and concept described, every trail walkable, the Allspaw trail as the post lists it.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "graph/url_key.h"
#include "importers/dataset.h"
#include "importers/markdown_importer.h"
#include "temp_dir.h"

namespace resgraph::importers {
namespace {

class DefaultDatasetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store = std::move(*Store::open({dir.sub("store"), false}));
    auto report = import_dataset_dir(*store, RESGRAPH_DATA_DIR, {"import", "default dataset"});
    ASSERT_TRUE(report.is_ok()) << report.status().message();
    ASSERT_TRUE(report->problems.empty()) << report->problems.front();
    NodeQuery q;
    q.limit = 1000;
    for (;;) {
      auto page = store->list_nodes(q);
      ASSERT_TRUE(page.is_ok());
      for (auto& n : page->nodes) nodes.push_back(std::move(n));
      if (page->next.empty()) break;
      q.after = page->next;
    }
  }
  size_t count(const std::string& type) const {
    return std::count_if(nodes.begin(), nodes.end(), [&](const Node& n) { return n.type == type; });
  }
  testing::TempDir dir;
  std::unique_ptr<Store> store;
  std::vector<Node> nodes;
};

}  // namespace

TEST_F(DefaultDatasetTest, HoldsTheFieldsCanonWithEveryNodeLinkedAndDescribed) {
  EXPECT_GE(nodes.size(), 500u);
  EXPECT_GE(count("person"), 60u);
  EXPECT_GE(count("concept"), 60u);
  for (const char* type :
       {"paper", "book", "talk", "podcast", "article", "organization", "event", "postmortem"})
    EXPECT_GT(count(type), 0u) << type;
  size_t edges = 0;
  for (const auto& n : nodes) {
    auto out = store->edges_of(n.id, Direction::out, "", 10000);
    auto in = store->edges_of(n.id, Direction::in, "", 10000);
    ASSERT_TRUE(out.is_ok() && in.is_ok());
    edges += out->size();
    EXPECT_FALSE(out->empty() && in->empty()) << n.title << " has no edge";
    if (n.type == "person" || n.type == "concept") {
      EXPECT_FALSE(n.summary.empty()) << n.title;
    }
    ASSERT_FALSE(n.provenance.empty()) << n.title;
    const std::string file(n.provenance[0].as_object().at("file").as_string());
    EXPECT_TRUE(std::filesystem::exists(std::string(RESGRAPH_DATA_DIR) + "/" + file)) << n.title;
  }
  EXPECT_GE(edges, 1200u);
  // The canon's works name their people (a list's entry names whom it names).
  for (const auto& n : nodes)
    if ((n.type == "paper" || n.type == "book" || n.type == "talk") &&
        n.provenance[0].as_object().at("file").as_string() == "canon.json") {
      auto in =
          store->edges_of(n.id, Direction::in, n.type == "talk" ? "presented" : "authored", 100);
      EXPECT_FALSE(in->empty()) << n.title << " names nobody";
    }
}

TEST_F(DefaultDatasetTest, EveryTrailIsWalkableAndAnnotated) {
  auto trails = store->list_trails("", 100);
  ASSERT_TRUE(trails.is_ok());
  EXPECT_GE(trails->size(), 6u);
  for (const auto& t : *trails) {
    EXPECT_GE(t.steps.size(), 6u) << t.title;
    EXPECT_LE(t.steps.size(), 30u) << t.title;
    for (const auto& s : t.steps) {
      EXPECT_TRUE(store->get_node(s.node).is_ok()) << t.title << ": a step on a missing node";
      EXPECT_FALSE(s.note.empty()) << t.title << ": " << s.title;
    }
  }
}

TEST_F(DefaultDatasetTest, TheAllspawTrailIsHisTwentyFiveTalksInDateOrderThenThreePodcasts) {
  auto t = store->get_trail("the-allspaw-trail");
  ASSERT_TRUE(t.is_ok());
  ASSERT_EQ(t->steps.size(), 28u);
  std::string last;
  for (size_t i = 0; i < t->steps.size(); ++i) {
    auto n = store->get_node(t->steps[i].node);
    ASSERT_TRUE(n.is_ok());
    EXPECT_EQ(n->type, i < 25 ? "talk" : "podcast") << n->title;
    ASSERT_EQ(n->date.size(), 10u) << n->title;
    if (i < 25) {
      EXPECT_GE(n->date, last) << n->title;
      last = n->date;
    }
    auto presented = store->edges_of(n->id, Direction::in, "presented", 10);
    bool by_allspaw = std::any_of(presented->begin(), presented->end(), [&](const Edge& e) {
      return store->get_node(e.from)->title == "John Allspaw";
    });
    EXPECT_TRUE(by_allspaw) << n->title;
  }
  EXPECT_EQ(store->get_node(t->steps.front().node)->date, "2009-06-23");
  EXPECT_EQ(store->get_node(t->steps[24].node)->date, "2019-07-08");
}

TEST_F(DefaultDatasetTest, ASecondImportChangesNothing) {
  uint64_t seq = store->last_seq();
  auto again = import_dataset_dir(*store, RESGRAPH_DATA_DIR, {"import", "again"});
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(again->nodes_created, 0u);
  EXPECT_EQ(again->edges_created, 0u);
  EXPECT_EQ(again->trails_created, 0u);
  EXPECT_EQ(store->last_seq(), seq);
}

// Every dated talk and podcast the reference post lists is in the graph, with its date.
TEST_F(DefaultDatasetTest, EveryDatedTalkOfTheReferencePostIsThere) {
  const std::string path = std::string(RESGRAPH_REFERENCE_DIR) + "/resilience-blog.txt";
  if (!std::filesystem::exists(path))
    GTEST_SKIP()
        << "no ../shared/reference beside the checkout: the community's posts are not here";
  std::ifstream in(path);
  std::set<std::string> dates;
  for (const auto& n : nodes)
    if (n.type == "talk" || n.type == "podcast") dates.insert(n.date);
  static const std::regex listed(R"(^\s+\d+\. (\d{4}-\d\d-\d\d) )");
  size_t seen = 0;
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    if (!std::regex_search(line, m, listed)) continue;
    ++seen;
    EXPECT_TRUE(dates.count(m[1])) << line;
  }
  EXPECT_EQ(seen, 28u);
}

namespace {

std::string folded(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c)))
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!out.empty() && out.back() != ' ')
      out += ' ';
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// "Tom Limoncelli" is "Thomas A. Limoncelli": the same first initial, the surname among the names.
bool same_person(const std::string& listed, const std::string& known) {
  std::istringstream a(folded(listed)), b(folded(known));
  std::vector<std::string> x{std::istream_iterator<std::string>(a), {}};
  std::vector<std::string> y{std::istream_iterator<std::string>(b), {}};
  return !x.empty() && !y.empty() && x.front()[0] == y.front()[0] &&
         std::find(y.begin() + 1, y.end(), x.back()) != y.end();
}

}  // namespace

// The done-when of the canon: a newcomer finds every person, work, organisation and event the
// community's lists name, by title or URL (concepts may be named as the canon names them).
TEST_F(DefaultDatasetTest, EveryPersonWorkAndEventTheCorpusListsNameIsThere) {
  if (!std::filesystem::exists(RESGRAPH_CORPUS_DIR))
    GTEST_SKIP() << "no ../shared/corpus beside the checkout: the community's lists are not here";
  std::set<std::string> titles, urls;
  std::vector<std::string> people;
  for (const auto& n : nodes) {
    titles.insert(n.type + "|" + folded(n.title));
    if (auto key = url_key(n.url)) urls.insert(*key);
    if (n.type == "person") people.push_back(n.title);
  }
  size_t checked = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(RESGRAPH_CORPUS_DIR)) {
    if (entry.path().extension() != ".md" || entry.path().filename() == "README.md") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    auto plan = plan_markdown(text.str(), {"corpus", entry.path().filename().string()});
    for (const auto& d : plan.nodes) {
      if (d.tentative || d.type == "concept") continue;
      ++checked;
      auto key = url_key(d.url);
      bool found = titles.count(d.type + "|" + folded(d.title)) || (key && urls.count(*key)) ||
                   (d.type == "person" &&
                    std::any_of(people.begin(), people.end(),
                                [&](const std::string& p) { return same_person(d.title, p); }));
      if (!found)  // a work the canon files under another type, under the same title
        found = std::any_of(nodes.begin(), nodes.end(), [&](const Node& n) {
          return n.type != "person" && n.type != "concept" && folded(n.title) == folded(d.title);
        });
      EXPECT_TRUE(found) << entry.path().filename() << ": " << d.type << " '" << d.title << "'";
    }
  }
  EXPECT_GT(checked, 1000u);
}

}  // namespace resgraph::importers
