#include "importers/comment_html.h"

#include <cstdlib>

#include "gfm_parser.h"

namespace resgraph::importers {

std::string comment_html(std::string_view markdown) {
  GfmParser parser = gfm_parser();
  GfmDocument root = gfm_parse(parser.get(), markdown);
  // CMARK_OPT_DEFAULT is the safe mode: without CMARK_OPT_UNSAFE, raw HTML is left out and
  // unsafe link targets are emptied.
  char* html = cmark_render_html(root.get(), CMARK_OPT_DEFAULT,
                                 cmark_parser_get_syntax_extensions(parser.get()));
  std::string out = html ? html : "";
  std::free(html);
  return out;
}

}  // namespace resgraph::importers
