#include "annotation_legend.h"

#include <array>
#include <string_view>

#include "graph/url_key.h"
#include "inline_text.h"
#include "text_rules.h"

namespace resgraph::importers {
namespace {

// Words that, right after a link, say the link is a marker being explained.
constexpr std::array<std::string_view, 9> kExplaining = {"indicates",  "indicate",  "means",
                                                         "denotes",    "marks",     "signals",
                                                         "stands for", "points to", "is a review"};

// "[TWRR](…) link indicates …", "[XX](…) indicates …", "[pdf](…) means …".
bool explains_marker(const std::string& after) {
  std::string a = trim(after);
  for (const char* lead : {"link ", "links ", "marker ", "icon "})
    if (a.starts_with(lead)) a = a.substr(std::string(lead).size());
  for (auto word : kExplaining)
    if (a.starts_with(word)) return true;
  return false;
}

}  // namespace

Legend find_legend(cmark_node* document) {
  Legend legend;
  cmark_iter* it = cmark_iter_new(document);
  for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
    cmark_node* n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH) continue;
    auto segs = flatten(n);
    bool explains = false;
    for (size_t i = 0; i + 1 < segs.size(); ++i) {
      if (segs[i].url.empty() || !segs[i + 1].url.empty()) continue;
      std::string label = trim(segs[i].text);
      if (label.empty() || label.size() > 24 || !explains_marker(segs[i + 1].text)) continue;
      if (auto key = title_key(label); !key.empty()) legend.markers.insert(key);
      explains = true;
    }
    if (explains) legend.blocks.insert(n);
  }
  cmark_iter_free(it);
  return legend;
}

}  // namespace resgraph::importers
