// The forms of a person's name, and the section tree a file's headings make.
#include "person_names.h"

#include <cmark-gfm.h>
#include <gtest/gtest.h>

#include <memory>

#include "graph/url_key.h"
#include "section_tree.h"
#include "text_rules.h"

namespace resgraph::importers {

TEST(NameForm, ReadsSurnameInitialAndWhetherTheGivenNameIsWrittenOut) {
  auto f = name_form("Woods, D. D.");
  EXPECT_EQ(f.surname, "woods");
  EXPECT_EQ(f.initial, "d");
  EXPECT_FALSE(f.full);
  f = name_form("David D. Woods");
  EXPECT_EQ(f.surname, "woods");
  EXPECT_TRUE(f.full);
  f = name_form("Woods'");
  EXPECT_EQ(f.surname, "woods");
  EXPECT_TRUE(f.initial.empty());
  EXPECT_EQ(name_form("Émile Durkheim").initial, "e");
}

TEST(PersonIndex, ShortFormsMeetTheOneFullNameThatFitsThem) {
  PersonIndex<size_t> people;
  people.add("David D. Woods", 1u);
  people.add("Richard I. Cook", 2);
  EXPECT_EQ(people.find("David Woods"), size_t{1});
  EXPECT_EQ(people.find("Woods"), size_t{1});
  EXPECT_EQ(people.find("D. Woods"), size_t{1});
  EXPECT_EQ(people.find("Woods, D. D."), size_t{1});
  EXPECT_EQ(people.find("Woods, David"), size_t{1});
  EXPECT_EQ(people.find("Cook, R. I."), size_t{2});
  EXPECT_EQ(people.find("R. Woods"), std::nullopt);      // another initial: someone else
  EXPECT_EQ(people.find("Robert Woods"), std::nullopt);  // a full name meets only itself
  people.add("Emily Woods", 3);
  EXPECT_EQ(people.find("Woods"), std::nullopt);  // two Woods: the surname says neither
  EXPECT_EQ(people.find("D. Woods"), size_t{1});  // the initial still tells them apart
}

TEST(PersonIndex, NamesMeetAcrossAccentsAndCase) {
  PersonIndex<size_t> people;
  people.add("José Martínez", 1);
  EXPECT_EQ(people.find("Jose Martinez"), size_t{1});
  EXPECT_EQ(people.find("JOSÉ MARTÍNEZ"), size_t{1});
  EXPECT_EQ(person_key("Dédale Dupont"), person_key("Dedale Dupont"));
  EXPECT_EQ(title_key("Dédale"), title_key("DEDALE"));
  EXPECT_EQ(title_key("Allspaw’s talks"), title_key("Allspaw's talks"));
  EXPECT_NE(title_key("Resilience"), title_key("Resilient"));
}

namespace {

struct Doc {
  explicit Doc(const char* md) : root(cmark_parse_document(md, strlen(md), CMARK_OPT_DEFAULT)) {}
  ~Doc() { cmark_node_free(root); }
  cmark_node* root;
};

std::string outline(const Section& s, int depth = 0) {
  std::string out;
  if (depth > 0) out += std::string(2 * (depth - 1), ' ') + s.title + "\n";
  for (const auto& c : s.children) out += outline(*c, depth + 1);
  return out;
}

bool names_someone(const std::string& title) { return looks_like_name(title); }

}  // namespace

TEST(SectionTree, GenericSubsectionsAtAPersonsLevelBelongToThePerson) {
  Doc doc(
      "# People\n\n## David Woods\n\nA bio.\n\n## Concepts\n\n- x\n\n## Selected publications\n\n"
      "- y\n\n## Richard Cook\n\n## Talks\n\n- z\n\n## Books\n\n- w\n");
  auto top = section_tree(doc.root, names_someone);
  EXPECT_EQ(outline(*top),
            "People\n  David Woods\n    Concepts\n    Selected publications\n  Richard Cook\n"
            "    Talks\n    Books\n");
}

TEST(SectionTree, ACategoryWithItsOwnListKeepsTheHeadingsAfterItAsSiblings) {
  Doc doc("# List\n\n## Real Time Chat\n\n- [a](https://a.example)\n\n## Books\n\n- b\n");
  auto top = section_tree(doc.root, names_someone);
  EXPECT_EQ(outline(*top), "List\n  Real Time Chat\n  Books\n");
}

TEST(SectionTree, DetailsBlocksAreSectionsNamedByTheirSummary) {
  Doc doc(
      "# How they run\n\n## Organizations\n\n<details>\n  <summary>Etsy</summary>\n\n"
      "### Blog Posts\n\n* [a](https://a.example)\n\n</details>\n\n<details>\n"
      "<summary><b>GitHub</b></summary>\n\n### Videos\n\n* [b](https://b.example)\n\n</details>\n\n"
      "## Resources\n\n* [c](https://c.example)\n");
  auto top = section_tree(doc.root, names_someone);
  EXPECT_EQ(outline(*top),
            "How they run\n  Organizations\n    Etsy\n      Blog Posts\n    GitHub\n      Videos\n"
            "  Resources\n");
  const Section& etsy = *top->children[0]->children[0]->children[0];
  EXPECT_TRUE(etsy.details);
  EXPECT_EQ(etsy.line, 5);
}

TEST(SectionTree, UnclosedDetailsNestNoDeeperThanTheLimit) {
  std::string md;
  for (int i = 0; i < 5000; ++i) md += "<details><summary>x</summary>\n\n";
  Doc doc(md.c_str());
  auto top = section_tree(doc.root, names_someone);
  size_t depth = 0;
  for (const Section* s = top.get(); !s->children.empty(); s = s->children.back().get()) ++depth;
  EXPECT_LE(depth, 64u);
}

}  // namespace resgraph::importers
