#include "importers/export.h"

#include "graph/url_key.h"
#include "importers/dataset.h"
#include "importers/markdown_export.h"

namespace resgraph::importers {

Result<Exported> export_graph(const Store& store, const ExportRequest& r) {
  if (!r.source.empty()) {
    auto md = r.diff ? diff_source_markdown(store, r.source, r.file, r.archived_links)
                     : export_source_markdown(store, r.source, r.file, r.archived_links);
    if (!md) return md.status();
    return Exported{r.diff ? "text/x-diff; charset=utf-8" : "text/markdown; charset=utf-8",
                    std::move(*md)};
  }
  if (r.diff || !r.file.empty()) return invalid("file and diff go with a source");
  if (r.archived_links && r.format != "markdown")
    return invalid("archived_links goes with a Markdown export: format markdown, or a source");
  if (auto citations = citation_format(r.format)) {
    CitationSelection cite = r.cite;
    cite.type = r.type;
    auto text = export_citations(store, *citations, cite);
    if (!text) return text.status();
    const auto& c = r.cite;
    const std::string name = !c.trail.empty()    ? c.trail
                             : !c.node.empty()   ? c.node
                             : !c.person.empty() ? c.person
                                                 : "resgraph";
    return Exported{content_type_of(*citations), std::move(*text),
                    slugify(name) + file_extension_of(*citations)};
  }
  const auto& c = r.cite;
  if (!c.trail.empty() || !c.node.empty() || !c.person.empty() || c.ids)
    return invalid(
        "trail, node, person and q choose works to cite: format bibtex, csl-json or ris");
  if (!r.type.empty() && !is_node_type(r.type))
    return invalid("unknown node type '" + r.type + "'");
  if (r.format == "markdown") {
    auto md = export_markdown(store, r.type, r.archived_links);
    if (!md) return md.status();
    return Exported{"text/markdown; charset=utf-8", std::move(*md)};
  }
  if (r.format != "json") return invalid("format must be json, markdown, bibtex, csl-json or ris");
  if (!r.type.empty()) return invalid("the JSON export is always the whole graph; drop type");
  auto dataset = export_dataset(store, r.revisions);
  if (!dataset) return dataset.status();
  return Exported{"application/json", std::move(*dataset)};
}

}  // namespace resgraph::importers
