#include "importers/upload.h"

#include "importers/dataset.h"
#include "importers/markdown_importer.h"
#include "importers/source_import.h"

namespace resgraph::importers {

std::string upload_kind(const Upload& up) {
  if (up.format == "markdown") return "markdown";
  if (up.format != "json") return "";
  return url_import_request(up.body).empty() ? "dataset" : "source";
}

Result<UploadResult> import_upload(Store& store, const Upload& up, const WriteMeta& meta) {
  const std::string kind = upload_kind(up);
  if (kind == "source") {
    auto report = import_source(store, url_import_request(up.body), meta, {up.dry_run, up.explain});
    if (!report) return report.status();
    return UploadResult{"source", to_json(*report)};
  }
  if (kind == "dataset") {
    // A dataset's import has no dry run: refusing beats writing what was asked to be shown.
    if (up.dry_run)
      return invalid("a dry run reads Markdown lists and URLs; a JSON dataset has no dry run");
    auto report = import_dataset(store, up.body, meta);
    if (!report) return report.status();
    return UploadResult{"dataset", to_json(*report)};
  }
  if (kind != "markdown") return invalid("format must be markdown or json");
  auto summary =
      import_markdown(store, up.body, {up.source, up.file}, meta, up.dry_run, up.explain);
  if (!summary) return summary.status();
  return UploadResult{"markdown", to_json(*summary)};
}

}  // namespace resgraph::importers
