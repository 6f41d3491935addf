// libFuzzer target: raw HTTP requests (request line, headers, query strings, bodies) parsed by
// Beast and sent through the real router and handlers into a real store in a temp dir, as the
// HTTP session does, without a socket. Every 50 inputs the search index must have caught up
// with everything written, the store must pass its check, and the store and index must reopen:
// no input may crash the server, poison the change log, or keep it from restarting.
//
// Inputs name the test users' tokens as @CONTRIBUTOR@ and @MODERATOR@, so the write routes
// are reached with a real role.
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "graph/store.h"
#include "live_hub.h"
#include "metrics.h"
#include "rate_limits.h"
#include "router.h"
#include "search/search_index.h"
#include "services.h"
#include "wire_request.h"

namespace {
using namespace resgraph;
using namespace resgraph::server;

struct World {
  World() {
    dir =
        std::filesystem::temp_directory_path() / ("resgraph-http-fuzz-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir);
    options.admin_token = "fuzz-admin-token";
    open();
    contributor = *store->add_user("carl", Role::contributor);
    moderator = *store->add_user("mona", Role::moderator);
  }
  ~World() {
    close();
    std::filesystem::remove_all(dir);
  }
  void open() {
    // Unsynced: the fuzzer asks what the server does with an input, not whether fsync works.
    store = std::move(*Store::open({(dir / "store").string(), false}));
    auto idx = search::SearchIndex::open((dir / "index").string(), *store);
    if (!idx) fail("the search index does not open: " + idx.status().message());
    index = std::move(*idx);
    live = std::make_unique<LiveHub>(*store, options);
    services = std::make_unique<Services>(
        Services{*store, *index, metrics, options, *live, blocking, queue, limits});
  }
  void close() {
    services.reset();
    live.reset();
    index.reset();
    store.reset();
  }
  // Everything written is indexed (no entry stops the indexer), the store is consistent, and
  // both reopen.
  void verify_and_reopen() {
    if (!index->wait_until_indexed(store->last_seq(), std::chrono::seconds(20)))
      fail("the search index stopped following the change log");
    if (index->skipped_nodes() > 0) fail("the search index left a node out");
    CheckReport report = store->check();
    if (!report.ok()) fail("the store check failed: " + report.problems.front());
    close();
    open();
  }
  [[noreturn]] static void fail(const std::string& why) {
    std::fprintf(stderr, "http_fuzz: %s\n", why.c_str());
    std::abort();
  }

  std::filesystem::path dir;
  ServerOptions options;
  Metrics metrics{metrics_slot_labels()};
  boost::asio::thread_pool blocking{1};
  BlockingQueue queue{16};
  // Off: the fuzzer asks what each input does, and a 429 would answer most of them.
  RateLimitOptions no_limits = RateLimitOptions::off();
  RateLimits limits{no_limits};
  std::unique_ptr<Store> store;
  std::unique_ptr<search::SearchIndex> index;
  std::unique_ptr<LiveHub> live;
  std::unique_ptr<Services> services;
  std::string contributor, moderator;
  size_t runs = 0;
};

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static World world;
  std::string bytes(reinterpret_cast<const char*>(data), size);
  replace_all(bytes, "@CONTRIBUTOR@", world.contributor);
  replace_all(bytes, "@MODERATOR@", world.moderator);

  boost::beast::http::request_parser<boost::beast::http::string_body> parser;
  parser.eager(true);
  parser.body_limit(1 << 20);
  parser.header_limit(16 << 10);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(bytes), ec);
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (!ec && parser.is_done()) {
    Request request;
    // Not loopback: the admin routes (backup writes where the body says) stay out of reach.
    if (to_request(parser.get(), "192.0.2.1", request)) {
      RouteMatch match = find_route(request);
      (void)dispatch(match, request, *world.services);
    }
  }
  if (++world.runs % 50 == 0) world.verify_and_reopen();
  return 0;
}
