#include "importers/export.h"

#include "importers/dataset.h"
#include "importers/markdown_export.h"

namespace resgraph::importers {

Result<Exported> export_graph(const Store& store, const ExportRequest& r) {
  if (!r.source.empty()) {
    auto md = r.diff ? diff_source_markdown(store, r.source, r.file)
                     : export_source_markdown(store, r.source, r.file);
    if (!md) return md.status();
    return Exported{r.diff ? "text/x-diff; charset=utf-8" : "text/markdown; charset=utf-8",
                    std::move(*md)};
  }
  if (r.diff || !r.file.empty()) return invalid("file and diff go with a source");
  if (!r.type.empty() && !is_node_type(r.type))
    return invalid("unknown node type '" + r.type + "'");
  if (r.format == "markdown") {
    auto md = export_markdown(store, r.type);
    if (!md) return md.status();
    return Exported{"text/markdown; charset=utf-8", std::move(*md)};
  }
  if (r.format != "json") return invalid("format must be json or markdown");
  if (!r.type.empty()) return invalid("the JSON export is always the whole graph; drop type");
  auto dataset = export_dataset(store, r.revisions);
  if (!dataset) return dataset.status();
  return Exported{"application/json", std::move(*dataset)};
}

}  // namespace resgraph::importers
