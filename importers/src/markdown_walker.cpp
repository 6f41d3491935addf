// Sections, headings and the context they give their entries (plan_markdown.cpp runs the
// pipeline).
#include "markdown_walker.h"

#include "annotation_legend.h"
#include "graph/url_key.h"
#include "text_rules.h"

namespace resgraph::importers {
namespace {

constexpr int kMaxListDepth = 32;

bool mentions_trail(const std::string& s) {
  return s.find("trail") != std::string::npos || s.find("Trail") != std::string::npos;
}

// "John Allspaw: talks and podcasts", "Richard Cook's papers" -> the name and whether the
// heading qualified it.
std::pair<std::string, bool> heading_name(const std::string& text) {
  std::string name = text.substr(0, text.find(':'));
  bool qualified = name.size() < text.size();
  for (const char* poss : {"'s ", "\xE2\x80\x99s "})
    if (auto pos = name.find(poss); pos != std::string::npos) {
      name = name.substr(0, pos);
      qualified = true;
    }
  return {trim(name), qualified};
}

bool is_theme_heading(const Section& s) {
  return s.level > 1 && !s.details && !is_skipped_heading(s.title) && !type_of_heading(s.title) &&
         !looks_like_name(heading_name(s.title).first);
}

bool any_lower_theme(const Section& s) {
  if (is_theme_heading(s)) return true;
  for (const auto& c : s.children)
    if (any_lower_theme(*c)) return true;
  return false;
}

}  // namespace

ImportPlan Walker::run(cmark_node* document) {
  Legend legend = find_legend(document);
  legend_ = std::move(legend.markers);
  legend_blocks_ = std::move(legend.blocks);
  auto owns_generic = [](const std::string& title) {
    return looks_like_name(heading_name(title).first);
  };
  auto top = section_tree(document, owns_generic);
  has_lower_themes_ = any_lower_theme(*top);
  section(*top, nullptr);
  return g_.finish();
}

void Walker::section(const Section& s, const Section* parent) {
  bool top = parent == nullptr;
  if (!top) {
    Heading h = classify(s, parent);
    h.level = s.level;
    stack_.push_back(h);
    if (h.kind == HeadingKind::person) {
      stack_.back().node = person(h.text, "", s.line, "a heading that names a person");
    } else if (h.kind == HeadingKind::organization && !title_key(h.text).empty()) {
      DraftNode org;
      org.type = "organization";
      org.title = h.text;
      org.provenance = provenance(s.line);
      org.why = s.details ? "a <details> block's summary in an organization-grouped list"
                          : "a heading under an organizations section";
      stack_.back().node = g_.add_node(std::move(org));
    }
  }
  for (cmark_node* b : s.blocks) block(b);
  for (const auto& c : s.children) section(*c, &s);
  if (!top) stack_.pop_back();
}

bool Walker::holds_type_sections(const Section& s) const {
  for (const auto& c : s.children)
    if (type_of_heading(c->title) || holds_type_sections(*c)) return true;
  return false;
}

Heading Walker::classify(const Section& s, const Section* parent) {
  Heading h;
  h.text = s.title;
  Shape inherited = stack_.empty() ? Shape::reading : stack_.back().shape;
  bool under_orgs = !stack_.empty() && inherited == Shape::organizations &&
                    stack_.back().kind != HeadingKind::organization;
  bool under_people =
      !stack_.empty() && inherited == Shape::people && stack_.back().kind != HeadingKind::person;
  if (is_skipped_heading(s.title)) {
    h.kind = HeadingKind::skip;
  } else if (s.details ||
             (under_orgs && !is_generic_subsection(s.title) && !shape_of_heading(s.title))) {
    h.kind = HeadingKind::organization;
    h.text = clean_description(s.title);
  } else {
    auto [name, qualified] = heading_name(s.title);
    // A person: a name the heading qualifies, whose section holds "Selected talks"-like
    // sections, that sits in a people directory, or that the file has already met in full.
    bool person = looks_like_name(name) && (qualified || holds_type_sections(s) || under_people);
    if (person ||
        (name == trim(s.title) && name.find(' ') != std::string::npos && g_.known_person(name))) {
      h.kind = HeadingKind::person;
      h.text = name;
    } else if (auto type = type_of_heading(s.title); type && !theme_despite_type_word(s, *type)) {
      h.kind = HeadingKind::type;
      h.type = *type;
    }
  }
  (void)parent;
  h.shape = shape_of(s, h);
  return h;
}

// "Blameless postmortems" under "Articles", or holding "Articles" and "Books" of its own: a
// theme that happens to contain a type's word, not a section of that type.
bool Walker::theme_despite_type_word(const Section& s, const std::string& type) const {
  for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
    if (it->kind == HeadingKind::person || it->kind == HeadingKind::organization) break;
    if (it->kind == HeadingKind::type) return it->type != type;
  }
  // Holding plain type sections of its own ("Articles", "Books"): the theme they sort.
  for (const auto& c : s.children)
    if (auto inner = type_of_heading(c->title);
        inner && *inner != type && is_plain_type_heading(c->title))
      return true;
  return false;
}

Shape Walker::shape_of(const Section& s, const Heading& h) const {
  if (s.details) return Shape::organizations;
  // A theme holding a type's word ("Blameless postmortems") is no catalogue of its own.
  bool type_word_ignored = h.kind == HeadingKind::theme && type_of_heading(s.title);
  if (auto shape = shape_of_heading(s.title); shape && !type_word_ignored) return *shape;
  if (!stack_.empty()) return stack_.back().shape;
  return Shape::reading;
}

void Walker::block(cmark_node* node) {
  if (legend_blocks_.count(node)) {
    g_.plan().skipped.push_back(
        {cmark_node_get_start_line(node), "explains the list's link markers (a legend)"});
    return;
  }
  switch (cmark_node_get_type(node)) {
    case CMARK_NODE_LIST:
      list(node, std::nullopt);
      break;
    case CMARK_NODE_PARAGRAPH:
      if (!skipping()) paragraph(node);
      break;
    default:
      break;  // quotes, code, HTML, tables, rules: not resources
  }
}

bool Walker::skipping() const {
  for (const auto& h : stack_)
    if (h.kind == HeadingKind::skip) return true;
  return false;
}

namespace {

// A list whose links all point inside the page is a table of contents.
bool is_toc(cmark_node* list) {
  bool any = false, only_anchors = true;
  cmark_iter* it = cmark_iter_new(list);
  for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
    cmark_node* n = cmark_iter_get_node(it);
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_LINK) {
      any = true;
      const char* url = cmark_node_get_url(n);
      if (url && url[0] != '#') only_anchors = false;
    }
  }
  cmark_iter_free(it);
  return any && only_anchors;
}

}  // namespace

void Walker::list(cmark_node* node, std::optional<size_t> parent) {
  if (skipping()) return;
  int at = cmark_node_get_start_line(node);
  if (list_depth_ >= kMaxListDepth) {
    g_.plan().skipped.push_back({at, "lists nested deeper than 32 levels"});
    return;
  }
  struct Depth {
    int& d;
    explicit Depth(int& x) : d(++x) {}
    ~Depth() { --d; }
  } depth(list_depth_);
  if (is_toc(node)) {
    g_.plan().skipped.push_back({at, "table of contents"});
    return;
  }
  std::vector<size_t> dated;
  bool ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
  for (cmark_node* item = cmark_node_first_child(node); item; item = cmark_node_next(item)) {
    auto made = list_item(item, parent);
    if (made && ordered && !g_.node(*made).date.empty()) dated.push_back(*made);
  }
  if (ordered) offer_trail(node, dated);
}

// An ordered list of dated items, or one under a heading that calls itself a trail, is offered
// as a trail in its own order.
void Walker::offer_trail(cmark_node* list, const std::vector<size_t>& dated) {
  DraftTrail trail;
  trail.steps = dated;
  if (trail.steps.empty() && mentions_trail(heading_path()))
    for (cmark_node* item = cmark_node_first_child(list); item; item = cmark_node_next(item))
      if (auto it = item_nodes_.find(item); it != item_nodes_.end())
        trail.steps.push_back(it->second);
  if (trail.steps.size() < 2) return;
  trail.title = trail_title();
  trail.provenance = provenance(cmark_node_get_start_line(list));
  g_.plan().trails.push_back(std::move(trail));
}

std::optional<size_t> Walker::list_item(cmark_node* item, std::optional<size_t> parent) {
  cmark_node* para = nullptr;
  for (cmark_node* c = cmark_node_first_child(item); c; c = cmark_node_next(c))
    if (cmark_node_get_type(c) == CMARK_NODE_PARAGRAPH) {
      para = c;
      break;
    }
  std::optional<size_t> made;
  if (para && legend_blocks_.count(para)) {
    g_.plan().skipped.push_back(
        {cmark_node_get_start_line(item), "explains the list's link markers (a legend)"});
  } else if (para) {
    size_t skips = g_.plan().skipped.size();
    made = entry(flatten(para), cmark_node_get_start_line(item), parent);
    // Links to the list's other files are its navigation, not entries of it.
    bool navigation = g_.plan().skipped.size() > skips &&
                      g_.plan().skipped.back().reason.find("(navigation)") != std::string::npos;
    if (!navigation) count(g_.plan().skipped.size() == skips);
    if (made) item_nodes_[item] = *made;
  }
  for (cmark_node* c = cmark_node_first_child(item); c; c = cmark_node_next(c))
    if (cmark_node_get_type(c) == CMARK_NODE_LIST) list(c, made ? made : parent);
  return made;
}

void Walker::count(bool understood) {
  ShapeCount& c = g_.plan().shapes[shape_name(context_shape())];
  ++c.seen;
  ++(understood ? c.understood : c.skipped);
}

void Walker::paragraph(cmark_node* para) {
  std::vector<Segment> segs = flatten(para);
  int at = cmark_node_get_start_line(para);
  // "[Name](url). What happened." reads like a list entry.
  size_t first = 0;
  while (first < segs.size() && segs[first].url.empty() && trim(segs[first].text).empty()) ++first;
  if (first < segs.size() && !segs[first].url.empty() && is_external(segs[first].url) &&
      !segs[first].image) {
    size_t skips = g_.plan().skipped.size();
    entry(segs, at, std::nullopt);
    count(g_.plan().skipped.size() == skips);
    return;
  }
  for (size_t i = 0; i < segs.size(); ++i) {
    const Segment& s = segs[i];
    if (s.url.empty() || s.image || !is_external(s.url)) continue;
    std::string text = trim(s.text);
    if (text.empty() || !std::isupper(static_cast<unsigned char>(text[0])) || is_annotation(text)) {
      g_.plan().skipped.push_back({at, "prose link '" + text + "' does not name a resource"});
      continue;
    }
    prose_link(segs, i, at);
  }
}

std::optional<std::string> Walker::context_type() const {
  for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
    if (it->kind == HeadingKind::type) return it->type;
    // A person's or organization's section holds their works, whatever the heading above.
    if (it->kind == HeadingKind::person || it->kind == HeadingKind::organization)
      return std::nullopt;
  }
  return std::nullopt;
}

std::optional<size_t> Walker::context_owner(HeadingKind kind) const {
  for (auto it = stack_.rbegin(); it != stack_.rend(); ++it)
    if (it->kind == HeadingKind::person || it->kind == HeadingKind::organization)
      return it->kind == kind ? it->node : std::nullopt;
  return std::nullopt;
}

Shape Walker::context_shape() const {
  return stack_.empty() ? Shape::reading : stack_.back().shape;
}

// The theme an item is about: the nearest theme heading; the title (H1) only when the file has
// no themes below it (a topic page such as "Nature of complex systems").
void Walker::link_theme(size_t n, int at) {
  for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
    if (it->kind == HeadingKind::person || it->kind == HeadingKind::organization) return;
    if (it->kind != HeadingKind::theme || title_key(it->text).empty() ||
        !is_theme_heading_text(it->text))
      continue;
    if (mentions_trail(it->text)) return;
    if (it->level == 1 && has_lower_themes_) return;
    bool question = !it->text.empty() && it->text.back() == '?';
    DraftNode t;
    t.type = question ? "question" : "concept";
    t.title = it->text;
    t.provenance = provenance(at);
    t.why = "a theme heading the list's entries sit under";
    size_t theme = g_.add_node(std::move(t));
    const std::string& type = g_.node(n).type;
    std::string edge = type == "person" || type == "concept" ? "related"
                       : question                            ? "answers"
                                                             : "about";
    if (theme != n) g_.add_edge(n, theme, edge, provenance(at));
    return;
  }
}

// "Reading trail: an introduction" names itself; "Talks: the Allspaw trail" names the trail
// after its colon; otherwise the title and the list's heading.
std::string Walker::trail_title() const {
  for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
    const std::string& h = it->text;
    auto colon = h.find(": ");
    std::string head = h.substr(0, colon),
                tail = colon == std::string::npos ? "" : h.substr(colon + 2);
    if (mentions_trail(head)) return h;
    if (mentions_trail(tail)) {
      tail[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(tail[0])));
      return tail;
    }
  }
  if (stack_.size() >= 2) return stack_.front().text + " — " + stack_.back().text;
  return stack_.empty() ? "Imported list" : stack_.back().text;
}

std::string Walker::heading_path() const {
  std::string path;
  for (const auto& h : stack_) path += (path.empty() ? "" : " > ") + h.text;
  return path;
}

boost::json::object Walker::provenance(int at) const {
  boost::json::object p{
      {"source", src_.source}, {"file", src_.file}, {"heading", heading_path()}, {"line", at}};
  if (!src_.url.empty()) p["url"] = src_.url;
  if (!src_.etag.empty()) p["etag"] = src_.etag;
  return p;
}

size_t Walker::person(const std::string& name, const std::string& url, int at, const char* why) {
  return g_.person(name, url, provenance(at), why);
}

}  // namespace resgraph::importers
