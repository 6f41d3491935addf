// Citations out: BibTeX read back by btparse itself (not by our reader), CSL-JSON checked
// against the CSL schema's required fields and type list, RIS read back; the selections.
#include <btparse.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <map>
#include <set>

#include "../graph/store_fixture.h"
#include "citation.h"
#include "importers/citations.h"

namespace resgraph::testing {
namespace {

using importers::CitationFormat;
using importers::CitationSelection;

// The titles of a test fixture, facts from the field's literature.
const char* kOddTitle = "Risk & resilience: 100% of {braced} $5 #1 snake_case ~ ^ \\ in Ergonomía";

class CitationExportTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    auto person = [&](const char* name) { return make("person", name); };
    Node woods = person("David D. Woods"), dekker = person("Sidney Dekker");
    Node cook = person("Richard I. Cook"), allspaw = person("John Allspaw");
    Node hammond = person("Paul Hammond"), bainbridge = person("Lisanne Bainbridge");
    ironies = work("paper", "Ironies of automation", "1983-11",
                   "https://doi.org/10.1016/0005-1098(83)90046-8",
                   {{"doi", "10.1016/0005-1098(83)90046-8"}, {"venue", "Automatica"}});
    link(bainbridge, ironies, "authored");
    book = work("book", "Behind Human Error", "2010", "", {{"isbn", "0754678342"}});
    for (const Node* author : {&woods, &dekker, &cook}) link(*author, book, "authored");
    talk = work("talk", "10+ Deploys Per Day: Dev and Ops Cooperation at Flickr", "2009-06-23",
                "https://www.youtube.com/watch?v=LdOe18KhtT4", {});
    link(allspaw, talk, "presented");
    link(hammond, talk, "presented");
    link(talk, make("event", "Velocity 2009"), "at_event");
    odd = work("article", kOddTitle, "2020-02-29", "https://example.org/a_b%20c?d=1&e=2#top", {});
    link(cook, odd, "authored");
    report = work("postmortem", "Summary of the Amazon S3 Service Disruption", "2017-03-02",
                  "https://aws.amazon.com/message/41926/", {});
    link(report, make("organization", "Amazon Web Services"), "published_by");
    make("concept", "Graceful extensibility");
    TrailFields t;
    t.title = "Two works";
    t.steps = std::vector<TrailStep>{
        {talk.id, "", ""}, {make("concept", "Drift").id, "", ""}, {ironies.id, "", "read second"}};
    auto trail = store->create_trail(t, meta);
    ASSERT_TRUE(trail.is_ok()) << trail.status().message();
    trail_slug = trail->slug;
  }

  Node work(const char* type, const char* title, const char* date, const char* url,
            boost::json::object attrs) {
    NodeFields f;
    f.type = type;
    f.title = title;
    f.date = date;
    if (*url) f.url = url;
    f.attrs = std::move(attrs);
    auto n = store->create_node(f, meta);
    EXPECT_TRUE(n.is_ok()) << n.status().message();
    return n.is_ok() ? *n : Node{};
  }

  std::string exported(CitationFormat format, const CitationSelection& sel = {}) {
    auto text = importers::export_citations(*store, format, sel);
    EXPECT_TRUE(text.is_ok()) << text.status().message();
    return text.is_ok() ? *text : "";
  }

  Node ironies, book, talk, odd, report;
  std::string trail_slug;
};

struct BtEntry {
  std::string type;
  std::map<std::string, std::string> fields;  // as btparse gives them: delimiters stripped
};

// The file through btparse's own file reader, entry by entry.
std::map<std::string, BtEntry> parse_with_btparse(const std::string& text) {
  std::map<std::string, BtEntry> out;
  bt_initialize();
  // The month macros every BibTeX style defines, as the styles define them.
  const char* months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                          "jul", "aug", "sep", "oct", "nov", "dec"};
  for (int i = 0; i < 12; ++i) {
    std::string number = std::to_string(i + 1);
    bt_add_macro_text(const_cast<char*>(months[i]), number.data(), nullptr, 0);
  }
  FILE* in = fmemopen(const_cast<char*>(text.data()), text.size(), "r");
  EXPECT_NE(in, nullptr);
  if (!in) return out;
  boolean ok = 0;
  for (AST* e; (e = bt_parse_entry(in, const_cast<char*>("export.bib"), 0, &ok));) {
    EXPECT_TRUE(ok) << "btparse refused an entry";
    BtEntry entry;
    entry.type = bt_entry_type(e);
    char* name = nullptr;
    for (AST* f = bt_next_field(e, nullptr, &name); f; f = bt_next_field(e, f, &name)) {
      char* value = bt_get_text(f);
      entry.fields[name] = value ? value : "";
      std::free(value);
    }
    const std::string key = bt_entry_key(e) ? bt_entry_key(e) : "";
    EXPECT_TRUE(out.emplace(key, std::move(entry)).second) << "key used twice: " << key;
    bt_free_ast(e);
  }
  std::fclose(in);
  bt_cleanup();
  return out;
}

}  // namespace

TEST_F(CitationExportTest, BibtexIsReadBackByBtparseWithTypesAuthorsAndEscapes) {
  const std::string bib = exported(CitationFormat::bibtex);
  auto entries = parse_with_btparse(bib);
  ASSERT_EQ(entries.size(), 5u) << bib;  // the works, not the people, event or concept
  // Keys are the works' slugs: unique in the graph, the same in every export.
  ASSERT_TRUE(entries.count(ironies.slug));
  ASSERT_TRUE(entries.count(talk.slug));
  EXPECT_EQ(entries[ironies.slug].type, "article");
  EXPECT_EQ(entries[ironies.slug].fields["journal"], "Automatica");
  EXPECT_EQ(entries[ironies.slug].fields["doi"], "10.1016/0005-1098(83)90046-8");
  EXPECT_EQ(entries[ironies.slug].fields["month"], "11");  // the nov macro, expanded
  EXPECT_EQ(entries[book.slug].type, "book");
  EXPECT_EQ(entries[book.slug].fields["isbn"], "9780754678342");
  // Authors in the order their edges were made, "Family, Given", joined by "and".
  EXPECT_EQ(entries[book.slug].fields["author"],
            "Woods, David D. and Dekker, Sidney and Cook, Richard I.");
  EXPECT_EQ(entries[talk.slug].type, "misc");
  EXPECT_EQ(entries[talk.slug].fields["howpublished"], "Talk at Velocity 2009");
  EXPECT_EQ(entries[talk.slug].fields["author"], "Allspaw, John and Hammond, Paul");
  EXPECT_EQ(entries[report.slug].type, "techreport");
  EXPECT_EQ(entries[report.slug].fields["institution"], "Amazon Web Services");
  EXPECT_EQ(entries[report.slug].fields["type"], "Incident report");  // not just any report
  // TeX's special characters are escaped; the title keeps its capitals in a second brace.
  const std::string title = entries[odd.slug].fields["title"];
  for (const char* escaped : {"\\&", "\\%", "\\$", "\\#", "\\_", "\\textbraceleft{}",
                              "\\textasciitilde{}", "\\textbackslash{}", "Ergonomía"})
    EXPECT_NE(title.find(escaped), std::string::npos) << escaped << " in " << title;
  EXPECT_EQ(title.front(), '{');
  EXPECT_EQ(importers::tex_to_text(title), kOddTitle);
  // A URL is verbatim: its %, _, & and # are not TeX.
  EXPECT_EQ(entries[odd.slug].fields["url"], "https://example.org/a_b%20c?d=1&e=2#top");
  EXPECT_EQ(exported(CitationFormat::bibtex), bib);
}

TEST_F(CitationExportTest, BibtexReadsBackIntoTheSameCitations) {
  auto read = importers::read_bibtex(exported(CitationFormat::bibtex));
  ASSERT_TRUE(read.is_ok()) << read.status().message();
  EXPECT_TRUE(read->problems.empty()) << read->problems.front().reason;
  std::map<std::string, importers::Citation> by_key;
  for (auto& c : read->works) by_key[c.key] = c;
  ASSERT_EQ(by_key.size(), 5u);
  for (const Node* n : {&ironies, &book, &talk, &odd, &report}) {
    const auto& c = by_key[n->slug];
    EXPECT_EQ(c.type, n->type) << n->title;
    EXPECT_EQ(c.title, n->title);
    EXPECT_EQ(c.date.empty() ? std::to_string(c.year) : c.date, n->date) << n->title;
    EXPECT_EQ(c.url, n->url);
  }
  ASSERT_EQ(by_key[book.slug].authors.size(), 3u);
  EXPECT_EQ(by_key[book.slug].authors[0].family, "Woods");
  EXPECT_EQ(by_key[book.slug].authors[0].given, "David D.");
  EXPECT_EQ(by_key[talk.slug].event, "Velocity 2009");
  EXPECT_EQ(by_key[report.slug].publisher, "Amazon Web Services");
}

// What the CSL 1.0.2 schema (csl-data.json) requires of an item, and its list of types.
TEST_F(CitationExportTest, CslJsonItemsHaveTheSchemasRequiredFieldsAndTypes) {
  const std::set<std::string> csl_types = {"article",
                                           "article-journal",
                                           "article-magazine",
                                           "article-newspaper",
                                           "bill",
                                           "book",
                                           "broadcast",
                                           "chapter",
                                           "classic",
                                           "collection",
                                           "dataset",
                                           "document",
                                           "entry",
                                           "entry-dictionary",
                                           "entry-encyclopedia",
                                           "event",
                                           "figure",
                                           "graphic",
                                           "hearing",
                                           "interview",
                                           "legal_case",
                                           "legislation",
                                           "manuscript",
                                           "map",
                                           "motion_picture",
                                           "musical_score",
                                           "pamphlet",
                                           "paper-conference",
                                           "patent",
                                           "performance",
                                           "periodical",
                                           "personal_communication",
                                           "post",
                                           "post-weblog",
                                           "regulation",
                                           "report",
                                           "review",
                                           "review-book",
                                           "software",
                                           "song",
                                           "speech",
                                           "standard",
                                           "thesis",
                                           "treaty",
                                           "webpage"};
  auto doc = boost::json::parse(exported(CitationFormat::csl_json));
  ASSERT_TRUE(doc.is_array());
  std::map<std::string, boost::json::object> by_id;
  for (const auto& v : doc.as_array()) {
    ASSERT_TRUE(v.is_object());
    const auto& item = v.as_object();
    ASSERT_TRUE(item.contains("id") && item.at("id").is_string());
    ASSERT_TRUE(item.contains("type") && item.at("type").is_string());
    EXPECT_TRUE(csl_types.count(std::string(item.at("type").as_string()))) << item.at("type");
    by_id[std::string(item.at("id").as_string())] = item;
  }
  ASSERT_EQ(by_id.size(), 5u);
  auto& t = by_id[talk.slug];
  EXPECT_EQ(t["type"].as_string(), "speech");
  EXPECT_EQ(t["event-title"].as_string(), "Velocity 2009");
  EXPECT_EQ(boost::json::serialize(t["issued"]), R"({"date-parts":[[2009,6,23]]})");
  EXPECT_EQ(boost::json::serialize(t["author"]),
            R"([{"family":"Allspaw","given":"John"},{"family":"Hammond","given":"Paul"}])");
  EXPECT_EQ(by_id[ironies.slug]["type"].as_string(), "article-journal");
  EXPECT_EQ(by_id[ironies.slug]["DOI"].as_string(), "10.1016/0005-1098(83)90046-8");
  EXPECT_EQ(by_id[ironies.slug]["container-title"].as_string(), "Automatica");
  EXPECT_EQ(by_id[book.slug]["ISBN"].as_string(), "9780754678342");
  EXPECT_EQ(by_id[report.slug]["type"].as_string(), "report");
  EXPECT_EQ(by_id[odd.slug]["title"].as_string(), kOddTitle);  // JSON needs no TeX
}

TEST_F(CitationExportTest, RisRecordsAreDelimitedAndReadBack) {
  const std::string ris = exported(CitationFormat::ris);
  EXPECT_TRUE(ris.starts_with("TY  - ")) << ris.substr(0, 40);
  EXPECT_NE(ris.find("\r\nER  - \r\n"), std::string::npos);  // the spec's CRLF line ends
  auto read = importers::read_ris(ris);
  ASSERT_TRUE(read.is_ok()) << read.status().message();
  ASSERT_EQ(read->works.size(), 5u);
  std::map<std::string, importers::Citation> by_key;
  for (auto& c : read->works) by_key[c.key] = c;
  EXPECT_EQ(by_key[talk.slug].type, "talk");
  EXPECT_EQ(by_key[talk.slug].date, "2009-06-23");
  ASSERT_EQ(by_key[book.slug].authors.size(), 3u);
  EXPECT_EQ(importers::full_name(by_key[book.slug].authors[2]), "Richard I. Cook");
  EXPECT_EQ(by_key[ironies.slug].ids, (Identifiers{{"doi", "10.1016/0005-1098(83)90046-8"}}));
  EXPECT_EQ(by_key[odd.slug].title, kOddTitle);
}

TEST_F(CitationExportTest, SelectionsCiteATrailANeighbourhoodOrAPersonsWorks) {
  auto keys = [&](CitationSelection sel) {
    std::vector<std::string> out;
    auto read = importers::read_ris(exported(CitationFormat::ris, sel));
    if (read.is_ok())
      for (auto& c : read->works) out.push_back(c.key);
    return out;
  };
  CitationSelection trail;
  trail.trail = trail_slug;  // the trail's works in step order; the concept is not cited
  EXPECT_EQ(keys(trail), (std::vector<std::string>{talk.slug, ironies.slug}));
  CitationSelection cook;
  cook.person = "Richard I. Cook";
  auto cooks = keys(cook);
  EXPECT_EQ(std::set<std::string>(cooks.begin(), cooks.end()),
            (std::set<std::string>{book.slug, odd.slug}));
  cook.type = "book";
  EXPECT_EQ(keys(cook), (std::vector<std::string>{book.slug}));
  CitationSelection around;
  around.node = "paul-hammond";
  EXPECT_EQ(keys(around), (std::vector<std::string>{talk.slug}));
  around.depth = 3;  // Hammond - talk - Allspaw ... ; Cook's works are not reachable
  EXPECT_EQ(keys(around), (std::vector<std::string>{talk.slug}));
  CitationSelection ids;
  ids.ids = std::vector<std::string>{report.id, "velocity-2009", ironies.id};
  EXPECT_EQ(keys(ids), (std::vector<std::string>{report.slug, ironies.slug}));

  CitationSelection two;
  two.trail = trail_slug;
  two.person = "John Allspaw";
  EXPECT_EQ(importers::export_citations(*store, CitationFormat::bibtex, two).status().code(),
            Code::invalid);
  around.depth = 4;
  EXPECT_EQ(importers::export_citations(*store, CitationFormat::bibtex, around).status().code(),
            Code::invalid);
  CitationSelection people;
  people.type = "person";
  EXPECT_EQ(importers::export_citations(*store, CitationFormat::csl_json, people).status().code(),
            Code::invalid);
  CitationSelection missing;
  missing.trail = "no-such-trail";
  EXPECT_EQ(importers::export_citations(*store, CitationFormat::ris, missing).status().code(),
            Code::not_found);
}

TEST(TexToText, AccentsEscapesDashesAndBraces) {
  using importers::tex_to_text;
  EXPECT_EQ(tex_to_text("Sch{\\\"o}n"), "Schön");
  EXPECT_EQ(tex_to_text("Caf\\'{e} \\'e"), "Café é");
  EXPECT_EQ(tex_to_text("Rasmussen \\& Vicente"), "Rasmussen & Vicente");
  EXPECT_EQ(tex_to_text("pages 775--779 --- and more"), "pages 775–779 — and more");
  EXPECT_EQ(tex_to_text("{NASA} {Challenger}"), "NASA Challenger");
  EXPECT_EQ(tex_to_text("Stra\\ss{}e"), "Straße");
  EXPECT_EQ(tex_to_text("S{\\o}ren"), "Søren");
  EXPECT_EQ(tex_to_text("a~b  c "), "a b c");
  // Composed, as the rest of the graph's text: one code point for é, not e + U+0301.
  EXPECT_EQ(tex_to_text("\\'e").size(), std::string("é").size());
}

}  // namespace resgraph::testing
