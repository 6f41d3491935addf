// One GitHub-flavoured Markdown parser for the importers and for comments: cmark-gfm with the
// autolink, table and strikethrough extensions, as GitHub renders READMEs.
#pragma once

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>

#include <memory>
#include <string_view>

namespace resgraph::importers {

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};
using GfmParser = std::unique_ptr<cmark_parser, ParserDeleter>;
using GfmDocument = std::unique_ptr<cmark_node, NodeDeleter>;

inline GfmParser gfm_parser() {
  cmark_gfm_core_extensions_ensure_registered();
  GfmParser parser(cmark_parser_new(CMARK_OPT_DEFAULT));
  for (const char* ext : {"autolink", "table", "strikethrough"})
    if (auto* e = cmark_find_syntax_extension(ext))
      cmark_parser_attach_syntax_extension(parser.get(), e);
  return parser;
}

inline GfmDocument gfm_parse(cmark_parser* parser, std::string_view markdown) {
  cmark_parser_feed(parser, markdown.data(), markdown.size());
  return GfmDocument(cmark_parser_finish(parser));
}

}  // namespace resgraph::importers
