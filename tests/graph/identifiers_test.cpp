#include "graph/identifiers.h"

#include <rocksdb/db.h>

#include "../../graph/src/keys.h"
#include "store_fixture.h"

namespace resgraph::testing {
namespace {

std::string normal(std::string_view kind, std::string_view text) {
  auto v = normalize_identifier(kind, text);
  return v ? *v : "invalid: " + v.status().message();
}

bool refused(std::string_view kind, std::string_view text) {
  return !normalize_identifier(kind, text).is_ok();
}

}  // namespace

TEST(Identifiers, EverySpellingOfADoiIsOne) {
  const std::string want = "10.1145/3458336.3465285";
  for (const char* spelling :
       {"10.1145/3458336.3465285", "doi:10.1145/3458336.3465285", "DOI:10.1145/3458336.3465285",
        "https://doi.org/10.1145/3458336.3465285", "http://dx.doi.org/10.1145/3458336.3465285",
        " 10.1145/3458336.3465285 "})
    EXPECT_EQ(normal("doi", spelling), want) << spelling;
  EXPECT_EQ(normal("doi", "10.1016/0005-1098(83)90046-8"), "10.1016/0005-1098(83)90046-8");
  EXPECT_EQ(normal("doi", "https://doi.org/10.1002%2Fhfm.20034"), "10.1002/hfm.20034");
  EXPECT_EQ(normal("doi", "10.1007/S10111-011-0175-6"), "10.1007/s10111-011-0175-6");
  for (const char* bad : {"", "11.1145/123", "10.11/abc", "10.1145/", "10.1145", "10.1145/a b",
                          "https://example.com/10.1145/x"})
    EXPECT_TRUE(refused("doi", bad)) << bad;
}

TEST(Identifiers, IsbnsAreCheckedAndWrittenAsIsbn13) {
  // Dekker's "The Field Guide to Understanding 'Human Error'", 3rd edition.
  EXPECT_EQ(normal("isbn", "978-1-4724-3905-5"), "9781472439055");
  EXPECT_EQ(normal("isbn", "ISBN 978 1 4724 3905 5"), "9781472439055");
  // An ISBN-10 and its ISBN-13 are one book.
  EXPECT_EQ(normal("isbn", "0-306-40615-2"), "9780306406157");
  EXPECT_EQ(normal("isbn", "043942089X"), "9780439420891");
  EXPECT_EQ(normal("isbn", "0-439-42089-x"), "9780439420891");
  EXPECT_TRUE(refused("isbn", "978-1-4724-3905-4"));  // wrong check digit
  EXPECT_TRUE(refused("isbn", "0-306-40615-3"));
  EXPECT_TRUE(refused("isbn", "123-1-4724-3905-5"));  // no 978/979
  EXPECT_TRUE(refused("isbn", "12345"));
}

TEST(Identifiers, OrcidCheckDigitsAndForms) {
  EXPECT_EQ(normal("orcid", "0000-0002-1825-0097"), "0000-0002-1825-0097");
  EXPECT_EQ(normal("orcid", "https://orcid.org/0000-0002-1825-0097"), "0000-0002-1825-0097");
  EXPECT_EQ(normal("orcid", "0000000218250097"), "0000-0002-1825-0097");
  EXPECT_EQ(normal("orcid", "0000-0002-1694-233x"), "0000-0002-1694-233X");
  EXPECT_TRUE(refused("orcid", "0000-0002-1825-0098"));
  EXPECT_TRUE(refused("orcid", "0000-0002-1825"));
}

TEST(Identifiers, ArxivAndWikidata) {
  EXPECT_EQ(normal("arxiv", "arXiv:2101.00001v3"), "2101.00001");
  EXPECT_EQ(normal("arxiv", "https://arxiv.org/abs/1501.00001"), "1501.00001");
  EXPECT_EQ(normal("arxiv", "https://arxiv.org/pdf/1501.00001v2.pdf"), "1501.00001");
  EXPECT_EQ(normal("arxiv", "math.GT/0309136"), "math.gt/0309136");
  EXPECT_TRUE(refused("arxiv", "2101.1"));
  EXPECT_EQ(normal("wikidata", "https://www.wikidata.org/wiki/Q42"), "Q42");
  EXPECT_EQ(normal("wikidata", "q42"), "Q42");
  EXPECT_TRUE(refused("wikidata", "Q0"));
  EXPECT_TRUE(refused("wikidata", "P31"));
  EXPECT_TRUE(refused("ssn", "123"));
}

TEST(Identifiers, SearchTermsNameTheirKind) {
  auto t = parse_identifier_term("DOI:https://doi.org/10.1145/ABC");
  ASSERT_TRUE(t.is_ok());
  EXPECT_EQ(t->first, "doi");
  EXPECT_EQ(t->second, "10.1145/abc");
  EXPECT_FALSE(parse_identifier_term("doi:nope").is_ok());
  EXPECT_FALSE(parse_identifier_term("10.1145/abc").is_ok());
}

TEST_F(StoreTest, IdentifiersAreStoredNormalizedAndUniquePerKind) {
  NodeFields f;
  f.type = "paper";
  f.title = "Ironies of automation";
  f.attrs = boost::json::object{{"doi", "https://doi.org/10.1016/0005-1098(83)90046-8"}};
  auto first = store->create_node(f, meta);
  ASSERT_TRUE(first.is_ok()) << first.status().message();
  EXPECT_EQ(first->attrs.at("doi").as_string(), "10.1016/0005-1098(83)90046-8");

  // Another title, the same DOI in another spelling: the same work, refused like a URL.
  f.title = "Ironies of Automation (reprint)";
  f.attrs = boost::json::object{{"doi", "DOI:10.1016/0005-1098(83)90046-8"}};
  auto second = store->create_node(f, meta);
  ASSERT_FALSE(second.is_ok());
  EXPECT_EQ(second.status().code(), Code::conflict);
  EXPECT_EQ(second.status().detail().existing, first->id);

  auto dup = store->find_duplicate("paper", "Something else entirely", "",
                                   boost::json::object{{"doi", "10.1016/0005-1098(83)90046-8"}});
  ASSERT_TRUE(dup.is_ok());
  ASSERT_TRUE(dup->has_value());
  EXPECT_EQ(**dup, first->id);

  // A change of the DOI frees the old one.
  NodeFields change;
  change.attrs = boost::json::object{{"doi", "10.1016/0005-1098(83)90047-9"}};
  ASSERT_TRUE(store->update_node(first->id, change, std::nullopt, meta).is_ok());
  f.attrs = boost::json::object{{"doi", "10.1016/0005-1098(83)90046-8"}};
  EXPECT_TRUE(store->create_node(f, meta).is_ok());
  EXPECT_TRUE(store->check().ok());
}

TEST_F(StoreTest, IdentifiersAreCheckedAgainstTheNodeType) {
  NodeFields f;
  f.type = "person";
  f.title = "Lisanne Bainbridge";
  f.attrs = boost::json::object{{"doi", "10.1016/0005-1098(83)90046-8"}};
  auto n = store->create_node(f, meta);
  ASSERT_FALSE(n.is_ok());
  EXPECT_EQ(n.status().code(), Code::invalid);
  f.attrs = boost::json::object{{"orcid", "0000-0002-1825-0098"}};
  n = store->create_node(f, meta);
  ASSERT_FALSE(n.is_ok());
  EXPECT_NE(n.status().message().find("check digit"), std::string::npos);
  f.attrs = boost::json::object{{"orcid", "https://orcid.org/0000-0002-1825-0097"}};
  n = store->create_node(f, meta);
  ASSERT_TRUE(n.is_ok()) << n.status().message();
  EXPECT_EQ(n->attrs.at("orcid").as_string(), "0000-0002-1825-0097");
  EXPECT_EQ(store->last_seq(), 1u);  // the refused writes wrote nothing
}

// A store written before the identifier index gets it when it is opened.
TEST_F(StoreTest, AnOlderStoreIsIndexedByIdentifierOnOpen) {
  NodeFields f;
  f.type = "book";
  f.title = "Behind Human Error";
  f.attrs = boost::json::object{{"isbn", "9780754678342"}};
  auto n = store->create_node(f, meta);
  ASSERT_TRUE(n.is_ok()) << n.status().message();
  store.reset();
  {
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::Options(), dir.sub("store"), &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    ASSERT_TRUE(
        db->Delete(rocksdb::WriteOptions(), keys::identifier("isbn", "9780754678342")).ok());
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), keys::identifiers_indexed()).ok());
  }
  reopen();
  EXPECT_TRUE(store->check().ok());
  auto dup = store->find_duplicate("book", "", "", boost::json::object{{"isbn", "0754678342"}});
  ASSERT_TRUE(dup.is_ok());
  ASSERT_TRUE(dup->has_value());
  EXPECT_EQ(**dup, n->id);
}

}  // namespace resgraph::testing
