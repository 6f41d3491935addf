// The one text check (graph/text.h), and the store's own guard behind it.
#include "graph/text.h"

#include <gtest/gtest.h>

#include <boost/json/value.hpp>

#include "store_fixture.h"

namespace resgraph::testing {

TEST(Text, WellFormedUtf8IsAcceptedAndEveryIllFormedKindIsFound) {
  EXPECT_TRUE(text::valid_utf8("plain ascii"));
  EXPECT_TRUE(text::valid_utf8("Caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x93\x9a"));  // é, em dash, 📚
  EXPECT_EQ(text::invalid_utf8_at("caf\xe9"), 3u);                             // Latin-1
  EXPECT_EQ(text::invalid_utf8_at("a\xc3"), 1u);                               // cut short
  EXPECT_EQ(text::invalid_utf8_at("\xc0\xaf"), 0u);                            // overlong '/'
  EXPECT_EQ(text::invalid_utf8_at("\xe0\x80\xaf"), 0u);      // overlong, three bytes
  EXPECT_EQ(text::invalid_utf8_at("x\xed\xa0\x80"), 1u);     // a surrogate
  EXPECT_EQ(text::invalid_utf8_at("\xf4\x90\x80\x80"), 0u);  // past U+10FFFF
  EXPECT_EQ(text::invalid_utf8_at("ok\x80"), 2u);            // a lone continuation byte
}

TEST(Text, ControlCharactersDependOnTheShapeOfTheField) {
  using text::Shape;
  EXPECT_TRUE(text::check("title", "Ironies of Automation", Shape::line).is_ok());
  EXPECT_FALSE(text::check("title", std::string("a\0b", 3), Shape::line).is_ok());
  EXPECT_FALSE(text::check("title", "tab\there", Shape::line).is_ok());
  EXPECT_FALSE(text::check("title", "del\x7f", Shape::line).is_ok());
  EXPECT_FALSE(text::check("title", "c1 \xc2\x85", Shape::line).is_ok());  // NEL
  EXPECT_TRUE(text::check("title", "no-break\xc2\xa0space", Shape::line).is_ok());
  EXPECT_TRUE(text::check("summary", "two\nlines\tand a tab", Shape::multiline).is_ok());
  EXPECT_FALSE(text::check("summary", std::string("nul\0", 4), Shape::multiline).is_ok());
  auto s = text::check("title", "caf\xe9", Shape::line);
  EXPECT_EQ(s.code(), Code::invalid);
  EXPECT_EQ(s.message(), "title is not valid UTF-8 (byte 4)");
}

TEST(Text, JsonValuesAreCheckedToTheirLeavesAndKeys) {
  boost::json::value ok = {{"a", {1, "two", {{"b", "c"}}}}};
  EXPECT_TRUE(text::check("attrs", ok).is_ok());
  boost::json::value bad = {{"a", {1, "tw\xff"}}};
  auto s = text::check("attrs", bad);
  EXPECT_NE(s.message().find("attrs.a[1]"), std::string::npos) << s.message();
  boost::json::object bad_key;
  bad_key["k\xff"] = 1;
  EXPECT_FALSE(text::check("attrs", bad_key).is_ok());
}

TEST(Text, RepairPutsOneReplacementCharacterPerBadByte) {
  EXPECT_EQ(text::repair_utf8("caf\xe9!"), "caf\xEF\xBF\xBD!");
  EXPECT_EQ(text::repair_utf8("ok \xc3\xa9"), "ok \xc3\xa9");
  EXPECT_TRUE(text::valid_utf8(text::repair_utf8("\xc0\xaf\xed\xa0\x80\xff")));
}

// The store refuses invalid text whichever caller forgot to check it: here, a comment.
TEST_F(StoreTest, TheStoreRefusesToCommitInvalidTextFromAnyCaller) {
  uint64_t seq = store->last_seq();
  NodeFields f;
  f.type = "paper";
  f.title = "Fine title";
  auto n = store->create_node(f, {"tester", "caf\xe9"});
  ASSERT_FALSE(n.is_ok());
  EXPECT_NE(n.status().message().find("comment"), std::string::npos) << n.status().message();
  f.title = "caf\xe9";
  EXPECT_NE(store->create_node(f, {"tester", ""}).status().message().find("title"),
            std::string::npos);
  f.title = "Fine";
  f.attrs = boost::json::object{{"note", "\xff"}};
  EXPECT_FALSE(store->create_node(f, {"tester", ""}).is_ok());
  EXPECT_EQ(store->last_seq(), seq);
  EXPECT_TRUE(store->check().ok());
}

}  // namespace resgraph::testing
