// GET /api/export as citations, chosen by trail, node, person or search; POST /api/import of
// citation files by their content type.
#include "file_server.h"
#include "server_fixture.h"

namespace resgraph::testing {
namespace {

const char* kBib = R"(@article{bainbridge_1983,
  title = {Ironies of automation}, author = {Bainbridge, Lisanne}, journal = {Automatica},
  doi = {10.1016/0005-1098(83)90046-8}, year = {1983}}
@misc{allspaw_2009,
  title = {10+ Deploys Per Day}, author = {Allspaw, John and Hammond, Paul},
  howpublished = {Talk at Velocity 2009}, date = {2009-06-23}}
@book{dekker_2014, title = {The Field Guide to Understanding Human Error},
  author = {Dekker, Sidney}, year = {2014}}
)";

}  // namespace

TEST_F(ServerTest, CitationsImportByContentTypeAndExportBySelection) {
  auto imported = call("POST", "/api/import?file=library.bib", kBib, contributor,
                       {{"Content-Type", "application/x-bibtex"}});
  ASSERT_EQ(imported.status, 200u) << imported.body;
  EXPECT_EQ(obj(imported)["created"].as_int64(), 8);  // 3 works, 4 people, the talk's event
  ASSERT_TRUE(index->wait_until_indexed(store->last_seq(), std::chrono::seconds(5)));

  auto all = call("GET", "/api/export?format=bibtex");
  ASSERT_EQ(all.status, 200u) << all.body;
  EXPECT_TRUE(all.header("content-type").starts_with("application/x-bibtex"));
  EXPECT_EQ(all.header("content-disposition"), "attachment; filename=\"resgraph.bib\"");
  for (const char* entry : {"@article{ironies-of-automation,", "@misc{10-deploys-per-day,",
                            "@book{the-field-guide-to-understanding-human-error,"})
    EXPECT_NE(all.body.find(entry), std::string::npos) << entry << "\n" << all.body;

  auto johns = call("GET", "/api/export?format=csl-json&person=john-allspaw");
  ASSERT_EQ(johns.status, 200u) << johns.body;
  EXPECT_EQ(johns.header("content-disposition"), "attachment; filename=\"john-allspaw.json\"");
  auto items = json::parse(johns.body).as_array();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].as_object()["type"].as_string(), "speech");

  // A search's works, with the search's own filters: the query finds the talk and its people;
  // only works are cited.
  auto found = call("GET", "/api/export?format=ris&q=deploys");
  ASSERT_EQ(found.status, 200u) << found.body;
  EXPECT_NE(found.body.find("TI  - 10+ Deploys Per Day"), std::string::npos) << found.body;
  EXPECT_EQ(found.body.find("Ironies"), std::string::npos);
  auto books = call("GET", "/api/export?format=ris&q=the&type=book");
  ASSERT_EQ(books.status, 200u) << books.body;
  EXPECT_NE(books.body.find("TY  - BOOK"), std::string::npos) << books.body;
  EXPECT_EQ(books.body.find("TY  - JOUR"), std::string::npos) << books.body;

  auto around = call("GET", "/api/export?format=bibtex&node=paul-hammond&depth=2");
  ASSERT_EQ(around.status, 200u) << around.body;
  EXPECT_NE(around.body.find("@misc{10-deploys-per-day,"), std::string::npos);
  EXPECT_EQ(around.body.find("@article"), std::string::npos);

  // By identifier, in any of its spellings.
  auto by_doi = obj(call("GET", "/api/search?q=doi:https://doi.org/10.1016/0005-1098(83)90046-8"));
  ASSERT_EQ(by_doi["hits"].as_array().size(), 1u) << json::serialize(by_doi);
  EXPECT_EQ(by_doi["hits"].as_array()[0].as_object()["title"].as_string(), "Ironies of automation");
}

TEST_F(ServerTest, CitationExportsRefuseWhatCannotBeMet) {
  create("paper", "How Complex Systems Fail");
  for (const char* bad : {"/api/export?format=json&trail=x", "/api/export?format=markdown&person=x",
                          "/api/export?format=bibtex&trail=x&person=y",
                          "/api/export?format=bibtex&node=how-complex-systems-fail&depth=9",
                          "/api/export?format=bibtex&type=person", "/api/export?format=endnote",
                          "/api/export?format=ris&q=%28complex%20AND"}) {
    auto r = call("GET", bad);
    EXPECT_EQ(r.status, 400u) << bad << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), "application/problem+json") << bad;
  }
  EXPECT_EQ(call("GET", "/api/export?format=bibtex&trail=no-such-trail").status, 404u);
  EXPECT_EQ(call("GET", "/api/export?format=bibtex&node=no-such-node").status, 404u);
  auto bad_file = call("POST", "/api/import?file=x.bib", "not a bibtex file", contributor,
                       {{"Content-Type", "application/x-bibtex"}});
  EXPECT_EQ(bad_file.status, 400u) << bad_file.body;
  EXPECT_EQ(bad_file.header("content-type"), "application/problem+json");
  EXPECT_EQ(store->last_seq(), base + 1);
}

}  // namespace resgraph::testing

namespace resgraph::testing {

// POST /api/nodes/{id}/enrich against a stand-in for Crossref on 127.0.0.1.
TEST_F(ServerTest, EnrichFillsAWorkFromCrossrefForContributors) {
  FileServer crossref;
  crossref.put("/works/10.1016/0005-1098(83)90046-8",
               {R"({"status":"ok","message":{"title":["Ironies of automation"],
                   "container-title":["Automatica"],"issued":{"date-parts":[[1983,11]]},
                   "author":[{"given":"Lisanne","family":"Bainbridge"}]}})",
                "", 200, "", 0, "application/json"});
  stop();
  options.crossref_url = crossref.base();
  start();
  auto paper = create("paper", "Ironies of automation",
                      R"(,"attrs":{"doi":"https://doi.org/10.1016/0005-1098(83)90046-8"})");
  const std::string target = "/api/nodes/" + str(paper, "slug") + "/enrich";
  EXPECT_EQ(call("POST", target, "", reader).status, 403u);
  auto dry = call("POST", target + "?dry_run=1", "", contributor);
  ASSERT_EQ(dry.status, 200u) << dry.body;
  EXPECT_EQ(obj(dry)["changes"].as_array()[0].as_string(),
            "update paper 'Ironies of automation': fill date, attrs.venue");
  EXPECT_EQ(store->last_seq(), base + 1);
  auto done = call("POST", target, "", contributor);
  ASSERT_EQ(done.status, 200u) << done.body;
  auto now = obj(call("GET", "/api/nodes/" + str(paper, "slug")));
  EXPECT_EQ(str(now, "date"), "1983-11");
  EXPECT_EQ(now["updated"].as_object()["by"].as_string(), "enrich:carl");
  EXPECT_EQ(call("POST", "/api/nodes/no-such/enrich", "", contributor).status, 404u);
  // The author came with the lookup; a person is not looked up.
  EXPECT_EQ(call("GET", "/api/nodes/lisanne-bainbridge").status, 200u);
  EXPECT_EQ(call("POST", "/api/nodes/lisanne-bainbridge/enrich", "", contributor).status, 400u);
}

}  // namespace resgraph::testing

namespace resgraph::testing {

TEST_F(ServerTest, LinksListsTheDeadWithTheirNodeAndArchivedCopy) {
  auto paper = create(
      "paper", "How Complex Systems Fail",
      R"(,"url":"https://example.org/hcsf.pdf","links":[{"url":"https://example.org/ok","label":"x"}])");
  const LinkCheck gone{1'700'000'000'000, "client_error", 404, 0, "", ""};
  ASSERT_TRUE(store->record_link_check("https://example.org/hcsf.pdf", gone, {1, 0}, {"links", ""})
                  .is_ok());
  ASSERT_TRUE(store
                  ->set_archived_copy("https://example.org/hcsf.pdf",
                                      "https://web.archive.org/web/2019/x", {"links", ""})
                  .is_ok());
  ASSERT_TRUE(store
                  ->record_link_check("https://example.org/ok",
                                      {1'700'000'000'000, "ok", 200, 0, "", ""}, {}, {"links", ""})
                  .is_ok());
  auto dead = obj(call("GET", "/api/links?status=dead"));
  ASSERT_EQ(dead["links"].as_array().size(), 1u) << json::serialize(dead);
  auto link = dead["links"].as_array()[0].as_object();
  EXPECT_EQ(str(link, "archived"), "https://web.archive.org/web/2019/x");
  EXPECT_EQ(str(link["node"].as_object(), "slug"), str(paper, "slug"));
  auto of_node = obj(call("GET", "/api/links?node=" + str(paper, "slug")));
  EXPECT_EQ(of_node["links"].as_array().size(), 2u);
  EXPECT_EQ(call("GET", "/api/links?status=gone").status, 400u);
  EXPECT_EQ(call("GET", "/api/links?node=no-such-node").status, 404u);
  // A Markdown export can offer the copy in the dead link's place; other formats refuse it.
  auto md = call("GET", "/api/export?format=markdown&archived_links=1");
  ASSERT_EQ(md.status, 200u) << md.body;
  EXPECT_NE(md.body.find("(https://web.archive.org/web/2019/x)"), std::string::npos) << md.body;
  EXPECT_EQ(md.body.find("(https://example.org/hcsf.pdf)"), std::string::npos) << md.body;
  EXPECT_NE(call("GET", "/api/export?format=markdown").body.find("(https://example.org/hcsf.pdf)"),
            std::string::npos);
  EXPECT_EQ(call("GET", "/api/export?format=json&archived_links=1").status, 400u);
}

}  // namespace resgraph::testing
