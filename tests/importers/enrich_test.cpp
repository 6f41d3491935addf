// Metadata lookup against a real HTTP server on 127.0.0.1 answering as Crossref's REST API
// documents (GET /works/{doi} -> {"status":"ok","message":{...}}) and as publishers' pages do.
#include "importers/enrich.h"

#include <gtest/gtest.h>

#include "../graph/store_fixture.h"
#include "file_server.h"

namespace resgraph::testing {
namespace {

const char* kIronies = R"({"status":"ok","message-type":"work","message-version":"1.0.0",
  "message":{"DOI":"10.1016/0005-1098(83)90046-8","type":"journal-article",
    "title":["Ironies of automation"],"container-title":["Automatica"],
    "publisher":"Elsevier BV","issued":{"date-parts":[[1983,11]]},
    "author":[{"given":"Lisanne","family":"Bainbridge","sequence":"first","affiliation":[]}],
    "URL":"http://dx.doi.org/10.1016/0005-1098(83)90046-8"}})";

const char* kIroniesPath = "/works/10.1016/0005-1098(83)90046-8";

class EnrichTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    options.crossref_url = server.base();
    options.contact = "curator@example.org";
  }
  Node work(const std::string& type, const std::string& title, boost::json::object attrs,
            const std::string& url = "", const std::string& date = "") {
    NodeFields f;
    f.type = type;
    f.title = title;
    f.attrs = std::move(attrs);
    if (!url.empty()) f.url = url;
    if (!date.empty()) f.date = date;
    auto n = store->create_node(f, meta);
    EXPECT_TRUE(n.is_ok()) << n.status().message();
    return n.is_ok() ? *n : Node{};
  }
  importers::EnrichReport enrich(const Node& n) {
    auto r = importers::enrich_node(*store, n.slug, options, {"enrich:carl", "lookup"});
    EXPECT_TRUE(r.is_ok()) << r.status().message();
    return r.is_ok() ? *r : importers::EnrichReport{};
  }
  std::vector<std::string> credited(const Node& n) {
    std::vector<std::string> out;
    auto in = store->edges_of(n.id, Direction::in, "authored", 100);
    if (in)
      for (const auto& e : *in) out.push_back(store->get_node(e.from)->title);
    return out;
  }

  FileServer server;
  importers::EnrichOptions options;
};

}  // namespace

TEST_F(EnrichTest, CrossrefFillsWhatAWorkLacksAfterADryRunShowsIt) {
  make("person", "Lisanne Bainbridge");
  Node ironies = work("paper", "Ironies of automation", {{"doi", "10.1016/0005-1098(83)90046-8"}});
  server.put(kIroniesPath, {kIronies, "", 200, "", 0, "application/json"});

  options.dry_run = true;
  const uint64_t before = store->last_seq();
  auto preview = enrich(ironies);
  EXPECT_EQ(store->last_seq(), before);  // a dry run writes nothing
  ASSERT_FALSE(preview.summary.changes.empty());
  EXPECT_EQ(preview.summary.changes[0],
            "update paper 'Ironies of automation': fill url, date, attrs.venue");
  EXPECT_EQ(preview.lookups,
            (std::vector<std::string>{"crossref 10.1016/0005-1098(83)90046-8: found"}));
  // Crossref is told who asks and how to reach them.
  EXPECT_NE(server.user_agent(kIroniesPath).find("mailto:curator@example.org"), std::string::npos);

  options.dry_run = false;
  auto done = enrich(ironies);
  EXPECT_GE(done.summary.updated, 1u);
  Node now = *store->get_node(ironies.id);
  EXPECT_EQ(now.date, "1983-11");
  EXPECT_EQ(now.attrs.at("venue").as_string(), "Automatica");
  EXPECT_EQ(now.url, "http://dx.doi.org/10.1016/0005-1098(83)90046-8");
  EXPECT_EQ(now.updated.who, "enrich:carl");
  // The author is the person already in the graph; the publisher was not asked for.
  EXPECT_EQ(credited(now), (std::vector<std::string>{"Lisanne Bainbridge"}));
  EXPECT_EQ(count_of("person"), 1u);
  EXPECT_EQ(count_of("organization"), 0u);

  const uint64_t after = store->last_seq();
  EXPECT_EQ(enrich(ironies).summary.updated, 0u);  // nothing left to fill in
  EXPECT_EQ(store->last_seq(), after);
  EXPECT_TRUE(store->check().ok());
}

TEST_F(EnrichTest, WhatAPersonWroteIsNeverWrittenOver) {
  Node author = make("person", "L. Bainbridge");
  Node ironies = work("paper", "Ironies of automation",
                      {{"doi", "10.1016/0005-1098(83)90046-8"}, {"venue", "Automatica 19(6)"}},
                      "https://example.org/ironies.pdf", "1984");
  link(author, ironies, "authored");
  server.put(kIroniesPath, {kIronies, "", 200, "", 0, "application/json"});
  auto report = enrich(ironies);
  Node now = *store->get_node(ironies.id);
  EXPECT_EQ(now.date, "1984");
  EXPECT_EQ(now.url, "https://example.org/ironies.pdf");
  EXPECT_EQ(now.attrs.at("venue").as_string(), "Automatica 19(6)");
  EXPECT_EQ(credited(now), (std::vector<std::string>{"L. Bainbridge"}));  // no second author
  EXPECT_EQ(count_of("person"), 1u);
  EXPECT_EQ(report.summary.updated, 0u);
  EXPECT_EQ(report.lookups.back(),
            "crossref 10.1016/0005-1098(83)90046-8: found; nothing to fill in");
}

TEST_F(EnrichTest, APageWithoutDoiIsReadForItsMetaTags) {
  server.put("/posts/cfc", {R"(<!doctype html><html><head>
    <meta property="og:title" content="Counterfactuals are not causality">
    <meta property="og:site_name" content="Surfing Complexity &amp; More">
    <meta property="article:published_time" content="2019-05-01T10:00:00+00:00">
    <meta name=author content="Lorin Hochstein">
    </head><body>...</body></html>)",
                            "", 200, "", 0, "text/html; charset=utf-8"});
  Node post = work("blog", "Counterfactuals are not causality", {}, server.url("/posts/cfc"));
  auto report = enrich(post);
  Node now = *store->get_node(post.id);
  EXPECT_EQ(now.date, "2019-05-01");
  EXPECT_EQ(now.attrs.at("venue").as_string(), "Surfing Complexity & More");
  EXPECT_EQ(credited(now), (std::vector<std::string>{"Lorin Hochstein"}));
  EXPECT_EQ(report.lookups,
            (std::vector<std::string>{"page " + server.url("/posts/cfc") + ": read"}));
  // Provenance says where the fields came from.
  EXPECT_EQ(now.provenance.back().as_object().at("source").as_string(), "page");
}

TEST_F(EnrichTest, APagesDoiIsLookedUpUnlessAnotherNodeHoldsIt) {
  server.put("/article",
             {R"(<html><head><meta name="citation_title" content="Ironies of automation">
    <meta name="citation_doi" content="doi:10.1016/0005-1098(83)90046-8"></head></html>)",
              "", 200, "", 0, "text/html"});
  server.put(kIroniesPath, {kIronies, "", 200, "", 0, "application/json"});
  Node ironies = work("paper", "Ironies of automation", {}, server.url("/article"));
  enrich(ironies);
  Node now = *store->get_node(ironies.id);
  EXPECT_EQ(now.attrs.at("doi").as_string(), "10.1016/0005-1098(83)90046-8");
  EXPECT_EQ(now.attrs.at("venue").as_string(), "Automatica");
  EXPECT_EQ(server.hits(kIroniesPath), 1);

  // A second node whose page names the same DOI: the DOI stays with the first.
  Node copy = work("paper", "Ironies of Automation (a copy)", {}, server.url("/article?copy"));
  server.put("/article?copy",
             {R"(<meta name="citation_doi" content="10.1016/0005-1098(83)90046-8">)", "", 200, "",
              0, "text/html"});
  auto report = enrich(copy);
  EXPECT_EQ(store->get_node(copy.id)->attrs.count("doi"), 0u);
  EXPECT_NE(report.lookups.back().find("left out: node " + ironies.id), std::string::npos)
      << report.lookups.back();
  EXPECT_TRUE(store->check().ok());
}

TEST_F(EnrichTest, FailedLookupsAreReportedAndChangeNothing) {
  Node missing = work("paper", "Unknown to Crossref", {{"doi", "10.9999/none"}});
  Node broken = work("paper", "Crossref is down", {{"doi", "10.9999/down"}});
  Node pdf = work("report", "A PDF", {}, server.url("/report.pdf"));
  server.put("/works/10.9999/down", {"oops", "", 500});
  server.put("/report.pdf", {"%PDF-1.4", "", 200, "", 0, "application/pdf"});
  const uint64_t before = store->last_seq();
  EXPECT_EQ(enrich(missing).lookups,
            (std::vector<std::string>{"crossref 10.9999/none: not in Crossref"}));
  EXPECT_NE(enrich(broken).lookups.at(0).find("Crossref answered 500"), std::string::npos);
  EXPECT_EQ(enrich(pdf).lookups.at(0), "page " + server.url("/report.pdf") + ": no page to read");
  EXPECT_EQ(store->last_seq(), before);

  EXPECT_EQ(
      importers::enrich_node(*store, make("person", "Someone").id, options, meta).status().code(),
      Code::invalid);
  EXPECT_EQ(importers::enrich_node(*store, "no-such-node", options, meta).status().code(),
            Code::not_found);
}

TEST_F(EnrichTest, EveryWorkLackingSomethingIsLookedUpAndNoOther) {
  make("person", "Lisanne Bainbridge");
  work("paper", "Ironies of automation", {{"doi", "10.1016/0005-1098(83)90046-8"}});
  Node complete =
      work("paper", "Complete", {{"doi", "10.9999/complete"}, {"venue", "V"}}, "", "2001");
  link(make("person", "Someone"), complete, "authored");
  work("paper", "Nothing to look up by", {});
  server.put(kIroniesPath, {kIronies, "", 200, "", 0, "application/json"});
  auto report = importers::enrich_works(*store, options, meta);
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  EXPECT_EQ(server.hits(kIroniesPath), 1);
  EXPECT_EQ(server.hits("/works/10.9999/complete"), 0);
  EXPECT_GE(report->summary.updated, 1u);
  EXPECT_EQ(report->lookups.size(), 1u);
}

}  // namespace resgraph::testing
