#include "inline_text.h"

#include <cctype>

#include "text_rules.h"

namespace resgraph::importers {
namespace {

// Nesting this deep is no resource list; the limit keeps hostile input from the stack.
constexpr int kMaxInlineDepth = 64;

void flatten_into(cmark_node* node, std::vector<Segment>& out, int depth) {
  if (depth > kMaxInlineDepth) return;
  for (cmark_node* c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
    switch (cmark_node_get_type(c)) {
      case CMARK_NODE_TEXT:
      case CMARK_NODE_CODE:
        if (out.empty() || !out.back().url.empty()) out.push_back({});
        out.back().text += cmark_node_get_literal(c) ? cmark_node_get_literal(c) : "";
        break;
      case CMARK_NODE_SOFTBREAK:
      case CMARK_NODE_LINEBREAK:
        if (out.empty() || !out.back().url.empty()) out.push_back({});
        out.back().text += " ";
        break;
      case CMARK_NODE_LINK: {
        Segment link;
        link.url = cmark_node_get_url(c) ? cmark_node_get_url(c) : "";
        std::vector<Segment> inner;
        flatten_into(c, inner, depth + 1);
        for (const auto& s : inner) {
          link.text += s.text;
          link.image = link.image || s.image;
        }
        if (link.url.empty()) link.url = "#";
        out.push_back(std::move(link));
        out.push_back({});
        break;
      }
      case CMARK_NODE_IMAGE: {
        Segment img;
        img.image = true;
        out.push_back(std::move(img));
        break;
      }
      default:
        flatten_into(c, out, depth + 1);  // emphasis, strong, strikethrough: their text counts
    }
  }
}

}  // namespace

std::vector<Segment> flatten(cmark_node* node) {
  std::vector<Segment> out;
  flatten_into(node, out, 0);
  return out;
}

std::string plain_text(cmark_node* node) {
  std::string s;
  for (const auto& seg : flatten(node)) s += seg.text;
  return trim(s);
}

bool is_external(const std::string& url) {
  return url.starts_with("http://") || url.starts_with("https://");
}

AroundLink around_link(const std::vector<Segment>& segs, size_t main,
                       const std::function<bool(const std::string&)>& is_annotation) {
  AroundLink around;
  for (size_t i = 0; i < main; ++i) around.before += segs[i].text;
  int depth = 0;  // open brackets or parentheses in the text before a link
  for (size_t i = main + 1; i < segs.size(); ++i) {
    const auto& s = segs[i];
    if (s.url.empty()) {
      for (char c : s.text) depth += (c == '(' || c == '[') - (c == ')' || c == ']');
      around.after += s.text;
      continue;
    }
    if (!is_external(s.url) || s.image) continue;
    std::string label = trim(s.text);
    if (depth > 0 || label.empty() || is_annotation(label))
      around.annotations.push_back({s.url, label.empty() ? "link" : label});
    else if (std::isupper(static_cast<unsigned char>(label[0])))
      around.secondary.push_back(i);
    else
      around.annotations.push_back({s.url, label});
  }
  return around;
}

}  // namespace resgraph::importers
