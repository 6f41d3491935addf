// plan_markdown, the pipeline: cmark-gfm parse -> section tree -> the legend's markers -> one
// reader per shape -> a plan.
#include "gfm_parser.h"
#include "graph/text.h"
#include "markdown_walker.h"

namespace resgraph::importers {
namespace {

// A line that is not valid UTF-8 (a Latin-1 file, say) is left out with its reason, not
// guessed at: the rest of the file imports, and the line numbers stay those of the file.
std::string without_invalid_lines(std::string_view markdown, std::vector<Skip>& skipped) {
  std::string out;
  out.reserve(markdown.size());
  int number = 0;
  for (size_t start = 0; start < markdown.size();) {
    size_t end = markdown.find('\n', start);
    std::string_view line = markdown.substr(
        start, end == std::string_view::npos ? std::string_view::npos : end - start);
    ++number;
    if (size_t at = text::invalid_utf8_at(line); at != std::string_view::npos)
      skipped.push_back({number, "line is not valid UTF-8 (byte " + std::to_string(at + 1) +
                                     "); save the file as UTF-8 to import it"});
    else
      out += line;
    if (end == std::string_view::npos) break;
    out += '\n';
    start = end + 1;
  }
  return out;
}

}  // namespace

ImportPlan plan_markdown(std::string_view markdown, const MarkdownSource& source) {
  std::vector<Skip> invalid_lines;
  std::string checked;
  if (!text::valid_utf8(markdown)) {
    checked = without_invalid_lines(markdown, invalid_lines);
    markdown = checked;
  }
  GfmParser parser = gfm_parser();
  GfmDocument root = gfm_parse(parser.get(), markdown);
  Walker walker(source);
  ImportPlan plan = walker.run(root.get());
  plan.skipped.insert(plan.skipped.begin(), invalid_lines.begin(), invalid_lines.end());
  return plan;
}

}  // namespace resgraph::importers
