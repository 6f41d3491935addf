// Import benchmark (issues 4 and 8): the community corpus imported into a fresh store and then
// again (idempotent: nothing to write), and the hostile Markdown shapes of issue 8 at their size
// and at twice it, so the growth is visible: doubling the input should about double the time.
// Usage: import_bench CORPUS_DIR. Prints Markdown tables.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "graph/store.h"
#include "importers/markdown_importer.h"

using namespace resgraph;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Median of 3 full imports (parse, plan, write) into a fresh store, in milliseconds.
double import_ms(const fs::path& root, const std::string& md, std::string& outcome) {
  std::vector<double> runs;
  for (int i = 0; i < 3; ++i) {
    fs::remove_all(root);
    auto store = std::move(*Store::open({(root / "store").string()}));
    auto t = Clock::now();
    auto r =
        importers::import_markdown(*store, md, {"hostile", "hostile.md"}, {"bench", ""}, false);
    runs.push_back(seconds_since(t) * 1000);
    outcome = r.is_ok() ? std::to_string(r->created) + " nodes, " + std::to_string(r->skipped) +
                              " skipped"
                        : "refused: " + r.status().message();
  }
  return median(runs);
}

}  // namespace

int main(int argc, char** argv) {
  fs::path corpus = argc > 1 ? argv[1] : "../shared/corpus";
  fs::path root = fs::temp_directory_path() / ("resgraph-import-" + std::to_string(getpid()));

  std::vector<fs::path> files;
  if (fs::exists(corpus))
    for (const auto& e : fs::recursive_directory_iterator(corpus))
      if (e.path().extension() == ".md" && e.path().filename() != "README.md")
        files.push_back(e.path());
  std::sort(files.begin(), files.end());
  if (!files.empty()) {
    fs::remove_all(root);
    auto store = std::move(*Store::open({(root / "store").string()}));
    size_t bytes = 0, created = 0, unchanged = 0;
    double first = 0, again = 0;
    for (int pass = 0; pass < 2; ++pass) {
      auto t = Clock::now();
      for (const auto& f : files) {
        std::string md = read_file(f);
        if (pass == 0) bytes += md.size();
        auto r = importers::import_markdown(*store, md, {"corpus", f.filename().string()},
                                            {"bench", ""}, false);
        if (!r) continue;
        (pass == 0 ? created : unchanged) += pass == 0 ? r->created : r->unchanged;
      }
      (pass == 0 ? first : again) = seconds_since(t) * 1000;
    }
    std::printf("### Import: the community corpus (%zu files, %zu KiB)\n\n", files.size(),
                bytes / 1024);
    std::printf("| run | time ms | nodes |\n| --- | --- | --- |\n");
    std::printf(
        "| first import, fresh store (each change its own write, one fsync per file) | %.0f | %zu "
        "created |\n",
        first, created);
    std::printf("| the same files again (idempotent) | %.0f | %zu unchanged |\n\n", again,
                unchanged);
  }

  // Each list on its own (issue 14): what the readers made of it, and how long it took.
  if (!files.empty()) {
    std::printf("### Import: each list of the corpus (median of 3 imports into a fresh store)\n\n");
    std::printf("| file | shapes | entries | understood | skipped | nodes | edges | ms |\n");
    std::printf("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (const auto& f : files) {
      std::string md = read_file(f);
      auto plan = importers::plan_markdown(md, {"corpus", f.filename().string()});
      size_t seen = 0, understood = 0, skipped = 0;
      std::string shapes;
      for (const auto& [name, c] : plan.shapes) {
        seen += c.seen;
        understood += c.understood;
        skipped += c.skipped;
        shapes += (shapes.empty() ? "" : ", ") + name;
      }
      std::vector<double> runs;
      for (int i = 0; i < 3; ++i) {
        fs::remove_all(root);
        auto store = std::move(*Store::open({(root / "store").string()}));
        auto t = Clock::now();
        (void)importers::import_markdown(*store, md, {"corpus", f.filename().string()},
                                         {"bench", ""}, false);
        runs.push_back(seconds_since(t) * 1000);
      }
      std::printf("| %s | %s | %zu | %zu | %zu | %zu | %zu | %.1f |\n",
                  fs::relative(f, corpus).string().c_str(), shapes.c_str(), seen, understood,
                  skipped, plan.nodes.size(), plan.edges.size(), median(runs));
    }
    std::printf("\n");
  }

  // The shapes issue 8 names, at 1x and 2x.
  std::vector<std::pair<std::string, std::function<std::string(size_t)>>> shapes = {
      {"list nested 10,000 deep",
       [](size_t k) {
         std::string s;
         for (size_t i = 0; i < 10000 * k; ++i) s += "- ";
         return s + "[deep](https://example.org/deep)\n";
       }},
      {"`* ` repeated 50,000 times",
       [](size_t k) {
         std::string s;
         for (size_t i = 0; i < 50000 * k; ++i) s += "* ";
         return s;
       }},
      {"65,000 unclosed `[`", [](size_t k) { return std::string(65000 * k, '['); }},
      {"one 1 MB line",
       [](size_t k) {
         return "- [A very long line](https://example.org/long) " +
                std::string((1 << 20) * k, 'w') + "\n";
       }},
  };
  std::printf("### Import: hostile Markdown (median of 3 full imports into a fresh store)\n\n");
  std::printf("| input | outcome | 1x ms | 2x ms | 2x / 1x |\n| --- | --- | --- | --- | --- |\n");
  for (const auto& [name, make] : shapes) {
    std::string outcome, ignored;
    double one = import_ms(root, make(1), outcome);
    double two = import_ms(root, make(2), ignored);
    std::printf("| %s | %s | %.1f | %.1f | %.2f |\n", name.c_str(), outcome.c_str(), one, two,
                two / one);
  }
  std::printf("\n");
  fs::remove_all(root);
  return 0;
}
