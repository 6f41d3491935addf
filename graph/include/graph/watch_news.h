// What changed in a watched node or trail since its watcher last saw it: the revisions others
// made after it, and the comments written since.
#pragma once

#include <string>
#include <vector>

#include "graph/store.h"

namespace resgraph {

struct WatchNews {
  Watch watch;
  std::string title, slug;
  bool gone = false;              // deleted since it was watched
  std::vector<Revision> changes;  // newest first, at most the limit asked for
  size_t new_comments = 0;
};

Result<WatchNews> watch_news(const Store& store, const Watch& watch, size_t limit);

}  // namespace resgraph
