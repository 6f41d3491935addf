// Walks a cmark-gfm syntax tree with a stack of headings as context and turns list items and
// prose links into draft nodes and edges. The decisions themselves live in
// classification_rules.cpp (types) and text_rules.cpp (dates, people, events).
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <map>
#include <memory>
#include <regex>
#include <set>

#include "classification_rules.h"
#include "graph/text.h"
#include "graph/url_key.h"
#include "importers/markdown_importer.h"
#include "text_rules.h"

namespace resgraph::importers {
namespace {

enum class HeadingKind { theme, type, person, skip };

struct Heading {
  int level = 0;
  std::string text;
  HeadingKind kind = HeadingKind::theme;
  std::string type;  // for HeadingKind::type
};

// Inline content of a paragraph, flattened: plain text runs and links.
struct Segment {
  std::string text;
  std::string url;  // empty for plain text
  bool image = false;
};

bool is_external(const std::string& url) {
  return url.starts_with("http://") || url.starts_with("https://");
}

// Nesting this deep is no resource list; the limits keep hostile input from the stack.
constexpr int kMaxInlineDepth = 64;
constexpr int kMaxListDepth = 32;
constexpr size_t kMaxEntryText = 16 << 10;

void flatten(cmark_node* node, std::vector<Segment>& out, int depth = 0) {
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
        flatten(c, inner, depth + 1);
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
        flatten(c, out, depth + 1);  // emphasis, strong, strikethrough: their text counts
    }
  }
}

std::string plain_text(cmark_node* node) {
  std::vector<Segment> segs;
  flatten(node, segs);
  std::string s;
  for (const auto& seg : segs) s += seg.text;
  return trim(s);
}

class Walker {
 public:
  Walker(const MarkdownSource& src) : src_(src) {}

  ImportPlan run(cmark_node* root) {
    // First pass over the headings: which hold sections that name a kind of resource (a
    // person's "Selected talks"), and whether the file has themes below its title.
    std::vector<cmark_node*> headings;
    for (cmark_node* c = cmark_node_first_child(root); c; c = cmark_node_next(c))
      if (cmark_node_get_type(c) == CMARK_NODE_HEADING) headings.push_back(c);
    for (size_t i = 0; i < headings.size(); ++i) {
      int level = cmark_node_get_heading_level(headings[i]);
      for (size_t j = i + 1;
           j < headings.size() && cmark_node_get_heading_level(headings[j]) > level; ++j)
        if (type_of_heading(plain_text(headings[j]))) holds_type_sections_.insert(headings[i]);
      if (level > 1 && classify(plain_text(headings[i]), headings[i]).kind == HeadingKind::theme)
        has_lower_themes_ = true;
    }
    for (cmark_node* c = cmark_node_first_child(root); c; c = cmark_node_next(c)) block(c);
    fold_surnames();
    return std::move(plan_);
  }

  // "Dekker" met before "Sidney Dekker": once the file is read, a surname-only person that
  // matches exactly one full name is that person. Edges move; the surname node goes.
  void fold_surnames() {
    std::vector<size_t> target(plan_.nodes.size());
    for (size_t i = 0; i < target.size(); ++i) target[i] = i;
    bool any = false;
    for (size_t i = 0; i < plan_.nodes.size(); ++i) {
      const auto& n = plan_.nodes[i];
      if (n.type != "person" || n.title.find(' ') != std::string::npos) continue;
      if (auto match = only_full_name_for(person_key(n.title))) {
        target[i] = *match;
        any = true;
      }
    }
    if (!any) return;
    std::vector<size_t> new_index(plan_.nodes.size());
    std::vector<DraftNode> kept;
    for (size_t i = 0; i < plan_.nodes.size(); ++i)
      if (target[i] == i) {
        new_index[i] = kept.size();
        kept.push_back(std::move(plan_.nodes[i]));
      }
    std::vector<DraftEdge> edges;
    std::set<std::string> seen;
    for (auto e : plan_.edges) {
      e.from = new_index[target[e.from]];
      e.to = new_index[target[e.to]];
      if (e.from == e.to) continue;
      if (seen.insert(std::to_string(e.from) + ">" + std::to_string(e.to) + ">" + e.type).second)
        edges.push_back(std::move(e));
    }
    for (auto& t : plan_.trails)
      for (auto& s : t.steps) s = new_index[target[s]];
    plan_.nodes = std::move(kept);
    plan_.edges = std::move(edges);
  }

 private:
  Heading classify(const std::string& text, cmark_node* node) const {
    Heading h;
    h.text = text;
    if (is_skipped_heading(text)) {
      h.kind = HeadingKind::skip;
      return h;
    }
    // A person: "John Allspaw: talks and podcasts", "Richard Cook's papers", a name whose
    // section holds "Selected talks"-like sections, or a name this file has already met.
    std::string name = text.substr(0, text.find(':'));
    bool qualified = name.size() < text.size();
    for (const char* poss : {"'s ", "\xE2\x80\x99s "})
      if (auto pos = name.find(poss); pos != std::string::npos) {
        name = name.substr(0, pos);
        qualified = true;
      }
    name = trim(name);
    if ((looks_like_name(name) && (qualified || holds_type_sections_.count(node))) ||
        (name == trim(text) && known_person(name))) {
      h.kind = HeadingKind::person;
      h.text = name;
      return h;
    }
    if (auto type = type_of_heading(text)) {
      h.kind = HeadingKind::type;
      h.type = *type;
    }
    return h;
  }

  // A link names a person when its text reads like a name and either the file already knows
  // that person or the URL is a profile (a social account, a staff or member page).
  bool names_person(const std::string& title, const std::string& url) const {
    if (!looks_like_name(title)) return false;
    if (known_person(title)) return true;
    std::string u;
    for (unsigned char c : url) u.push_back(static_cast<char>(std::tolower(c)));
    for (const char* profile : {"twitter.com/", "linkedin.com/in/", "/people/", "member", "/about",
                                "/author/", "/profile", "/staff/", "/~"})
      if (u.find(profile) != std::string::npos) return true;
    return false;
  }

  bool known_person(const std::string& name) const {
    return name.find(' ') != std::string::npos && person_index_.count(person_key(name)) > 0;
  }

  void block(cmark_node* node) {
    switch (cmark_node_get_type(node)) {
      case CMARK_NODE_HEADING: {
        int level = cmark_node_get_heading_level(node);
        while (!stack_.empty() && stack_.back().level >= level) stack_.pop_back();
        Heading h = classify(plain_text(node), node);
        h.level = level;
        stack_.push_back(h);
        if (h.kind == HeadingKind::person) person_node(h.text, "", line(node));
        break;
      }
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

  bool skipping() const {
    for (const auto& h : stack_)
      if (h.kind == HeadingKind::skip) return true;
    return false;
  }

  static bool is_toc(cmark_node* list) {
    // A list whose links all point inside the page is a table of contents.
    bool any = false;
    cmark_iter* it = cmark_iter_new(list);
    bool only_anchors = true;
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

  void list(cmark_node* node, std::optional<size_t> parent) {
    if (skipping()) return;
    if (list_depth_ >= kMaxListDepth) {
      plan_.skipped.push_back({line(node), "lists nested deeper than 32 levels"});
      return;
    }
    struct Depth {
      int& d;
      explicit Depth(int& x) : d(++x) {}
      ~Depth() { --d; }
    } depth(list_depth_);
    if (is_toc(node)) {
      plan_.skipped.push_back({line(node), "table of contents"});
      return;
    }
    bool ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
    DraftTrail trail;
    for (cmark_node* item = cmark_node_first_child(node); item; item = cmark_node_next(item)) {
      auto made = list_item(item, parent);
      if (made && ordered && !plan_.nodes[*made].date.empty()) trail.steps.push_back(*made);
    }
    // An ordered list of dated items, or one under a heading that calls itself a trail, is
    // offered as a trail in its own order.
    bool trail_heading = heading_path().find("trail") != std::string::npos ||
                         heading_path().find("Trail") != std::string::npos;
    if (ordered && trail_heading && trail.steps.empty())
      for (cmark_node* item = cmark_node_first_child(node); item; item = cmark_node_next(item))
        if (auto it = item_nodes_.find(item); it != item_nodes_.end())
          trail.steps.push_back(it->second);
    if (ordered && trail.steps.size() >= 2) {
      trail.title = trail_title();
      trail.provenance = provenance(line(node));
      plan_.trails.push_back(std::move(trail));
    }
  }

  std::optional<size_t> list_item(cmark_node* item, std::optional<size_t> parent) {
    cmark_node* para = nullptr;
    for (cmark_node* c = cmark_node_first_child(item); c; c = cmark_node_next(c))
      if (cmark_node_get_type(c) == CMARK_NODE_PARAGRAPH) {
        para = c;
        break;
      }
    std::optional<size_t> made;
    if (para) {
      std::vector<Segment> segs;
      flatten(para, segs);
      made = resource(segs, line(item), parent, true);
      if (made) item_nodes_[item] = *made;
    }
    for (cmark_node* c = cmark_node_first_child(item); c; c = cmark_node_next(c))
      if (cmark_node_get_type(c) == CMARK_NODE_LIST) list(c, made ? made : parent);
    return made;
  }

  void paragraph(cmark_node* para) {
    std::vector<Segment> segs;
    flatten(para, segs);
    int at = line(para);
    // "[Name](url). What happened." reads like a list entry.
    size_t first = 0;
    while (first < segs.size() && segs[first].url.empty() && trim(segs[first].text).empty())
      ++first;
    if (first < segs.size() && !segs[first].url.empty() && is_external(segs[first].url)) {
      resource(segs, at, std::nullopt, true);
      return;
    }
    for (size_t i = 0; i < segs.size(); ++i) {
      const Segment& s = segs[i];
      if (s.url.empty() || s.image) continue;
      if (!is_external(s.url)) continue;
      std::string text = trim(s.text);
      if (text.empty() || !std::isupper(static_cast<unsigned char>(text[0]))) {
        plan_.skipped.push_back({at, "prose link '" + text + "' does not name a resource"});
        continue;
      }
      prose_link(segs, i, at);
    }
  }

  // The sentence around segment i: text before it back to the last ". ", and after it to the next.
  // The sentence around link i: back to the last ". ", forward to the next ". " or link.
  static std::pair<std::string, std::string> sentence_around(const std::vector<Segment>& segs,
                                                             size_t i) {
    std::string before, after;
    for (size_t j = 0; j < i; ++j) before += segs[j].text;
    for (size_t j = i + 1; j < segs.size() && segs[j].url.empty(); ++j) after += segs[j].text;
    if (auto p = before.rfind(". "); p != std::string::npos) before = before.substr(p + 2);
    if (auto p = after.find(". "); p != std::string::npos) after = after.substr(0, p + 1);
    return {before, after};
  }

  void prose_link(const std::vector<Segment>& segs, size_t i, int at) {
    auto [before, after] = sentence_around(segs, i);
    std::string title = trim(segs[i].text);
    std::string url = segs[i].url;
    if (names_person(title, url)) {
      size_t p = person_node(title, url, at);
      link_theme(p, at);
      return;
    }
    std::string type = type_of_text(before.substr(before.size() > 40 ? before.size() - 40 : 0))
                           .value_or(type_of_url(url).value_or(context_type().value_or("article")));
    DraftNode d;
    d.type = type;
    d.title = title;
    d.url = url;
    d.year = find_year(after);
    d.provenance = provenance(at);
    size_t n = add_node(std::move(d), true);
    std::vector<std::string> people = authors_in(after);
    if (std::string owner = possessive_name(before); !owner.empty()) people.push_back(owner);
    for (const auto& who : people) add_edge(person_node(who, "", at), n, creator_edge(type), at);
    mention_known_people(n, before + after, at);
    link_theme(n, at);
  }

  // A list entry (or a paragraph that opens with a link): the main resource, its annotation
  // links, its people, event, date and theme.
  std::optional<size_t> resource(const std::vector<Segment>& segs, int at,
                                 std::optional<size_t> parent, bool allow_plain) {
    // An entry names a resource in a line or two; a huge one is not an entry, and the text
    // rules below would only spend time on it.
    size_t text_bytes = 0;
    for (const auto& s : segs) text_bytes += s.text.size();
    if (text_bytes > kMaxEntryText) {
      plan_.skipped.push_back({at, "an entry of more than 16 KiB of text"});
      return std::nullopt;
    }
    size_t main = segs.size();
    for (size_t i = 0; i < segs.size(); ++i) {
      const auto& s = segs[i];
      if (s.url.empty() || s.image || !is_external(s.url) || trim(s.text).empty()) continue;
      main = i;
      break;
    }
    if (main == segs.size()) {
      // Links only to other files of the same list ("topics/x.md") are navigation.
      for (const auto& s : segs)
        if (!s.url.empty() && !is_external(s.url) && !s.url.starts_with("#")) {
          plan_.skipped.push_back({at, "links to another file of the list, not to a resource"});
          return std::nullopt;
        }
    }
    std::string before, after_text;
    for (size_t i = 0; i < std::min(main, segs.size()); ++i) before += segs[i].text;
    std::vector<Link> annotations;
    std::vector<size_t> secondary;
    int depth = 0;  // open brackets or parentheses in the text before a link
    for (size_t i = main + 1; i < segs.size(); ++i) {
      const auto& s = segs[i];
      if (s.url.empty()) {
        for (char c : s.text) depth += (c == '(' || c == '[') - (c == ')' || c == ']');
        after_text += s.text;
        continue;
      }
      if (!is_external(s.url) || s.image) continue;
      std::string label = trim(s.text);
      if (depth > 0 || is_annotation_label(label) || label.empty())
        annotations.push_back({s.url, label.empty() ? "link" : label});
      else if (std::isupper(static_cast<unsigned char>(label[0])))
        secondary.push_back(i);
      else
        annotations.push_back({s.url, label});
    }
    // A nested item that is only an annotation ("- [slides](...)") belongs to its parent.
    if (parent && main < segs.size() && is_annotation_label(trim(segs[main].text)) &&
        trim(before).empty()) {
      plan_.nodes[*parent].links.push_back({segs[main].url, trim(segs[main].text)});
      for (auto& a : annotations) plan_.nodes[*parent].links.push_back(a);
      return std::nullopt;
    }

    std::string full;
    for (const auto& s : segs) full += s.text;
    ItemText parsed =
        parse_item_text(main < segs.size() ? before + segs[main].text + after_text : full);
    DraftNode d;
    d.provenance = provenance(at);
    if (main < segs.size()) {
      d.url = segs[main].url;
      d.title = clean_description(segs[main].text);
      std::string lead = clean_description(parse_item_text(before).rest);
      // "The Makeup of … Teams - [Part1](…) & [Part2](…)": the text names it, the links are parts.
      if ((is_annotation_label(d.title) || d.title.size() < 4) &&
          lead.find(' ') != std::string::npos) {
        d.links.push_back({d.url, d.title});
        d.title = lead;
        while (!d.title.empty() && (d.title.back() == '-' || d.title.back() == ' '))
          d.title.pop_back();
      }
      ItemText tail = parse_item_text(clean_description(after_text));
      if (parsed.date.empty()) parsed.date = tail.date;  // "[Title](url) 2012-05-22 - …"
      d.summary = clean_description(without_year(tail.rest));
      if (d.summary.starts_with("by ") || d.summary.starts_with("with ")) d.summary.clear();
      if (d.summary.size() < 15) d.summary.clear();
    } else {
      if (!allow_plain) return std::nullopt;
      std::optional<std::string> type = context_type();
      bool dated = !parsed.date.empty();
      if (!(type || dated)) {
        plan_.skipped.push_back({at, "no link and no section that names a type"});
        return std::nullopt;
      }
      // "Drift into Failure (2011) - a description", "Safety-II: a description" (concepts).
      std::string text = clean_description(parsed.rest);
      // Dated chronological lists use " - " inside titles ("PAPod 57 - System Reliability").
      size_t cut = dated ? std::string::npos : text.find(" - ");
      if (cut != std::string::npos) {
        std::string rest = text.substr(cut + 3);
        bool prose = std::any_of(rest.begin(), rest.end(),
                                 [](unsigned char c) { return std::islower(c); }) &&
                     std::count(rest.begin(), rest.end(), ' ') >= 1;
        if (!prose) cut = std::string::npos;
      }
      if (cut == std::string::npos && type == std::optional<std::string>("concept"))
        cut = text.find(": ");
      if (cut != std::string::npos) {
        d.summary = clean_description(text.substr(cut + 2));
        text = text.substr(0, cut);
      }
      d.title = clean_description(without_year(text));
    }
    for (auto& a : annotations) d.links.push_back(a);
    if (d.title.empty() || title_key(d.title).empty()) {
      plan_.skipped.push_back({at, "item has no title"});
      return std::nullopt;
    }
    d.date = parsed.date;
    d.year = d.date.empty() ? find_year(full) : std::stoi(d.date.substr(0, 4));
    d.type = item_type(d.url, full);
    if (d.type == "person" || names_person(d.title, d.url)) {
      size_t p = person_node(d.title, d.url, at);
      for (size_t i : secondary)
        if (names_person(trim(segs[i].text), segs[i].url))
          link_theme(person_node(trim(segs[i].text), segs[i].url, at), at);
      link_theme(p, at);
      return p;
    }
    // "from …" is where a talk was given; for a podcast episode it is the show.
    if (!parsed.event.empty()) d.attrs[d.type == "podcast" ? "series" : "event"] = parsed.event;
    if (is_generic_title(d.title))
      d.title += parsed.event.empty() ? " (" + (d.date.empty() ? std::to_string(at) : d.date) + ")"
                                      : " at " + parsed.event;
    std::string type = d.type;
    size_t n = add_node(std::move(d));

    // People: the section's person, co-presenters, "by …" authors, possessives.
    std::string creator = creator_edge(type);
    if (auto owner = context_person()) add_edge(*owner, n, creator, at);
    for (const auto& who : parsed.with) add_edge(person_node(who, "", at), n, creator, at);
    for (const auto& who : authors_in(full)) add_edge(person_node(who, "", at), n, creator, at);
    if (creator == "authored")  // "(2017) with David Woods and Richard Cook": co-authors
      for (const auto& who :
           authors_in(" by " + after_text.substr(
                                   std::min(after_text.size(), after_text.find(" with ") + 6))))
        if (after_text.find(" with ") != std::string::npos)
          add_edge(person_node(who, "", at), n, creator, at);
    if (std::string owner = possessive_name(before); !owner.empty())
      add_edge(person_node(owner, "", at), n, creator, at);
    // "Interview with Jez Humble", "Fireside Chat with Andrew Clay Shafer".
    static const std::regex with_person(R"(\bwith ((?:[A-Z][\w.\-]+ ?){2,4})$)");
    std::smatch m;
    if (std::regex_search(parsed.rest, m, with_person) && looks_like_name(trim(m[1])))
      add_edge(n, person_node(trim(m[1]), "", at), "mentions", at);
    mention_known_people(n, full, at);
    if (!parsed.event.empty() && type != "podcast") {
      DraftNode ev;
      ev.type = "event";
      ev.title = parsed.event;
      ev.year = find_year(parsed.event);
      ev.provenance = provenance(at);
      add_edge(n, add_node(std::move(ev)), "at_event", at);
    }
    for (size_t i : secondary) {
      DraftNode s;
      s.title = trim(segs[i].text);
      s.url = segs[i].url;
      s.type = type_of_url(s.url).value_or("website");
      s.provenance = provenance(at);
      size_t m =
          names_person(s.title, s.url) ? person_node(s.title, s.url, at) : add_node(std::move(s));
      add_edge(n, m, "mentions", at);
    }
    if (parent) add_edge(n, *parent, "related", at);
    link_theme(n, at);
    return n;
  }

  // People this text names by their full name, when the file has met them: "mentions".
  void mention_known_people(size_t n, const std::string& text, int at) {
    for (const auto& [key, p] : person_index_)
      if (p != n && plan_.nodes[p].title.find(' ') != std::string::npos &&
          text.find(plan_.nodes[p].title) != std::string::npos && !has_edge_between(p, n))
        add_edge(n, p, "mentions", at);
  }

  // "Title (2011)" without the year, which the caller has already read.
  static std::string without_year(const std::string& s) {
    static const std::regex year(R"(\s*\((?:1[89]|20)\d\d\)\s*)");
    return trim(std::regex_replace(s, year, " "));
  }

  std::string item_type(const std::string& url, const std::string& text) const {
    std::optional<std::string> heading = context_type();
    std::optional<std::string> by_url = url.empty() ? std::nullopt : type_of_url(url);
    std::optional<std::string> by_text = type_of_text(text);
    // A specific heading wins; a generic one ("Readings") yields to what the URL says.
    if (heading && *heading != "paper") return *heading;
    if (by_url && *by_url != "website" && *by_url != "tool" && *by_url != "article") return *by_url;
    if (heading) return *heading;
    if (by_text) return *by_text;
    if (by_url) return *by_url;
    return "article";
  }

  static std::string creator_edge(const std::string& type) {
    return type == "talk" || type == "podcast" || type == "video" ? "presented" : "authored";
  }

  std::optional<std::string> context_type() const {
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it)
      if (it->kind == HeadingKind::type) return it->type;
    return std::nullopt;
  }

  std::optional<size_t> context_person() {
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it)
      if (it->kind == HeadingKind::person) return person_node(it->text, "", 0);
    return std::nullopt;
  }

  // The theme an item is about: the nearest theme heading; the title (H1) only when the file
  // has no themes below it (a topic page such as "Nature of complex systems").
  void link_theme(size_t n, int at) {
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      if (it->kind == HeadingKind::person) return;
      if (it->kind != HeadingKind::theme || title_key(it->text).empty()) continue;
      if (it->text.find("trail") != std::string::npos ||
          it->text.find("Trail") != std::string::npos)
        return;
      if (it->level == 1 && has_lower_themes_) return;
      bool question = !it->text.empty() && it->text.back() == '?';
      DraftNode t;
      t.type = question ? "question" : "concept";
      t.title = it->text;
      t.provenance = provenance(at);
      size_t theme = add_node(std::move(t));
      const std::string& type = plan_.nodes[n].type;
      std::string edge = type == "person" || type == "concept" ? "related"
                         : question                            ? "answers"
                                                               : "about";
      if (theme != n) add_edge(n, theme, edge, at);
      return;
    }
  }

  // The one person met so far whose full name ends with this surname, if exactly one.
  std::optional<size_t> only_full_name_for(const std::string& surname_key) const {
    std::optional<size_t> match;
    int matches = 0;
    for (const auto& [k, idx] : person_index_)
      if (k.size() > surname_key.size() && k.ends_with(" " + surname_key)) {
        match = idx;
        ++matches;
      }
    return matches == 1 ? match : std::nullopt;
  }

  size_t person_node(std::string name, const std::string& url, int at) {
    name = trim(name);
    std::string key = person_key(name);
    if (auto it = person_index_.find(key); it != person_index_.end()) {
      if (plan_.nodes[it->second].url.empty() && !url.empty()) plan_.nodes[it->second].url = url;
      return it->second;
    }
    // "Woods" is "David Woods" when the file names exactly one such person.
    if (name.find(' ') == std::string::npos)
      if (auto match = only_full_name_for(key)) return *match;
    DraftNode p;
    p.type = "person";
    p.title = name;
    p.url = url;
    p.provenance = provenance(at);
    size_t idx = add_node(std::move(p));
    person_index_[key] = idx;
    return idx;
  }

  // `weak`: the title is a prose link's text, to be replaced by a list entry's title for the
  // same resource.
  size_t add_node(DraftNode d, bool weak = false) {
    std::string tkey = d.type + "\n" + title_key(d.title);
    std::string ukey;
    if (!d.url.empty())
      if (auto k = url_key(d.url))
        ukey = *k;
      else
        d.url.clear();  // a malformed URL is dropped, the item kept
    if (!ukey.empty())
      if (auto it = by_url_.find(ukey); it != by_url_.end()) return merge_into(it->second, d, weak);
    if (auto it = by_title_.find(tkey); it != by_title_.end()) {
      DraftNode& existing = plan_.nodes[it->second];
      // Same title, different dates: two talks of one name, told apart by their event or year.
      if (!existing.date.empty() && !d.date.empty() && existing.date != d.date) {
        auto ev = d.attrs.if_contains("event");
        d.title += " (" +
                   (ev && ev->is_string() ? std::string(ev->as_string()) : d.date.substr(0, 4)) +
                   ")";
        tkey = d.type + "\n" + title_key(d.title);
      } else {
        return merge_into(it->second, d, weak);
      }
    }
    plan_.nodes.push_back(std::move(d));
    size_t idx = plan_.nodes.size() - 1;
    if (weak) weak_titles_.insert(idx);
    by_title_[tkey] = idx;
    if (!ukey.empty()) by_url_[ukey] = idx;
    return idx;
  }

  size_t merge_into(size_t idx, const DraftNode& d, bool weak) {
    DraftNode& n = plan_.nodes[idx];
    if (!weak && weak_titles_.count(idx) && n.type == d.type) {
      by_title_.erase(n.type + "\n" + title_key(n.title));
      n.title = d.title;
      by_title_[n.type + "\n" + title_key(n.title)] = idx;
      weak_titles_.erase(idx);
    }
    if (n.url.empty()) n.url = d.url;
    if (n.date.empty()) n.date = d.date;
    if (!n.year) n.year = d.year;
    if (n.summary.empty()) n.summary = d.summary;
    for (const auto& l : d.links)
      if (std::find(n.links.begin(), n.links.end(), l) == n.links.end()) n.links.push_back(l);
    return idx;
  }

  bool has_edge_between(size_t a, size_t b) const {
    return edges_.count({a, b}) || edges_.count({b, a});
  }

  void add_edge(size_t from, size_t to, const std::string& type, int at) {
    if (from == to) return;
    if (!edge_keys_.insert(std::to_string(from) + ">" + std::to_string(to) + ">" + type).second)
      return;
    edges_.insert({from, to});
    plan_.edges.push_back({from, to, type, provenance(at)});
  }

  // "Reading trail: an introduction" names itself; "Talks: the Allspaw trail" names the trail
  // after its colon; otherwise the title and the list's heading.
  std::string trail_title() const {
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      const std::string& h = it->text;
      auto colon = h.find(": ");
      std::string head = h.substr(0, colon),
                  tail = colon == std::string::npos ? "" : h.substr(colon + 2);
      auto has_trail = [](const std::string& s) {
        return s.find("trail") != std::string::npos || s.find("Trail") != std::string::npos;
      };
      if (has_trail(head)) return h;
      if (has_trail(tail)) {
        tail[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(tail[0])));
        return tail;
      }
    }
    if (stack_.size() >= 2) return stack_.front().text + " — " + stack_.back().text;
    return stack_.empty() ? "Imported list" : stack_.back().text;
  }

  std::string heading_path(const char* sep = " > ") const {
    std::string path;
    for (const auto& h : stack_) path += (path.empty() ? "" : sep) + h.text;
    return path;
  }

  boost::json::object provenance(int at) const {
    return {
        {"source", src_.source}, {"file", src_.file}, {"heading", heading_path()}, {"line", at}};
  }

  static int line(cmark_node* n) { return cmark_node_get_start_line(n); }

  const MarkdownSource& src_;
  ImportPlan plan_;
  std::vector<Heading> stack_;
  bool has_lower_themes_ = false;
  std::map<std::string, size_t> person_index_, by_title_, by_url_;
  std::set<std::string> edge_keys_;
  std::set<std::pair<size_t, size_t>> edges_;
  std::set<size_t> weak_titles_;
  std::map<cmark_node*, size_t> item_nodes_;
  int list_depth_ = 0;
  std::set<cmark_node*> holds_type_sections_;
};

struct ParserDeleter {
  void operator()(cmark_parser* p) const { cmark_parser_free(p); }
};
struct NodeDeleter {
  void operator()(cmark_node* n) const { cmark_node_free(n); }
};

}  // namespace

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
  cmark_gfm_core_extensions_ensure_registered();
  std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(CMARK_OPT_DEFAULT));
  for (const char* ext : {"autolink", "table", "strikethrough"})
    if (auto* e = cmark_find_syntax_extension(ext))
      cmark_parser_attach_syntax_extension(parser.get(), e);
  cmark_parser_feed(parser.get(), markdown.data(), markdown.size());
  std::unique_ptr<cmark_node, NodeDeleter> root(cmark_parser_finish(parser.get()));
  Walker walker(source);
  ImportPlan plan = walker.run(root.get());
  plan.skipped.insert(plan.skipped.begin(), invalid_lines.begin(), invalid_lines.end());
  return plan;
}

}  // namespace resgraph::importers
