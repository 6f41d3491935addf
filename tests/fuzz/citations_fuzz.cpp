// libFuzzer target: any bytes as a BibTeX, CSL-JSON or RIS file must plan without crashing
// (btparse among them: our scan bounds what reaches it), and the plan must hold together.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "importers/citations.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using resgraph::importers::CitationFormat;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (auto format : {CitationFormat::bibtex, CitationFormat::csl_json, CitationFormat::ris}) {
    auto plan = resgraph::importers::plan_citations(text, format, {"fuzz", "fuzz.bib"});
    if (!plan) continue;
    for (const auto& n : plan->nodes)
      if (n.type.empty() || n.title.empty()) __builtin_trap();
    for (const auto& e : plan->edges)
      if (e.from >= plan->nodes.size() || e.to >= plan->nodes.size()) __builtin_trap();
  }
  return 0;
}
