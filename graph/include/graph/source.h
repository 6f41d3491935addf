// A source: where an imported list came from (a repository or a Markdown file's URL), with each
// file fetched from it and the validator (ETag) of the copy imported, so a sync can ask the
// server for changes only. Sources are recorded through the change log like every other write.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "graph/node.h"
#include "graph/status.h"

namespace resgraph {

struct SourceFile {
  std::string path;  // the file's path in its repository, or the URL's path
  std::string url;   // what was fetched
  std::string etag;  // as the server sent it; empty when it sent none
  int64_t fetched_ms = 0;
};

struct Source {
  std::string id;    // "src-" and the slug of the URL: stable, readable
  std::string url;   // as the user gave it
  std::string name;  // the provenance "source" its nodes carry
  std::vector<SourceFile> files;
  int64_t rev = 0;
  Stamp updated;
};

boost::json::object to_json(const Source& s);
Result<Source> source_from_json(const boost::json::value& v);

}  // namespace resgraph
