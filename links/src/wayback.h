// The Wayback Machine's availability API: the closest archived copy of a URL.
#pragma once

#include <optional>
#include <string>

#include "graph/status.h"

namespace resgraph::links {

// GET {base}/wayback/available?url=URL; the snapshot's URL when one is available.
Result<std::optional<std::string>> archived_copy(const std::string& base, const std::string& url,
                                                 long timeout_ms);

}  // namespace resgraph::links
