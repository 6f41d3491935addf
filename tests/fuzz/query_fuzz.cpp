// libFuzzer target: search queries. Any text as `q` (and as a suggestion prefix) against a real
// index answers results or an invalid-query Status, never a crash.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "graph/store.h"
#include "search/search_index.h"

namespace {

struct Fixture {
  std::unique_ptr<resgraph::Store> store;
  std::unique_ptr<resgraph::search::SearchIndex> index;
  Fixture() {
    auto dir =
        std::filesystem::temp_directory_path() / ("resgraph-fuzz-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    store = std::move(*resgraph::Store::open({(dir / "store").string(), false}));
    for (const char* t :
         {"How Complex Systems Fail", "Ironies of Automation", "Resilience Engineering"}) {
      resgraph::NodeFields f;
      f.type = "paper";
      f.title = t;
      f.year = 1998;
      f.tags = std::vector<std::string>{"safety"};
      (void)store->create_node(f, {"fuzz", ""});
    }
    index = std::move(*resgraph::search::SearchIndex::open((dir / "index").string(), *store));
    index->wait_until_indexed(store->last_seq(), std::chrono::seconds(10));
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture fixture;
  std::string q(reinterpret_cast<const char*>(data), size);
  resgraph::search::SearchRequest r;
  r.q = q;
  (void)fixture.index->search(r);
  r.sort = "year";
  r.type = "paper";
  (void)fixture.index->search(r);
  (void)fixture.index->suggest(q, 5);
  return 0;
}
