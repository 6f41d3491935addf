#include "importers/comment_html.h"

#include <gtest/gtest.h>

namespace resgraph::testing {

using importers::comment_html;

TEST(CommentHtml, FormatsAndLinksButNeverRunsScript) {
  EXPECT_EQ(comment_html("*Safety-II* and ~~Safety-I~~"),
            "<p><em>Safety-II</em> and <del>Safety-I</del></p>\n");
  EXPECT_NE(comment_html("see https://how.complexsystems.fail")
                .find(R"(<a href="https://how.complexsystems.fail">)"),
            std::string::npos);
  for (const char* attack :
       {"<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[a](javascript:alert(1))",
        "[a](JaVaScRiPt:alert(1))", "[a](vbscript:msgbox)",
        "[a](data:text/html;base64,PHNjcmlwdD4=)", "<a href=\"javascript:alert(1)\">a</a>",
        "![x](javascript:alert(1))"}) {
    std::string html = comment_html(attack);
    for (const char* bad : {"<script", "onerror", "javascript:", "vbscript:", "data:text/html"}) {
      std::string lower = html;
      for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      EXPECT_EQ(lower.find(bad), std::string::npos) << attack << " -> " << html;
    }
  }
}

}  // namespace resgraph::testing
