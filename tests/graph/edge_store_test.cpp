#include "store_fixture.h"

namespace resgraph::testing {

TEST_F(StoreTest, EdgesAreScannedByDirectionAndType) {
  Node person = make("person", "Richard Cook");
  Node paper = make("paper", "How Complex Systems Fail");
  Node concept_node = make("concept", "Complex systems");
  Edge authored = link(person, paper, "authored");
  Edge about = link(paper, concept_node, "about");

  auto out = store->edges_of(paper.id, Direction::out, "", 100);
  ASSERT_TRUE(out.is_ok());
  ASSERT_EQ(out->size(), 1u);
  EXPECT_EQ((*out)[0].id, about.id);
  auto in = store->edges_of(paper.slug, Direction::in, "", 100);
  ASSERT_EQ(in->size(), 1u);
  EXPECT_EQ((*in)[0].id, authored.id);
  EXPECT_EQ((*in)[0].from, person.id);
  EXPECT_EQ(store->edges_of(paper.id, Direction::both, "", 100)->size(), 2u);
  EXPECT_EQ(store->edges_of(paper.id, Direction::both, "authored", 100)->size(), 1u);
  EXPECT_EQ(store->edges_of(paper.id, Direction::both, "", 1)->size(), 1u);
}

TEST_F(StoreTest, EdgesToMissingNodesAndUnknownTypesAreRefused) {
  Node a = make("person", "David Woods");
  auto missing = store->create_edge({a.id, "nope", "authored", {}, {}}, meta);
  EXPECT_EQ(missing.status().code(), Code::invalid);
  EXPECT_NE(missing.status().message().find("nope"), std::string::npos);
  Node b = make("paper", "Resilience Engineering: Concepts and Precepts");
  EXPECT_EQ(store->create_edge({a.id, b.id, "likes", {}, {}}, meta).status().code(), Code::invalid);
  EXPECT_EQ(store->create_edge({a.id, a.id, "related", {}, {}}, meta).status().code(),
            Code::invalid);
  EXPECT_EQ(store->last_seq(), 2u);
}

TEST_F(StoreTest, DuplicateEdgeConflictsNamingTheExistingOne) {
  Node a = make("person", "Lorin Hochstein");
  Node b = make("article", "Surfing Complexity");
  Edge e = link(a, b, "authored");
  auto again = store->create_edge({a.slug, b.slug, "authored", {}, {}}, meta);
  EXPECT_EQ(again.status().code(), Code::conflict);
  EXPECT_EQ(again.status().detail().existing, e.id);
  EXPECT_TRUE(store->create_edge({a.id, b.id, "mentions", {}, {}}, meta).is_ok());
}

TEST_F(StoreTest, DeletedEdgeLeavesBothScansAndKeepsHistory) {
  Node a = make("person", "Sidney Dekker");
  Node b = make("book", "The Field Guide to Understanding Human Error");
  Edge e = link(a, b, "authored");
  ASSERT_TRUE(store->delete_edge(e.id, meta).is_ok());
  EXPECT_TRUE(store->edges_of(a.id, Direction::out, "", 10)->empty());
  EXPECT_TRUE(store->edges_of(b.id, Direction::in, "", 10)->empty());
  EXPECT_EQ(store->get_edge(e.id).status().code(), Code::not_found);
  auto h = store->history(e.id, 10);
  ASSERT_TRUE(h.is_ok());
  ASSERT_EQ(h->size(), 2u);
  EXPECT_EQ((*h)[0].kind, "deleted");
  EXPECT_EQ(store->delete_edge(e.id, meta).status().code(), Code::not_found);
}

}  // namespace resgraph::testing
