// The first stage of reading a Markdown list: its blocks grouped into a tree of sections that
// knows which heading belongs to which. Headings nest by level, as a reader sees them, with two
// corrections a reader makes without thinking:
//  - generic sub-sections ("Concepts", "Selected publications", "Talks") written at the same
//    level as the person or organization heading before them belong to that heading;
//  - `<details><summary>Org</summary> … </details>` HTML blocks open a section named by their
//    summary, holding every heading and list up to the closing tag.
#pragma once

#include <cmark-gfm.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace resgraph::importers {

struct Section {
  std::string title;                // the heading's plain text; empty for the file's top
  int level = 0;                    // nesting depth as read (0 for the top)
  int line = 0;                     // where the heading (or the <summary>) starts
  bool details = false;             // opened by a <details><summary> block
  bool owned = false;               // a generic sub-section moved under the heading before it
  int written = 0;                  // the heading's own level as written (0 for <details>)
  Section* owner = nullptr;         // for an owned sub-section: the heading it belongs to
  std::vector<cmark_node*> blocks;  // the section's own paragraphs and lists, in order
  std::vector<std::unique_ptr<Section>> children;
};

// `owns_generic`: whether a heading names someone or something (a person, an organization)
// whose generic sub-sections written at its own level belong to it.
std::unique_ptr<Section> section_tree(cmark_node* document,
                                      const std::function<bool(const std::string&)>& owns_generic);

}  // namespace resgraph::importers
