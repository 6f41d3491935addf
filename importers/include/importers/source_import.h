// Lists straight from where they live: `resgraph import https://github.com/OWNER/REPO` (or a
// blob, raw or any https URL of a Markdown file) fetches the file over HTTPS, follows its
// relative links to the repository's other Markdown files, imports each with its URL and ETag
// in provenance, and records the source so `sync` can ask for what changed since.
#pragma once

#include <string>
#include <vector>

#include "graph/source.h"
#include "graph/status.h"
#include "graph/store.h"
#include "importers/markdown_importer.h"

namespace resgraph::importers {

struct SourceOptions {
  bool dry_run = false;
  bool explain = false;
  size_t max_files = 50;  // a list and the files it links to, at most
  // Where github.com repositories are read from: raw.githubusercontent.com, or a mirror (the
  // environment's RESGRAPH_GITHUB_RAW_BASE; tests point it at a server on 127.0.0.1).
  std::string github_raw_base;
};

struct FileReport {
  std::string path, url;
  bool unchanged = false;  // 304: the server's copy is the one imported last time
  ImportSummary summary;
};

struct SourceReport {
  Source source;
  std::vector<FileReport> files;
  std::vector<std::string> failures;  // "path: why" for a linked file that could not be read
};

// The first fetch of a source, or a fresh one: every file is fetched and imported.
Result<SourceReport> import_source(Store& store, const std::string& url, const WriteMeta& meta,
                                   const SourceOptions& options);
// Each file of a recorded source fetched again with If-None-Match; only what changed upstream
// is imported. Nothing is removed, and a hand edit is never overwritten: an upstream change
// that disagrees with one is reported as a conflict.
Result<SourceReport> sync_source(Store& store, const std::string& id_or_url, const WriteMeta& meta,
                                 const SourceOptions& options);

// What a GitHub URL means as a file to fetch: a repository -> its README.md on the default
// branch, a blob -> its raw file, a tree -> the folder's README.md; other URLs unchanged.
std::string raw_url_of(const std::string& url, const std::string& github_raw_base);
// {"url": "https://..."} as the body of POST /api/import: the URL, or empty.
std::string url_import_request(std::string_view body);

boost::json::object to_json(const SourceReport& report);

}  // namespace resgraph::importers
