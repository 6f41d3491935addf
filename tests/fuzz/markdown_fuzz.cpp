// libFuzzer target: any bytes as a Markdown list must plan without crashing, and every node the
// plan holds must have a type and a title.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "importers/markdown_importer.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto plan = resgraph::importers::plan_markdown(text, {"fuzz", "fuzz.md"});
  for (const auto& n : plan.nodes)
    if (n.type.empty() || n.title.empty()) __builtin_trap();
  for (const auto& e : plan.edges)
    if (e.from >= plan.nodes.size() || e.to >= plan.nodes.size()) __builtin_trap();
  return 0;
}
