// A unified diff (diff -u) of two texts, line by line: what `export --source S --diff` prints
// for a list's maintainers.
#pragma once

#include <string>

namespace resgraph::importers {

// Empty when the texts are equal. Three lines of context around each change.
std::string unified_diff(const std::string& before, const std::string& after,
                         const std::string& before_name, const std::string& after_name);

}  // namespace resgraph::importers
