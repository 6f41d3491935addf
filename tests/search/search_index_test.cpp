#include "search/search_index.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>

#include "graph/store.h"
#include "temp_dir.h"

namespace resgraph::search {

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store = std::move(*Store::open({dir.sub("store")}));
    open_index();
  }
  void open_index() {
    auto idx = SearchIndex::open(dir.sub("index"), *store);
    ASSERT_TRUE(idx.is_ok()) << idx.status().message();
    index = std::move(*idx);
  }
  Node make(const std::string& type, const std::string& title, std::vector<std::string> tags = {},
            int year = 0, const std::string& summary = "") {
    NodeFields f;
    f.type = type;
    f.title = title;
    if (!tags.empty()) f.tags = tags;
    if (year) f.year = year;
    if (!summary.empty()) f.summary = summary;
    auto n = store->create_node(f, {"tester", ""});
    EXPECT_TRUE(n.is_ok()) << n.status().message();
    return *n;
  }
  void link(const Node& a, const Node& b, const std::string& type) {
    ASSERT_TRUE(store->create_edge({a.id, b.id, type, {}, {}}, {"tester", ""}).is_ok());
  }
  void settle() {
    ASSERT_TRUE(index->wait_until_indexed(store->last_seq(), std::chrono::seconds(5)));
  }
  std::vector<std::string> titles(const std::string& q, const std::string& type = "") {
    settle();
    SearchRequest r;
    r.q = q;
    r.type = type;
    auto res = index->search(r);
    EXPECT_TRUE(res.is_ok()) << q << ": " << res.status().message();
    std::vector<std::string> out;
    if (res.is_ok())
      for (const auto& h : res->hits) out.push_back(h.title);
    std::sort(out.begin(), out.end());
    return out;
  }
  using V = std::vector<std::string>;

  testing::TempDir dir;
  std::unique_ptr<Store> store;
  std::unique_ptr<SearchIndex> index;
};

TEST_F(SearchTest, ANewNodeIsFoundByTheNextSearch) {
  make("paper", "How Complex Systems Fail");
  EXPECT_EQ(titles("complex"), V{"How Complex Systems Fail"});
  EXPECT_EQ(titles("failing systems"), V{"How Complex Systems Fail"});  // stemming
}

TEST_F(SearchTest, AnEditedTitleIsFoundByItsNewWordsNotItsOld) {
  Node n = make("paper", "Ironies of Automation");
  NodeFields f;
  f.title = "Paradoxes of Mechanisation";
  ASSERT_TRUE(store->update_node(n.id, f, std::nullopt, {"tester", ""}).is_ok());
  EXPECT_EQ(titles("paradoxes"), V{"Paradoxes of Mechanisation"});
  EXPECT_TRUE(titles("ironies").empty());
}

TEST_F(SearchTest, DeletedNodesDisappear) {
  Node n = make("talk", "Ops Meta-Metrics");
  EXPECT_EQ(titles("metrics").size(), 1u);
  ASSERT_TRUE(store->delete_node(n.id, std::nullopt, {"tester", ""}).is_ok());
  EXPECT_TRUE(titles("metrics").empty());
}

TEST_F(SearchTest, PrefixesFilterByTypeTagYearAuthorAndTitle) {
  Node cook = make("person", "Richard Cook");
  Node paper = make("paper", "How Complex Systems Fail", {"safety"}, 1998);
  Node talk = make("talk", "Complex Systems Talk", {"velocity"}, 2012, "Mentions Cook in passing.");
  link(cook, paper, "authored");
  EXPECT_EQ(titles("complex type:paper"), V{"How Complex Systems Fail"});
  EXPECT_EQ(titles("complex tag:velocity"), V{"Complex Systems Talk"});
  EXPECT_EQ(titles("year:1998"), V{"How Complex Systems Fail"});
  EXPECT_EQ(titles("author:cook"), V{"How Complex Systems Fail"});
  EXPECT_EQ(titles("title:\"complex systems talk\""), V{"Complex Systems Talk"});
  EXPECT_EQ(titles("year:2000..2019"), V{"Complex Systems Talk"});
  EXPECT_EQ(titles("complex NOT talk"), V{"How Complex Systems Fail"});
  EXPECT_EQ(titles("fail OR talk").size(), 2u);
  EXPECT_EQ(titles("complex", "talk"), V{"Complex Systems Talk"});
  (void)talk;
}

TEST_F(SearchTest, TheLastWordMatchesAsAPrefixWhileTyping) {
  make("concept", "Graceful extensibility");
  EXPECT_EQ(titles("graceful exten"), V{"Graceful extensibility"});
}

TEST_F(SearchTest, ResultsCarrySnippetsMatchedFieldsAndFacets) {
  Node cook = make("person", "Richard Cook");
  Node a = make("paper", "How Complex Systems Fail", {"safety"}, 1998, "Failure is complex.");
  Node b = make("article", "Above the Line, Below the Line", {"safety"}, 2019,
                "Complex systems above the line.");
  link(cook, a, "authored");
  settle();
  SearchRequest r;
  r.q = "complex";
  auto res = index->search(r);
  ASSERT_TRUE(res.is_ok());
  ASSERT_EQ(res->hits.size(), 2u);
  EXPECT_EQ(res->by_type.at("paper"), 1u);
  EXPECT_EQ(res->by_type.at("article"), 1u);
  EXPECT_EQ(res->by_tag.at("safety"), 2u);
  EXPECT_EQ(res->by_year.at("2019"), 1u);
  for (const auto& h : res->hits) {
    EXPECT_NE(h.snippet.find("<mark>"), std::string::npos) << h.snippet;
    EXPECT_NE(std::find(h.matched_fields.begin(), h.matched_fields.end(), "summary"),
              h.matched_fields.end());
  }
  auto hcsf =
      std::find_if(res->hits.begin(), res->hits.end(), [](auto& h) { return h.type == "paper"; });
  EXPECT_NE(std::find(hcsf->matched_fields.begin(), hcsf->matched_fields.end(), "title"),
            hcsf->matched_fields.end());
  (void)b;
}

TEST_F(SearchTest, FacetCountsEqualCountsFromTheStore) {
  for (int i = 0; i < 7; ++i) make("talk", "Talk " + std::to_string(i), {i % 2 ? "odd" : "even"});
  for (int i = 0; i < 4; ++i) make("paper", "Paper " + std::to_string(i), {"even"});
  settle();
  SearchRequest r;
  r.per_page = 1;  // facets count every match, not just the page
  auto res = index->search(r);
  ASSERT_TRUE(res.is_ok());
  for (const char* type : {"talk", "paper"}) {
    NodeQuery q;
    q.type = type;
    q.limit = 1000;
    EXPECT_EQ(res->by_type.at(type), store->list_nodes(q)->nodes.size()) << type;
  }
  for (const char* tag : {"odd", "even"}) {
    NodeQuery q;
    q.tag = tag;
    q.limit = 1000;
    EXPECT_EQ(res->by_tag.at(tag), store->list_nodes(q)->nodes.size()) << tag;
  }
  EXPECT_EQ(res->estimated_total, 11u);
}

TEST_F(SearchTest, MisspellingsGetADidYouMean) {
  make("concept", "Resilience engineering");
  settle();
  SearchRequest r;
  r.q = "resiliense";
  auto res = index->search(r);
  ASSERT_TRUE(res.is_ok());
  EXPECT_EQ(res->did_you_mean, "resilience");
}

TEST_F(SearchTest, MalformedQueriesAreInvalidNotErrors) {
  SearchRequest r;
  r.q = "(complex AND";
  auto res = index->search(r);
  EXPECT_EQ(res.status().code(), Code::invalid);
  r.q = "x";
  r.sort = "sideways";
  EXPECT_EQ(index->search(r).status().code(), Code::invalid);
}

// "-a ADJ b/c" and the like leak inside Xapian 1.4.22's parser (the query fuzzer found them);
// queries naming NEAR or ADJ are parsed without +/-, and with their operators as words unless
// they are plain (parser_flags), which `make sanitize` holds to no leak here; plain ones find
// what they name even when their last operand is the query's last word.
TEST_F(SearchTest, ProximityQueriesParseWithoutLeakingAndFindTheirWords) {
  make("paper", "Resilience engineering in practice");
  make("paper", "Engineering for resilience at scale");
  // The fuzzers' finds, kept in tests/fuzz/regressions/: or-then-adj-query.txt and
  // not-then-adj-latin1-query.txt (ADJ ends at a byte the parser reads as Latin-1 punctuation).
  const std::string nul_separated(
      "OR k(s]ADJ\0"
      "1:1",
      14);
  const std::string latin1("NOT e\xd7s]ADJ\xf7n\x03\xd6<", 16);
  for (const std::string& q :
       {std::string("-a ADJ b/c"), std::string("-\xb5 ADJ(p/B"),
        std::string("-safety NEAR web/ops"), std::string("x -a near b/c"),
        std::string("OR k(s]ADJ 1:1"), nul_separated, std::string("a ADJ"), std::string("NEAR b"),
        std::string("a AND ADJ b"), std::string("a NEAR/ b"), std::string("(a NEAR b)"), latin1}) {
    SearchRequest r;
    r.q = q;
    auto res = index->search(r);
    EXPECT_TRUE(res.is_ok() || res.status().code() == Code::invalid) << q;
  }
  EXPECT_EQ(titles("resilience NEAR engineering"),
            V({"Engineering for resilience at scale", "Resilience engineering in practice"}));
  EXPECT_EQ(titles("resilience ADJ engineering"), V({"Resilience engineering in practice"}));
  EXPECT_EQ(titles("resilience NEAR/3 engineering"),
            V({"Engineering for resilience at scale", "Resilience engineering in practice"}));
  EXPECT_EQ(titles("resilience ADJ/1 engineering AND practice"),
            V({"Resilience engineering in practice"}));
  EXPECT_EQ(titles("engineering -practice"), V({"Engineering for resilience at scale"}));
}

TEST_F(SearchTest, SuggestCompletesTitlesMostLinkedFirst) {
  Node allspaw = make("person", "John Allspaw");
  Node few = make("talk", "Resilient Response in Complex Systems");
  Node many = make("concept", "Resilience engineering");
  for (int i = 0; i < 3; ++i) link(make("paper", "Paper " + std::to_string(i)), many, "about");
  link(allspaw, few, "presented");
  settle();
  auto s = index->suggest("resil", 5);
  ASSERT_TRUE(s.is_ok());
  ASSERT_EQ(s->size(), 2u);
  EXPECT_EQ((*s)[0].title, "Resilience engineering");
  EXPECT_EQ((*s)[0].degree, 3);
  EXPECT_FALSE(index->suggest("  ", 5).is_ok());
}

TEST_F(SearchTest, CatchesUpOnOpenFromTheSequenceInItsOwnCommit) {
  make("paper", "Before shutdown");
  settle();
  uint64_t seq = index->indexed_seq();
  index.reset();
  make("paper", "While offline");
  {
    Xapian::Database db(dir.sub("index"));
    EXPECT_EQ(db.get_metadata("resgraph:last_seq"), std::to_string(seq));
  }
  open_index();
  EXPECT_EQ(titles("offline"), V{"While offline"});
  EXPECT_TRUE(index->verify().empty());
}

TEST_F(SearchTest, VerifyFindsDocumentsMissingFromTheIndexAndRebuildRepairs) {
  Node n = make("paper", "Will go missing");
  settle();
  index.reset();
  {
    Xapian::WritableDatabase db(dir.sub("index"), Xapian::DB_OPEN);
    db.delete_document("Q" + n.id);
    db.commit();
  }
  open_index();
  auto problems = index->verify();
  ASSERT_FALSE(problems.empty());
  EXPECT_NE(problems[0].find(n.id), std::string::npos);
  index.reset();
  ASSERT_TRUE(SearchIndex::rebuild(dir.sub("index"), *store).is_ok());
  open_index();
  EXPECT_TRUE(index->verify().empty());
  EXPECT_EQ(titles("missing"), V{"Will go missing"});
}

TEST_F(SearchTest, ACorruptOrForeignIndexIsRebuiltAndNeverAnswersPartially) {
  for (int i = 0; i < 300; ++i) make("paper", "Rebuilt paper " + std::to_string(i));
  settle();
  index.reset();
  // Garbage over every table of the index.
  for (const auto& f : std::filesystem::directory_iterator(dir.sub("index")))
    if (f.path().extension() == ".glass")
      std::ofstream(f.path(), std::ios::trunc) << "not a xapian table";
  open_index();
  SearchRequest r;
  r.q = "rebuilt";
  auto first = index->search(r);
  if (first.is_ok())
    EXPECT_EQ(first->estimated_total, 300u);  // complete, or not at all
  else
    EXPECT_EQ(first.status().code(), Code::unavailable);
  settle();
  auto later = index->search(r);
  ASSERT_TRUE(later.is_ok()) << later.status().message();
  EXPECT_EQ(later->estimated_total, 300u);
  EXPECT_TRUE(index->verify().empty());
}

TEST_F(SearchTest, AnIndexFromAnotherStoreIsRebuilt) {
  make("paper", "Only one");
  settle();
  index.reset();
  {
    Xapian::WritableDatabase db(dir.sub("index"), Xapian::DB_OPEN);
    db.set_metadata("resgraph:last_seq", "999999");
    db.commit();
  }
  open_index();
  EXPECT_EQ(titles("only"), V{"Only one"});
  EXPECT_EQ(index->indexed_seq(), store->last_seq());
}

}  // namespace resgraph::search

namespace resgraph::search {

// Many works carry a person's name in their titles and as their author; the person named
// alone, or by surname, still comes first, and so does a work whose whole title is the query.
TEST_F(SearchTest, AnExactNameOrTitleRanksFirst) {
  Node person = make("person", "John Allspaw");
  for (const char* t : {"PAPod 57 - System Reliability - John Allspaw",
                        "096: Resilience Engineering with John Allspaw",
                        "John Allspaw on System Failures", "An Evening with John Allspaw"}) {
    Node talk = make("podcast", t);
    link(person, talk, "presented");
  }
  make("paper", "Resilience Engineering with John Allspaw and others, revisited");
  settle();
  auto first = [&](const std::string& q) {
    SearchRequest r;
    r.q = q;
    auto res = index->search(r);
    EXPECT_TRUE(res.is_ok() && !res->hits.empty()) << q;
    return res.is_ok() && !res->hits.empty() ? res->hits.front().title : std::string();
  };
  EXPECT_EQ(first("Allspaw"), "John Allspaw");  // titles() sorts: these read the ranking
  EXPECT_EQ(first("john allspaw"), "John Allspaw");
  EXPECT_EQ(first("John Allspaw on System Failures"), "John Allspaw on System Failures");
  // Fields and operators are the reader's own ranking: no boost there.
  auto by_title = titles("title:allspaw");
  EXPECT_EQ(by_title.size(), 6u);
}

}  // namespace resgraph::search
