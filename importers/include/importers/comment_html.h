// A comment's Markdown as HTML that is safe to put in a page: cmark-gfm in its safe mode drops
// raw HTML and links to javascript:, vbscript:, file: and data: URLs (but images'), so what a
// commenter writes can format text and link, never run script.
#pragma once

#include <string>
#include <string_view>

namespace resgraph::importers {

std::string comment_html(std::string_view markdown);

}  // namespace resgraph::importers
