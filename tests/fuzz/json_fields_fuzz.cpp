// libFuzzer target: request bodies. Parsing node and edge fields and generic JSON must refuse
// bad input with a Status, never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "importers/json_fields.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)resgraph::importers::parse_node_fields(text, true);
  (void)resgraph::importers::parse_node_fields(text, false);
  (void)resgraph::importers::parse_edge_fields(text);
  (void)resgraph::importers::parse_json(text);
  return 0;
}
