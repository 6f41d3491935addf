// One fixture per shape of list the community keeps (tests/fixtures), read as a careful reader
// would, with each mistake a reader once caught kept here as a regression.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "graph/store.h"
#include "graph/url_key.h"
#include "importers/markdown_importer.h"
#include "plan_queries.h"
#include "temp_dir.h"

namespace resgraph::importers {
namespace {

using plan_queries::find;
using plan_queries::linked;
using plan_queries::V;

ImportPlan plan_of(const std::string& name) {
  std::ifstream in(std::string(RESGRAPH_FIXTURES_DIR) + "/" + name);
  std::stringstream s;
  s << in.rdbuf();
  EXPECT_FALSE(s.str().empty()) << name;
  return plan_markdown(s.str(), {"fixtures", name});
}

V titles_of_type(const ImportPlan& p, const std::string& type) {
  V out;
  for (const auto& n : p.nodes)
    if (n.type == type) out.push_back(n.title);
  std::sort(out.begin(), out.end());
  return out;
}

std::string type_of(const ImportPlan& p, const std::string& title) {
  const DraftNode* n = find(p, title);
  return n ? n->type : "(no such node)";
}

}  // namespace

TEST(PeopleDirectory, SubsectionsAtThePersonsOwnLevelStillBelongToThePerson) {
  auto p = plan_of("people-directory.md");
  EXPECT_EQ(titles_of_type(p, "person"), (V{"David Woods", "Richard Cook"}));
  EXPECT_EQ(linked(p, find(p, "Resilience is a verb"), "authored"), V{"David Woods"});
  EXPECT_EQ(linked(p, find(p, "The theory of graceful extensibility"), "authored"),
            V{"David Woods"});
  // Richard Cook's own "Selected publications", at the same level as his name.
  EXPECT_EQ(linked(p, find(p, "Being Bumpable"), "authored"), V{"Richard Cook"});
  // A work named under "Contributions" is a work of the person's, not a concept.
  const DraftNode* jcs =
      find(p, "Joint Cognitive Systems: Foundations of Cognitive Systems Engineering");
  ASSERT_NE(jcs, nullptr);
  EXPECT_EQ(jcs->type, "paper");
  EXPECT_EQ(jcs->year, 2005);
  EXPECT_EQ(linked(p, jcs, "authored"), V{"David Woods"});
  EXPECT_EQ(type_of(p, "Adaptive capacity"), "concept");
  EXPECT_EQ(linked(p, find(p, "Adaptive capacity"), "authored"), V{"David Woods"});
  // "Woods' theorem" is David Woods', not a new person called Woods.
  EXPECT_EQ(linked(p, find(p, "Woods' theorem"), "authored"), V{"David Woods"});
  EXPECT_EQ(find(p, "Woods"), nullptr);
  // Headings that organize the page are neither nodes nor themes.
  for (const char* heading : {"Concepts", "Selected publications", "Contributions"})
    EXPECT_EQ(find(p, heading), nullptr) << heading;
  // A site of its own, credited to its author, is still the paper.
  EXPECT_EQ(type_of(p, "How Complex Systems Fail"), "paper");
}

TEST(PeopleDirectory, ALegendsMarkersAreAnnotationsOnTheirEntryAndNeverNodes) {
  auto p = plan_of("people-directory.md");
  EXPECT_EQ(find(p, "TWR Review"), nullptr);
  for (const char* work : {"Resilience is a verb", "Being Bumpable"}) {
    const DraftNode* n = find(p, work);
    ASSERT_NE(n, nullptr) << work;
    ASSERT_EQ(n->links.size(), 1u) << work;
    EXPECT_EQ(n->links[0].label, "TWR Review");
  }
  // The legend itself names no resource: the channel it points at is no node.
  for (const auto& n : p.nodes) EXPECT_EQ(n.url.find("@ThinkingWithResilience"), std::string::npos);
  EXPECT_TRUE(std::any_of(p.skipped.begin(), p.skipped.end(), [](const Skip& s) {
    return s.line == 3 && s.reason.find("legend") != std::string::npos;
  }));
}

TEST(IncidentCatalogue, EachEntryIsAReportTitledFromWhatHappenedAndPublishedByItsCompany) {
  auto p = plan_of("incident-catalogue.md");
  EXPECT_EQ(titles_of_type(p, "organization"),
            (V{"Amazon", "Cloudflare", "GitHub", "Google Cloud", "Slack"}));
  V reports = titles_of_type(p, "postmortem");
  ASSERT_EQ(reports.size(), 5u);  // every entry, list item or paragraph
  for (const auto& r : reports) {
    EXPECT_GT(r.size(), 20u) << "titled from its description, not the company: " << r;
    EXPECT_EQ(linked(p, find(p, r), "published_by").size(), 1u) << r;
  }
  const DraftNode* s3 = nullptr;
  for (const auto& n : p.nodes)
    if (n.type == "postmortem" && n.url == "https://aws.amazon.com/message/41926/") s3 = &n;
  ASSERT_NE(s3, nullptr);
  EXPECT_TRUE(s3->title.starts_with("A command meant to remove a few S3 servers"));
  EXPECT_EQ(linked(p, s3, "published_by"), V{"Amazon"});
  EXPECT_EQ(s3->date, "2017-02-28");
  EXPECT_EQ(s3->attrs.at("category").as_string(), "Config errors");
  EXPECT_EQ(linked(p, s3, "about"), V{"Config errors"});
  auto dated = [&](const std::string& url) {
    for (const auto& n : p.nodes)
      if (n.url == url) return n.date;
    return std::string("(none)");
  };
  EXPECT_EQ(dated("https://blog.cloudflare.com/details-of-the-cloudflare-outage-on-july-2-2019/"),
            "2019-07-02");
  EXPECT_EQ(dated("https://github.blog/2018-10-30-oct21-post-incident-analysis/"), "2018-10");
  EXPECT_EQ(dated("https://status.cloud.google.com/incident/cloud-networking/19009"), "2019-06-02");
  const ShapeCount& c = p.shapes.at("incidents");
  EXPECT_EQ(c.seen, 5u);
  EXPECT_EQ(c.understood, 5u);
}

TEST(OrganizationGroups, DetailsBlocksNameTheOrganizationThatPublishedEachEntry) {
  auto p = plan_of("organizations.md");
  EXPECT_EQ(titles_of_type(p, "organization"), (V{"Adaptive Capacity Labs", "Etsy", "GitHub"}));
  EXPECT_EQ(type_of(p, "Blameless PostMortems and a Just Culture"), "article");
  EXPECT_EQ(linked(p, find(p, "Blameless PostMortems and a Just Culture"), "published_by"),
            V{"Etsy"});
  EXPECT_EQ(type_of(p, "Continuous Deployment at Etsy"), "talk");
  EXPECT_EQ(type_of(p, "October 21 post-incident analysis"), "postmortem");
  EXPECT_EQ(linked(p, find(p, "October 21 post-incident analysis"), "published_by"), V{"GitHub"});
  EXPECT_EQ(find(p, "GitHub Availability Report: August 2024")->date, "2024-08");
  // Products and verbs in titles are nobody: no person anywhere in this list.
  EXPECT_EQ(titles_of_type(p, "person"), V{});
  // A site's front page is a website; "a consultancy" says what it is.
  EXPECT_EQ(type_of(p, "Google SRE"), "website");
  EXPECT_EQ(type_of(p, "Adaptive Capacity Labs"), "organization");
  EXPECT_EQ(find(p, "Resources"), nullptr);
}

TEST(Glossary, LawsAreConceptsCreditedToWhoeverTheProseNames) {
  auto p = plan_of("glossary.md");
  EXPECT_EQ(titles_of_type(p, "concept"), (V{"Conway's law", "Hollnagel's ETTO principle",
                                             "Law of stretched systems", "Woods' theorem"}));
  EXPECT_FALSE(find(p, "Woods' theorem")->summary.empty());
  EXPECT_EQ(linked(p, find(p, "Law of stretched systems"), "authored"), V{"David Woods"});
  EXPECT_EQ(linked(p, find(p, "Woods' theorem"), "authored"), V{"David Woods"});
  EXPECT_EQ(linked(p, find(p, "Conway's law"), "authored"), V{"Melvin Conway"});
  // A surname the file never names in full stays text.
  EXPECT_EQ(titles_of_type(p, "person"), (V{"David Woods", "Melvin Conway"}));
}

TEST(Bibliography, CitationsGiveWorksWithAuthorsYearVenueAndDoi) {
  auto p = plan_of("bibliography.md");
  const DraftNode* ironies = find(p, "Ironies of automation");
  ASSERT_NE(ironies, nullptr);
  EXPECT_EQ(ironies->type, "paper");
  EXPECT_EQ(ironies->year, 1983);
  EXPECT_EQ(ironies->attrs.at("doi").as_string(), "10.1016/0005-1098(83)90046-8");
  EXPECT_EQ(ironies->url, "https://doi.org/10.1016/0005-1098(83)90046-8");
  // "Bainbridge, L." and "Lisanne Bainbridge" are one person; the two citations one paper.
  EXPECT_EQ(linked(p, ironies, "authored"), V{"Lisanne Bainbridge"});
  EXPECT_EQ(std::count_if(p.nodes.begin(), p.nodes.end(),
                          [](auto& n) { return title_key(n.title) == "ironies of automation"; }),
            1);
  const DraftNode* gx =
      find(p, "The theory of graceful extensibility: basic rules that govern adaptive systems");
  ASSERT_NE(gx, nullptr);
  EXPECT_EQ(gx->url, "https://doi.org/10.1007/s10669-018-9708-3");
  EXPECT_TRUE(std::string(gx->attrs.at("venue").as_string())
                  .starts_with("Environment Systems and Decisions"));
  EXPECT_EQ(linked(p, gx, "authored"), V{"David D. Woods"});
  const DraftNode* solid =
      find(p, "\"Going solid\": a model of system dynamics and consequences for patient safety");
  ASSERT_NE(solid, nullptr);
  EXPECT_EQ(solid->year, 2005);
  EXPECT_EQ(solid->attrs.at("byline").as_string(), "Cook, R. I., & Rasmussen, J.");
  for (const char* who : {"Cook, R. I.", "Rasmussen, J."}) {
    const DraftNode* n = find(p, who);
    ASSERT_NE(n, nullptr) << who;
    EXPECT_TRUE(n->tentative) << who;
  }
  EXPECT_EQ(find(p, "Bibliography"), nullptr);  // no theme of its own
}

TEST(Explain, EveryLineSaysWhatItBecameOrWhyItWasSkipped) {
  auto p = plan_of("people-directory.md");
  auto lines = explain(p);
  auto has = [&](const std::string& s) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& l) { return l.find(s) != std::string::npos; });
  };
  EXPECT_TRUE(has("line 3: skipped: explains the list's link markers"));
  EXPECT_TRUE(has("line 6: person 'David Woods' — a heading that names a person"));
  EXPECT_TRUE(has("line 17: paper 'Resilience is a verb'"));
  EXPECT_TRUE(has("line 17: edge David Woods -authored-> Resilience is a verb"));
  EXPECT_TRUE(has("line 17: annotation 'TWR Review' kept as a link on 'Resilience is a verb'"));
  EXPECT_TRUE(
      std::is_sorted(lines.begin(), lines.end(), [](const std::string& a, const std::string& b) {
        return std::stoi(a.substr(5)) < std::stoi(b.substr(5));
      }));
}

class ShapesIntoAStore : public ::testing::Test {
 protected:
  void SetUp() override { store = std::move(*Store::open({dir.sub("store")})); }
  ImportSummary import(const std::string& name, const std::string& md, bool explain = false) {
    auto s = import_markdown(*store, md, {"test", name}, {"import", ""}, false, explain);
    EXPECT_TRUE(s.is_ok()) << s.status().message();
    return s.is_ok() ? *s : ImportSummary{};
  }
  size_t people() {
    NodeQuery q;
    q.type = "person";
    return store->list_nodes(q)->nodes.size();
  }
  testing::TempDir dir;
  std::unique_ptr<Store> store;
};

TEST_F(ShapesIntoAStore, InitialsThatMeetNobodyAreKeptAsTextAndMeetAFullNameOnceItIsKnown) {
  const char* cite =
      "# Bibliography\n\n- Cook, R. I., & Rasmussen, J. (2005). Going solid: a model of system "
      "dynamics. Quality and Safety in Health Care, 14(2).\n";
  auto first = import("a.md", cite);
  EXPECT_EQ(people(), 0u);  // no person made from initials alone
  EXPECT_TRUE(std::any_of(first.skips.begin(), first.skips.end(), [](const std::string& s) {
    return s.find("'Cook, R. I.' names no person known in full") != std::string::npos;
  }));
  auto paper = store->get_node("going-solid-a-model-of-system-dynamics");
  ASSERT_TRUE(paper.is_ok());
  EXPECT_EQ(paper->attrs.at("byline").as_string(), "Cook, R. I., & Rasmussen, J.");
  // Once the graph knows Richard I. Cook, the same citation links him.
  import("b.md",
         "## Richard I. Cook: papers\n\n- [How Complex Systems "
         "Fail](https://how.complexsystems.fail/)\n");
  import("a.md", cite);
  auto cook = store->get_node("richard-i-cook");
  ASSERT_TRUE(cook.is_ok());
  auto authored = store->edges_of(cook->id, Direction::out, "authored", 10);
  ASSERT_TRUE(authored.is_ok());
  EXPECT_EQ(authored->size(), 2u);
  EXPECT_EQ(people(), 1u);
}

TEST_F(ShapesIntoAStore, ExplainComesBackInTheSummaryWithCountsByShape) {
  auto s = import("incidents.md",
                  "# Outages\n\n- [Amazon](https://aws.amazon.com/message/41926/). A command meant "
                  "to remove a few servers removed far more on February 28, 2017.\n- just words\n",
                  true);
  auto json = to_json(s);
  ASSERT_TRUE(json.contains("explain"));
  EXPECT_FALSE(json.at("explain").as_array().empty());
  const auto& shape = json.at("shapes").at("incidents").as_object();
  EXPECT_EQ(shape.at("seen").as_uint64() + 0, 2u);
  EXPECT_EQ(shape.at("understood").as_uint64(), 1u);
  EXPECT_EQ(shape.at("skipped").as_uint64(), 1u);
}

}  // namespace resgraph::importers
