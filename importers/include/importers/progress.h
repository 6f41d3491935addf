// How far a long import has come, for whoever shows it (the CLI draws a line on a terminal):
// called after each entry with the entries done and their total. Empty when nobody watches.
#pragma once

#include <cstddef>
#include <functional>

namespace resgraph::importers {

using Progress = std::function<void(size_t done, size_t total)>;

}  // namespace resgraph::importers
