#include "section_tree.h"

#include "classification_rules.h"
#include "inline_text.h"
#include "text_rules.h"

namespace resgraph::importers {
namespace {

// Hostile input may open thousands of <details> without closing one; past this depth they no
// longer nest.
constexpr size_t kMaxDepth = 64;

class TreeBuilder {
 public:
  explicit TreeBuilder(const std::function<bool(const std::string&)>& owns_generic)
      : owns_generic_(owns_generic), top_(std::make_unique<Section>()) {
    open_.push_back(top_.get());
  }

  void block(cmark_node* node) {
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_HEADING:
        heading(plain_text(node), cmark_node_get_heading_level(node),
                cmark_node_get_start_line(node));
        break;
      case CMARK_NODE_HTML_BLOCK:
        html(node);
        break;
      default:
        open_.back()->blocks.push_back(node);
    }
  }

  std::unique_ptr<Section> finish() { return std::move(top_); }

 private:
  // The level a heading is read at: never above the <details> it sits in.
  int floor_level() const {
    for (auto it = open_.rbegin(); it != open_.rend(); ++it)
      if ((*it)->details) return (*it)->level + 1;
    return 1;
  }

  // The open section a generic heading at `written` level belongs to: the person or
  // organization heading written at that level, or the owner of a generic sibling.
  Section* owner_for(int written) const {
    for (auto it = open_.rbegin(); it != open_.rend(); ++it) {
      Section* s = *it;
      if (s->details) return nullptr;
      if (s->owned && s->written == written) return s->owner;
      // A heading with a list of its own is a category ("Real-time Messaging" then "Blogs"),
      // not someone whose works follow.
      if (s->written == written) return owns_generic_(s->title) && !has_list(*s) ? s : nullptr;
      if (s->written < written) return nullptr;
    }
    return nullptr;
  }

  static bool has_list(const Section& s) {
    for (cmark_node* b : s.blocks)
      if (cmark_node_get_type(b) == CMARK_NODE_LIST) return true;
    return false;
  }

  void heading(const std::string& title, int written, int line) {
    auto s = std::make_unique<Section>();
    s->title = title;
    s->line = line;
    s->written = written;
    Section* owner = is_generic_subsection(title) ? owner_for(written) : nullptr;
    if (owner) {
      while (open_.back() != owner) open_.pop_back();
      s->owned = true;
      s->owner = owner;
      s->level = owner->level + 1;
    } else {
      s->level = std::max(written, floor_level());
      while (open_.size() > 1 && !open_.back()->details && open_.back()->level >= s->level)
        open_.pop_back();
    }
    push(std::move(s));
  }

  void push(std::unique_ptr<Section> s) {
    Section* raw = s.get();
    open_.back()->children.push_back(std::move(s));
    if (open_.size() < kMaxDepth) open_.push_back(raw);
  }

  // <details> opens a section named by its <summary>; </details> closes it. One HTML block may
  // hold several of each, in order. Scanned by hand: std::regex recurses once per character,
  // and an HTML block can be as long as the file.
  void html(cmark_node* node) {
    const char* literal = cmark_node_get_literal(node);
    std::string text = literal ? literal : "";
    std::string lower = text;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    int line = cmark_node_get_start_line(node);
    for (size_t at = lower.find('<'); at != std::string::npos; at = lower.find('<', at + 1)) {
      std::string_view rest(lower.data() + at, lower.size() - at);
      if (rest.starts_with("<details") && rest.size() > 8 &&
          (rest[8] == '>' || std::isspace(static_cast<unsigned char>(rest[8])))) {
        open_details(line);
      } else if (rest.starts_with("</details>")) {
        close_details();
      } else if (rest.starts_with("<summary")) {
        size_t open_end = lower.find('>', at), close = lower.find("</summary>", at);
        if (open_end == std::string::npos || close == std::string::npos) break;  // none after
        if (close < open_end) continue;
        if (!open_.back()->details || !open_.back()->title.empty()) continue;
        open_.back()->title =
            clean_description(strip_tags(text.substr(open_end + 1, close - open_end - 1)));
        open_.back()->line = line;
        at = close;
      }
    }
  }

  void open_details(int line) {
    auto s = std::make_unique<Section>();
    s->details = true;
    s->line = line;
    while (open_.size() > 1 && !open_.back()->details && open_.back()->owned) open_.pop_back();
    s->level = open_.back()->level + 1;
    s->written = 0;
    push(std::move(s));
  }

  void close_details() {
    while (open_.size() > 1 && !open_.back()->details) open_.pop_back();
    if (open_.size() > 1) open_.pop_back();
  }

  static std::string strip_tags(const std::string& s) {
    std::string out;
    bool in_tag = false;
    for (char c : s) {
      if (c == '<') in_tag = true;
      if (!in_tag) out.push_back(c);
      if (c == '>') {
        in_tag = false;
        out.push_back(' ');
      }
    }
    return out;
  }

  const std::function<bool(const std::string&)>& owns_generic_;
  std::unique_ptr<Section> top_;
  std::vector<Section*> open_;
};

}  // namespace

std::unique_ptr<Section> section_tree(cmark_node* document,
                                      const std::function<bool(const std::string&)>& owns_generic) {
  TreeBuilder builder(owns_generic);
  for (cmark_node* c = cmark_node_first_child(document); c; c = cmark_node_next(c))
    builder.block(c);
  return builder.finish();
}

}  // namespace resgraph::importers
