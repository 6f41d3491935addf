// Export benchmark (issue 16): the whole 100,000-node graph that search_bench leaves (BENCH_KEEP)
// cited as BibTeX, CSL-JSON and RIS, beside the JSON dataset export of the same store in the
// same run. Median of 3 each. Prints Markdown.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "graph/store.h"
#include "importers/citations.h"
#include "importers/dataset.h"

using namespace resgraph;
using Clock = std::chrono::steady_clock;

namespace {

struct Timed {
  double seconds = 0;
  size_t bytes = 0;
  bool ok = false;
};

Timed median_of_3(const std::function<Result<std::string>()>& export_once) {
  std::vector<Timed> runs;
  for (int i = 0; i < 3; ++i) {
    const auto t0 = Clock::now();
    auto text = export_once();
    runs.push_back({std::chrono::duration<double>(Clock::now() - t0).count(),
                    text ? text->size() : 0, text.is_ok()});
  }
  std::sort(runs.begin(), runs.end(),
            [](const Timed& a, const Timed& b) { return a.seconds < b.seconds; });
  return runs[1];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: export_bench STORE_DIR\n");
    return 2;
  }
  auto store = Store::open({argv[1]});
  if (!store) {
    std::fprintf(stderr, "export_bench: %s\n", store.status().message().c_str());
    return 1;
  }
  const Store& s = **store;
  std::printf("### Export: the whole graph (%s nodes), median of 3\n\n",
              argc > 2 ? argv[2] : "100000");
  std::printf("| export | time | size | MB/s |\n| --- | --- | --- | --- |\n");
  using importers::CitationFormat;
  const std::vector<std::pair<const char*, std::function<Result<std::string>()>>> exports = {
      {"BibTeX", [&] { return importers::export_citations(s, CitationFormat::bibtex, {}); }},
      {"CSL-JSON", [&] { return importers::export_citations(s, CitationFormat::csl_json, {}); }},
      {"RIS", [&] { return importers::export_citations(s, CitationFormat::ris, {}); }},
      {"JSON dataset (baseline)", [&] { return importers::export_dataset(s, false); }},
  };
  for (const auto& [name, fn] : exports) {
    Timed t = median_of_3(fn);
    if (!t.ok) {
      std::printf("| %s | failed | | |\n", name);
      continue;
    }
    std::printf("| %s | %.0f ms | %.1f MB | %.0f |\n", name, t.seconds * 1000, t.bytes / 1e6,
                t.bytes / 1e6 / t.seconds);
  }
  std::printf("\n");
  return 0;
}
