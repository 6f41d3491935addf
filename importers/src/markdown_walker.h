// Reads a file's section tree (section_tree.h) into a draft graph. The walker keeps the
// context a reader keeps in mind — the headings above, the person or organization a section is
// about, the shape of list it is — and hands each entry to the reader of that shape. Methods
// are spread over markdown_walker.cpp (sections and context), entry_reader.cpp (a list entry
// or a prose link) and shape_readers.cpp (the shapes with entries of their own form).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "classification_rules.h"
#include "draft_graph.h"
#include "inline_text.h"
#include "section_tree.h"

namespace resgraph::importers {

enum class HeadingKind { theme, type, person, organization, skip };

struct Heading {
  int level = 0;
  std::string text;
  HeadingKind kind = HeadingKind::theme;
  std::string type;  // for HeadingKind::type
  Shape shape = Shape::reading;
  std::optional<size_t> node;  // the person or organization node of such a heading
};

class Walker {
 public:
  explicit Walker(const MarkdownSource& src) : src_(src) {}
  ImportPlan run(cmark_node* document);

 private:
  // markdown_walker.cpp: sections, headings and what they say about their entries.
  void section(const Section& s, const Section* parent);
  Heading classify(const Section& s, const Section* parent);
  bool holds_type_sections(const Section& s) const;
  Shape shape_of(const Section& s, const Heading& h) const;
  bool theme_despite_type_word(const Section& s, const std::string& type) const;
  void block(cmark_node* node);
  void list(cmark_node* node, std::optional<size_t> parent);
  std::optional<size_t> list_item(cmark_node* item, std::optional<size_t> parent);
  void paragraph(cmark_node* para);
  void offer_trail(cmark_node* list, const std::vector<size_t>& dated);
  bool skipping() const;
  std::optional<std::string> context_type() const;
  std::optional<size_t> context_owner(HeadingKind kind) const;
  Shape context_shape() const;
  void link_theme(size_t n, int at);
  std::string trail_title() const;
  std::string heading_path() const;
  boost::json::object provenance(int at) const;
  void count(bool understood);

  // entry_reader.cpp: one entry of a list, one link in prose.
  std::optional<size_t> entry(const std::vector<Segment>& segs, int at,
                              std::optional<size_t> parent);
  std::optional<size_t> linked_entry(const std::vector<Segment>& segs, size_t main, int at,
                                     std::optional<size_t> parent);
  std::optional<size_t> plain_entry(const std::vector<Segment>& segs, int at);
  void prose_link(const std::vector<Segment>& segs, size_t i, int at);
  void link_people(size_t n, const std::string& outside_title, const std::string& title,
                   const std::string& before, const std::vector<std::string>& with, int at);
  size_t secondary_node(const Segment& s, int at);
  void link_event(size_t n, const std::string& event, const std::string& type, int at);
  std::string item_type(const std::string& url, const std::string& title,
                        const std::string& outside, bool credited) const;
  bool names_person(const std::string& title, const std::string& url) const;
  bool is_annotation(const std::string& label) const;
  size_t person(const std::string& name, const std::string& url, int at, const char* why);

  // shape_readers.cpp: entries whose form belongs to their shape.
  std::optional<size_t> incident_entry(const std::vector<Segment>& segs, size_t main, int at);
  void glossary_people(size_t concept_node, const std::string& term, const std::string& definition,
                       int at);
  std::optional<size_t> citation_entry(const std::vector<Segment>& segs, int at);

  const MarkdownSource& src_;
  DraftGraph g_;
  std::vector<Heading> stack_;
  bool has_lower_themes_ = false;
  std::set<std::string> legend_;              // link markers the file's legend explains
  std::set<cmark_node*> legend_blocks_;       // the legend itself: no resources
  std::map<cmark_node*, size_t> item_nodes_;  // list items and the node each became
  int list_depth_ = 0;
};

}  // namespace resgraph::importers
