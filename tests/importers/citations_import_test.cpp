// Citations in: files shaped as Zotero writes them, merged by identifier, then URL, then title
// and year, idempotently and with provenance; authors meet the people already in the graph.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <map>
#include <set>

#include "../graph/store_fixture.h"
#include "citation.h"
#include "importers/citations.h"
#include "importers/upload.h"

namespace resgraph::testing {
namespace {

// As Zotero's BibTeX export writes it: tabs, month macros, braced capitals, TeX accents.
const char* kZoteroBib = R"(
@article{bainbridge_ironies_1983,
	title = {Ironies of automation},
	volume = {19},
	issn = {0005-1098},
	doi = {10.1016/0005-1098(83)90046-8},
	number = {6},
	journal = {Automatica},
	author = {Bainbridge, Lisanne},
	month = nov,
	year = {1983},
	pages = {775--779},
}

@book{dekker_field_2014,
	address = {Farnham},
	edition = {3},
	title = {The {Field} {Guide} to {Understanding} '{Human} {Error}'},
	isbn = {978-1-4724-3905-5 not-an-isbn},
	publisher = {Ashgate},
	author = {Dekker, Sidney},
	year = {2014},
}

@incollection{hollnagel_2006,
	title = {Resilience engineering: {Concepts} and precepts},
	author = {Hollnagel, Erik and Woods, David D. and Leveson, Nancy},
	booktitle = {Resilience {Engineering}},
	year = {2006},
}

@misc{allspaw_deploys_2009,
	title = {10+ {Deploys} {Per} {Day}: {Dev} and {Ops} {Cooperation} at {Flickr}},
	howpublished = {Talk at Velocity 2009},
	author = {Allspaw, John and Hammond, Paul},
	date = {2009-06-23},
	year = {2009},
}

@article{rasmussen_1997,
	title = {Risk management in a dynamic society: a modelling problem},
	author = {Rasmussen, Jens},
	journal = {Safety Science},
	year = {1997},
	note = {S{\o}ren's copy, read at the Caf{\'e} {\"U}ber, {\'\i}ndice},
}

@techreport{etsy_2012,
	title = {Debriefing {Facilitation} {Guide}},
	author = {{Etsy}},
	url = {https://extfiles.etsy.com/DebriefingFacilitationGuide.pdf},
	year = {2016},
}
)";

class CitationImportTest : public StoreTest {
 protected:
  Result<boost::json::object> upload(const std::string& format, const std::string& body) {
    importers::Upload up;
    up.format = format;
    up.body = body;
    up.source = "zotero";
    up.file = "library." + format;
    auto r = importers::import_upload(*store, up, meta);
    if (!r) return r.status();
    return r->report;
  }
  static int64_t count(const boost::json::object& report, const char* what) {
    return report.at(what).to_number<int64_t>();
  }
  Node node(const std::string& type, const std::string& title) {
    auto id = store->find_duplicate(type, title, "");
    EXPECT_TRUE(id.is_ok() && id->has_value()) << type << " '" << title << "' not found";
    if (!id.is_ok() || !id->has_value()) return Node{};
    return *store->get_node(**id);
  }
  // "from title -type-> to title" for each edge at the node.
  std::set<std::string> links_of(const Node& n) {
    std::set<std::string> out;
    auto edges = store->edges_of(n.id, Direction::both, "", 100);
    if (!edges) return out;
    for (const auto& e : *edges)
      out.insert(store->get_node(e.from)->title + " -" + e.type + "-> " +
                 store->get_node(e.to)->title);
    return out;
  }
};

}  // namespace

TEST_F(CitationImportTest, AZoteroBibtexFileBecomesWorksPeopleAndTheirLinks) {
  Node woods = make("person", "David D. Woods");
  auto report = upload("bibtex", kZoteroBib);
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  EXPECT_EQ(count(*report, "skipped"), 0) << boost::json::serialize(*report);

  Node ironies = node("paper", "Ironies of automation");
  EXPECT_EQ(ironies.attrs.at("doi").as_string(), "10.1016/0005-1098(83)90046-8");
  EXPECT_EQ(ironies.date, "1983-11");
  EXPECT_EQ(ironies.attrs.at("venue").as_string(), "Automatica");
  EXPECT_EQ(links_of(ironies),
            (std::set<std::string>{"Lisanne Bainbridge -authored-> Ironies of automation"}));
  ASSERT_FALSE(ironies.provenance.empty());
  const auto& prov = ironies.provenance[0].as_object();
  EXPECT_EQ(prov.at("source").as_string(), "zotero");
  EXPECT_EQ(prov.at("line").as_int64(), 2);  // where its entry starts

  Node field_guide = node("book", "The Field Guide to Understanding 'Human Error'");
  EXPECT_EQ(field_guide.attrs.at("isbn").as_string(), "9781472439055");  // the first valid one
  EXPECT_EQ(field_guide.year, 2014);
  EXPECT_TRUE(links_of(field_guide)
                  .count("The Field Guide to Understanding 'Human Error' -published_by-> Ashgate"));

  // "Woods, David D." is the David D. Woods already in the graph, in the order of the byline.
  Node hollnagel = node("paper", "Resilience engineering: Concepts and precepts");
  EXPECT_TRUE(links_of(woods).count(
      "David D. Woods -authored-> Resilience engineering: Concepts and precepts"));
  EXPECT_EQ(count_of("person"), 8u);  // Bainbridge, Dekker, Hollnagel, Woods, Leveson,
                                      // Allspaw, Hammond, Rasmussen
  EXPECT_EQ(hollnagel.attrs.at("venue").as_string(), "Resilience Engineering");

  // A talk's speakers presented it, at its event.
  Node talk = node("talk", "10+ Deploys Per Day: Dev and Ops Cooperation at Flickr");
  EXPECT_EQ(talk.date, "2009-06-23");
  auto talk_links = links_of(talk);
  EXPECT_TRUE(talk_links.count(
      "John Allspaw -presented-> 10+ Deploys Per Day: Dev and Ops Cooperation at Flickr"));
  EXPECT_TRUE(talk_links.count(
      "10+ Deploys Per Day: Dev and Ops Cooperation at Flickr -at_event-> Velocity 2009"));

  // TeX accents as the letters they print, composed.
  EXPECT_EQ(node("paper", "Risk management in a dynamic society: a modelling problem").summary,
            "Søren's copy, read at the Café Über, índice");
  // A braced name is a body credited as a whole, not a person called Etsy.
  Node guide = node("report", "Debriefing Facilitation Guide");
  EXPECT_TRUE(links_of(guide).count("Etsy -authored-> Debriefing Facilitation Guide"));
  EXPECT_EQ(node("organization", "Etsy").type, "organization");
  EXPECT_TRUE(store->check().ok());
}

TEST_F(CitationImportTest, ImportingTheSameFileAgainChangesNothing) {
  auto first = upload("bibtex", kZoteroBib);
  ASSERT_TRUE(first.is_ok()) << first.status().message();
  EXPECT_GT(count(*first, "created"), 10);
  const uint64_t seq = store->last_seq();
  auto again = upload("bibtex", kZoteroBib);
  ASSERT_TRUE(again.is_ok()) << again.status().message();
  EXPECT_EQ(count(*again, "created"), 0);
  EXPECT_EQ(count(*again, "updated"), 0);
  EXPECT_EQ(count(*again, "edges_created"), 0);
  EXPECT_EQ(store->last_seq(), seq);
}

// The same works as the graph already holds them under other titles or without identifiers.
TEST_F(CitationImportTest, WorksMergeByIdentifierThenUrlThenTitleAndYear) {
  NodeFields f;
  f.type = "paper";
  f.title = "Ironies of Automation (Bainbridge)";
  f.attrs = boost::json::object{{"doi", "https://doi.org/10.1016/0005-1098(83)90046-8"}};
  f.date = "1984";  // a reprint's date: the DOI still names the one work
  const Node by_doi = *store->create_node(f, meta);
  f.date.reset();
  f.title = "Etsy's debriefing guide";
  f.type = "report";
  f.attrs = boost::json::object{};
  f.url = "https://extfiles.etsy.com/DebriefingFacilitationGuide.pdf";
  const Node by_url = *store->create_node(f, meta);
  f = NodeFields{};
  f.type = "paper";
  f.title = "Risk Management in a Dynamic Society: A Modelling Problem";
  f.year = 1997;
  const Node by_title = *store->create_node(f, meta);
  f = NodeFields{};
  f.type = "talk";
  f.title = "10+ Deploys Per Day: Dev and Ops Cooperation at Flickr";
  f.date = "2009-06";  // the file says the day: the same talk, not another of the name
  const Node by_title_and_date = *store->create_node(f, meta);

  auto report = upload("bibtex", kZoteroBib);
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  EXPECT_EQ(count_of("paper"), 3u);  // the two above (not a second Ironies) + Hollnagel
  EXPECT_EQ(count_of("report"), 1u);
  EXPECT_TRUE(links_of(by_doi).count("Lisanne Bainbridge -authored-> " + by_doi.title));
  EXPECT_TRUE(links_of(by_url).count("Etsy -authored-> " + by_url.title));
  EXPECT_TRUE(links_of(by_title).count("Jens Rasmussen -authored-> " + by_title.title));
  EXPECT_EQ(count_of("talk"), 1u);
  EXPECT_TRUE(links_of(by_title_and_date).count("John Allspaw -presented-> " + f.title.value()));
}

TEST_F(CitationImportTest, CslJsonAndRisAsZoteroWritesThem) {
  const char* csl = R"([
    {"id": "http://zotero.org/users/1/items/ABCD", "type": "article-journal",
     "title": "Ironies of automation", "container-title": "Automatica",
     "DOI": "10.1016/0005-1098(83)90046-8", "author": [{"family": "Bainbridge", "given": "Lisanne"}],
     "issued": {"date-parts": [["1983", 11]]}},
    {"id": "ops", "type": "speech", "title": "Ops Meta-Metrics", "event-title": "Velocity 2010",
     "author": [{"family": "Allspaw", "given": "John"}], "issued": {"date-parts": [[2010, 6, 22]]}},
    {"id": "no-title", "type": "book"},
    {"id": "bad-doi", "type": "post-weblog", "title": "A blog post", "DOI": "not a doi"}
  ])";
  auto report = upload("csl-json", csl);
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  Node talk = node("talk", "Ops Meta-Metrics");
  EXPECT_EQ(talk.date, "2010-06-22");
  EXPECT_TRUE(links_of(talk).count("Ops Meta-Metrics -at_event-> Velocity 2010"));
  EXPECT_EQ(node("paper", "Ironies of automation").date, "1983-11");
  EXPECT_EQ(node("article", "A blog post").attrs.count("doi"), 0u);
  const auto& skips = report->at("skips").as_array();
  ASSERT_EQ(skips.size(), 2u) << boost::json::serialize(skips);  // the untitled, the bad DOI
  // Each problem names the line its item starts on in the file.
  EXPECT_TRUE(std::string(skips[0].as_string()).starts_with("line 8: ")) << skips[0].as_string();
  EXPECT_TRUE(std::string(skips[1].as_string()).starts_with("line 9: ")) << skips[1].as_string();

  // The same talk and paper as RIS, with a wrapped line: nothing new.
  const char* ris =
      "\xEF\xBB\xBFTY  - JOUR\r\nTI  - Ironies of automation\r\nAU  - Bainbridge, Lisanne\r\n"
      "PY  - 1983\r\nDO  - 10.1016/0005-1098(83)90046-8\r\nER  - \r\n\r\n"
      "TY  - SLIDE\r\nTI  - Ops Meta-Metrics\r\nAU  - Allspaw, John\r\nDA  - 2010/06/22/\r\n"
      "T2  - Velocity\r\n 2010\r\nER  - \r\n";
  auto again = upload("ris", ris);
  ASSERT_TRUE(again.is_ok()) << again.status().message();
  EXPECT_EQ(count(*again, "created"), 0) << boost::json::serialize(*again);
  EXPECT_EQ(count_of("talk"), 1u);
}

TEST_F(CitationImportTest, WhatCannotBeReadIsSaidAndTheRestIsRead) {
  EXPECT_EQ(upload("bibtex", "Just some prose, no entries.").status().code(), Code::invalid);
  EXPECT_EQ(upload("ris", "TI - not really\n").status().code(), Code::invalid);
  EXPECT_EQ(upload("csl-json", R"({"title": "an object, not a list"})").status().code(),
            Code::invalid);
  EXPECT_EQ(upload("csl-json", "[{").status().code(), Code::invalid);
  EXPECT_EQ(store->last_seq(), 0u);  // refused files write nothing

  std::string deep =
      "@article{deep, title = {" + std::string(200, '{') + "x" + std::string(200, '}') + "}}\n";
  std::string huge = "@article{huge, title = {" + std::string(100000, 'x') + "}}\n";
  std::string bib = "@article{ok1, title = {First}, year = {2001}}\n" + deep +
                    "@article{broken, title {Broken}}\n" + huge +
                    "@book{ok2, title = {Second}, year = 2002}\n@misc{untitled, year = 2003}\n";
  auto read = importers::read_bibtex(bib);
  ASSERT_TRUE(read.is_ok()) << read.status().message();
  std::vector<std::string> titles;
  for (const auto& w : read->works) titles.push_back(w.title);
  EXPECT_EQ(titles, (std::vector<std::string>{"First", "Second"}));
  std::map<int, std::string> problems;
  for (const auto& p : read->problems) problems[p.line] = p.reason;
  EXPECT_EQ(problems.size(), 4u);
  EXPECT_TRUE(problems.count(2)) << "the deep entry";
  EXPECT_TRUE(problems.count(6)) << "the untitled entry";

  // An entry never closed ends the reading with a note, not a hang or a crash.
  auto open = importers::read_bibtex("@article{a, title = {A}}\n@article{b, title = {B\n");
  ASSERT_TRUE(open.is_ok());
  EXPECT_EQ(open->works.size(), 1u);
  ASSERT_EQ(open->problems.size(), 1u);
  EXPECT_EQ(open->problems[0].line, 2);
}

// What the fuzzer found btparse ends or crashes the process on, each met before it gets there.
TEST(CitationFiles, InputsThatWouldTakeBtparseDownAreRead) {
  // A printf format in text btparse reports as a syntax error.
  auto percent = importers::read_bibtex("@t{{%s%s%s%n}}\n@misc{k, title = {100% sure}}");
  ASSERT_TRUE(percent.is_ok());
  ASSERT_EQ(percent->works.size(), 1u);
  EXPECT_EQ(percent->works[0].title, "100% sure");
  // An @string made of a macro nobody defined.
  auto macro = importers::read_bibtex(
      "@string{a = `}\n@string{b = a # r}\n@string{j = \"Automatica\"}\n"
      "@article{k, title = {T}, journal = j}");
  ASSERT_TRUE(macro.is_ok());
  ASSERT_EQ(macro->works.size(), 1u);
  EXPECT_EQ(macro->works[0].venue, "Automatica");
  EXPECT_EQ(macro->problems.size(), 2u);
  // A name with an empty part between its commas.
  auto names =
      importers::read_bibtex("@article{k, title = {T}, author = {, Jr., David and Woods,, D.}}");
  ASSERT_TRUE(names.is_ok());
  ASSERT_EQ(names->works.size(), 1u);
  EXPECT_EQ(names->works[0].authors.size(), 2u);
  // No entry btparse parses: its buffer was never allocated, so it is not freed.
  EXPECT_TRUE(importers::read_bibtex("@article{open, title = {never closed").is_ok());
  // btparse's table of macro names is never reclaimed within a run: many files, each with
  // macros, must not fill it (it exits the process when full).
  std::string many;
  for (int i = 0; i < 900; ++i)
    many += "@string{macro_with_a_long_name_" + std::to_string(i) + " = {x}}\n";
  many += "@article{k, title = {T}}";
  for (int round = 0; round < 30; ++round) ASSERT_TRUE(importers::read_bibtex(many).is_ok());
}

TEST(CitationFiles, FormatsAreKnownByTheirNames) {
  using importers::CitationFormat;
  EXPECT_EQ(importers::citation_format_of_file("My Library.bib"), CitationFormat::bibtex);
  EXPECT_EQ(importers::citation_format_of_file("x.BibTeX"), CitationFormat::bibtex);
  EXPECT_EQ(importers::citation_format_of_file("export.RIS"), CitationFormat::ris);
  EXPECT_FALSE(importers::citation_format_of_file("list.md"));
  EXPECT_EQ(importers::split_name("Ludwig von Bertalanffy").family, "von Bertalanffy");
  EXPECT_EQ(importers::split_name("Google").literal, "Google");
}

}  // namespace resgraph::testing
