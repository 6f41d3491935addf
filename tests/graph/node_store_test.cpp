#include <boost/json/serialize.hpp>

#include "store_fixture.h"

namespace resgraph::testing {

TEST_F(StoreTest, CreatedNodeIsFoundByIdAndBySlug) {
  Node n = make("paper", "How Complex Systems Fail", "https://how.complexsystems.fail/");
  EXPECT_EQ(n.slug, "how-complex-systems-fail");
  EXPECT_EQ(n.rev, 1);
  EXPECT_EQ(n.created.who, "tester");
  auto by_id = store->get_node(n.id);
  ASSERT_TRUE(by_id.is_ok());
  EXPECT_EQ(by_id->title, "How Complex Systems Fail");
  auto by_slug = store->get_node("how-complex-systems-fail");
  ASSERT_TRUE(by_slug.is_ok());
  EXPECT_EQ(by_slug->id, n.id);
}

// The read path of GET /api/nodes/{id} answers the stored text: it must be exactly the node's
// JSON, with its own revision even when attrs or text hold "rev" too.
TEST_F(StoreTest, NodeJsonIsTheNodeAndItsOwnRevision) {
  NodeFields f;
  f.type = "paper";
  f.title = "Revisions \",\"rev\":99,\"created\": in a title";
  f.summary = "a summary with ,\"rev\":7,\"created\":{} inside";
  f.attrs = boost::json::object{{"rev", 42}, {"created", "x"}};
  auto n = store->create_node(f, {"tester", ""});
  ASSERT_TRUE(n.is_ok()) << n.status().message();
  NodeFields change;
  change.summary = "changed";
  ASSERT_TRUE(store->update_node(n->id, change, 1, {"tester", ""}).is_ok());
  auto raw = store->get_node_json(n->slug);
  ASSERT_TRUE(raw.is_ok());
  EXPECT_EQ(raw->rev, 2);
  auto node = store->get_node(n->id);
  ASSERT_TRUE(node.is_ok());
  EXPECT_EQ(raw->json, boost::json::serialize(to_json(*node)));
  EXPECT_EQ(Store::rev_of_node_json(R"({"id":"x","rev":3})"),
            std::nullopt);  // not the stored layout
  EXPECT_FALSE(store->get_node_json("no-such-node").is_ok());
}

TEST_F(StoreTest, SlugsStayUniqueAcrossTypes) {
  Node a = make("concept", "Resilience");
  Node b = make("book", "Resilience");
  EXPECT_EQ(a.slug, "resilience");
  EXPECT_EQ(b.slug, "resilience-2");
}

TEST_F(StoreTest, RequiredFieldsAndUnknownTypesAreRefused) {
  NodeFields f;
  f.title = "No type";
  EXPECT_EQ(store->create_node(f, meta).status().code(), Code::invalid);
  f.type = "spaceship";
  EXPECT_EQ(store->create_node(f, meta).status().code(), Code::invalid);
  f.type = "paper";
  f.title = "  ...  ";
  EXPECT_EQ(store->create_node(f, meta).status().code(), Code::invalid);
  EXPECT_EQ(store->last_seq(), 0u);
}

TEST_F(StoreTest, DateSetsYearAndBadDatesAreRefused) {
  NodeFields f;
  f.type = "talk";
  f.title = "Ops Meta-Metrics";
  f.date = "2010-06-22";
  auto n = store->create_node(f, meta);
  ASSERT_TRUE(n.is_ok()) << n.status().message();
  EXPECT_EQ(n->year, 2010);
  f.title = "Another";
  f.date = "2010-13-01";
  EXPECT_EQ(store->create_node(f, meta).status().code(), Code::invalid);
  f.date = "June 2010";
  EXPECT_EQ(store->create_node(f, meta).status().code(), Code::invalid);
}

TEST_F(StoreTest, TagsAreNormalizedAndFilterListings) {
  NodeFields f;
  f.type = "paper";
  f.title = "Tagged";
  f.tags = std::vector<std::string>{"Post Mortem", "post mortem", "SRE"};
  auto n = store->create_node(f, meta);
  ASSERT_TRUE(n.is_ok());
  EXPECT_EQ(n->tags, (std::vector<std::string>{"post-mortem", "sre"}));
  make("paper", "Untagged");
  NodeQuery q;
  q.tag = "sre";
  auto page = store->list_nodes(q);
  ASSERT_TRUE(page.is_ok());
  ASSERT_EQ(page->nodes.size(), 1u);
  EXPECT_EQ(page->nodes[0].id, n->id);
}

TEST_F(StoreTest, ListingPagesWithACursorInCreationOrder) {
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) ids.push_back(make("concept", "Concept " + std::to_string(i)).id);
  make("person", "Someone");
  NodeQuery q;
  q.type = "concept";
  q.limit = 3;
  std::vector<std::string> seen;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = store->list_nodes(q);
    ASSERT_TRUE(page.is_ok());
    for (const auto& n : page->nodes) seen.push_back(n.id);
    if (page->next.empty()) break;
    q.after = page->next;
  }
  EXPECT_EQ(seen, ids);
}

TEST_F(StoreTest, UpdateWithStaleRevisionConflictsAndChangesNothing) {
  Node n = make("paper", "Original");
  NodeFields f;
  f.title = "First edit";
  auto first = store->update_node(n.id, f, 1, meta);
  ASSERT_TRUE(first.is_ok());
  EXPECT_EQ(first->rev, 2);
  uint64_t seq = store->last_seq();
  f.title = "Stale edit";
  auto stale = store->update_node(n.id, f, 1, meta);
  EXPECT_EQ(stale.status().code(), Code::conflict);
  EXPECT_EQ(stale.status().detail().current, n.id);
  EXPECT_EQ(store->get_node(n.id)->title, "First edit");
  EXPECT_EQ(store->last_seq(), seq);
}

TEST_F(StoreTest, TitleChangeKeepsSlugAndMovesTitleIndex) {
  Node n = make("paper", "Old Title");
  NodeFields f;
  f.title = "New Title";
  ASSERT_TRUE(store->update_node(n.id, f, std::nullopt, meta).is_ok());
  EXPECT_EQ(store->get_node("old-title")->id, n.id);  // permalinks survive renames
  EXPECT_EQ(*store->find_duplicate("paper", "new title", ""), n.id);
  EXPECT_FALSE(store->find_duplicate("paper", "Old Title", "")->has_value());
  EXPECT_TRUE(make("paper", "Old Title").id.size() > 0);
}

TEST_F(StoreTest, DuplicateUrlVariantsAreRefusedNamingTheExistingNode) {
  Node n = make("paper", "How Complex Systems Fail", "https://how.complexsystems.fail/");
  NodeFields f;
  f.type = "article";
  f.title = "Different title";
  f.url = "http://www.How.ComplexSystems.fail?utm_source=twitter";
  auto dup = store->create_node(f, meta);
  EXPECT_EQ(dup.status().code(), Code::conflict);
  EXPECT_EQ(dup.status().detail().existing, n.id);
}

TEST_F(StoreTest, DuplicateTitlesAreRefusedPerTypeOnly) {
  Node n = make("talk", "Blameless PostMortems");
  NodeFields f;
  f.type = "talk";
  f.title = "blameless post-mortems";  // "post mortems" is other words than "postmortems"
  auto other = store->create_node(f, meta);
  EXPECT_TRUE(other.is_ok());
  f.title = "Blameless   PostMortems!";
  EXPECT_EQ(store->create_node(f, meta).status().code(), Code::conflict);
  f.type = "article";
  EXPECT_TRUE(store->create_node(f, meta).is_ok());
  (void)n;
}

TEST_F(StoreTest, DeleteRemovesNodeIndexesAndEdges) {
  Node a = make("person", "John Allspaw");
  Node b = make("talk", "10+ Deploys Per Day", "https://www.youtube.com/watch?v=LdOe18KhtT4");
  link(a, b, "presented");
  auto gone = store->delete_node(b.id, std::nullopt, meta);
  ASSERT_TRUE(gone.is_ok());
  EXPECT_EQ(store->get_node(b.id).status().code(), Code::not_found);
  EXPECT_EQ(store->get_node("10-deploys-per-day").status().code(), Code::not_found);
  EXPECT_TRUE(store->edges_of(a.id, Direction::both, "", 100)->empty());
  EXPECT_FALSE(
      store->find_duplicate("talk", "", "https://youtube.com/watch?v=LdOe18KhtT4")->has_value());
  auto changes = *store->changes_since(0, 100);
  ASSERT_EQ(changes.size(), 5u);
  EXPECT_EQ(changes[3].kind, "edge.deleted");
  EXPECT_EQ(changes[4].kind, "node.deleted");
  EXPECT_TRUE(store->check().ok());
}

TEST_F(StoreTest, NodesSurviveRestart) {
  Node n = make("paper", "Ironies of Automation");
  reopen();
  auto again = store->get_node(n.id);
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(again->title, "Ironies of Automation");
  EXPECT_EQ(again->slug, n.slug);
}

}  // namespace resgraph::testing
