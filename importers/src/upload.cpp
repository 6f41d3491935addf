#include "importers/upload.h"

#include "importers/citations.h"
#include "importers/dataset.h"
#include "importers/markdown_importer.h"
#include "importers/source_import.h"

namespace resgraph::importers {

std::string upload_kind(const Upload& up) {
  if (up.format == "markdown") return "markdown";
  if (citation_format(up.format)) return "citations";
  if (up.format != "json") return "";
  // A dataset is an object; an array is CSL-JSON, as Zotero exports it.
  const auto first = up.body.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && up.body[first] == '[') return "citations";
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
    auto report = import_dataset(store, up.body, meta, up.progress);
    if (!report) return report.status();
    return UploadResult{"dataset", to_json(*report)};
  }
  if (kind == "citations") {
    auto plan =
        plan_citations(up.body, citation_format(up.format).value_or(CitationFormat::csl_json),
                       {up.source, up.file});
    if (!plan) return plan.status();
    auto summary = apply_plan(store, *plan, meta, up.dry_run, up.progress);
    if (!summary) return summary.status();
    if (up.explain) summary->explanation = explain(*plan);
    return UploadResult{"markdown", to_json(*summary)};
  }
  if (kind != "markdown") return invalid("format must be markdown, json, bibtex, csl-json or ris");
  auto summary = import_markdown(store, up.body, {up.source, up.file}, meta, up.dry_run, up.explain,
                                 up.progress);
  if (!summary) return summary.status();
  return UploadResult{"markdown", to_json(*summary)};
}

}  // namespace resgraph::importers
