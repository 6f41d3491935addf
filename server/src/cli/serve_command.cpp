#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/json/serialize.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>
#include <stop_token>
#include <thread>

#include "commands.h"
#include "graph/ids.h"
#include "importers/dataset.h"
#include "importers/markdown_importer.h"
#include "importers/source_import.h"
#include "links/checker.h"
#include "search/search_index.h"

namespace resgraph::cli {
namespace fs = std::filesystem;
namespace {

// The default dataset goes in only while the store has no nodes, so a restart never
// re-imports and a user's deletions are not undone.
void load_default_dataset(Store& store, const std::string& dir) {
  auto present = store.count_nodes(1);
  if (!present) {
    std::cerr << "resgraph: default dataset not loaded: " << present.status().message() << "\n";
    return;
  }
  if (*present > 0 || !fs::is_directory(dir)) return;
  auto started = std::chrono::steady_clock::now();
  auto report = importers::import_dataset_dir(store, dir, {"import", "default dataset"});
  if (!report) {
    std::cerr << "resgraph: default dataset in " << dir << ": " << report.status().message()
              << "\n";
    return;
  }
  const auto& done = *report;
  for (const auto& p : done.problems) std::cerr << "resgraph: default dataset: " << p << "\n";
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  started);
  std::cerr << "resgraph: loaded the default dataset: " << done.nodes_created << " nodes, "
            << done.edges_created << " edges, " << done.trails_created << " trails in "
            << ms.count() << " ms\n";
}

// The token lets local processes act as admin: the file is created readable by its owner
// alone (never chmod-ed after the fact, which leaves a moment when others may open it).
Status write_admin_file(const Options& o, uint16_t port) {
  std::string tmp = o.admin_file() + ".tmp";
  ::unlink(tmp.c_str());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return unavailable("cannot create " + tmp + ": " + std::strerror(errno));
  std::string text = boost::json::serialize(boost::json::object{
      {"port", port}, {"token", o.server.admin_token}, {"pid", static_cast<int64_t>(getpid())}});
  bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  written = ::close(fd) == 0 && written;
  if (!written) return unavailable("cannot write " + tmp);
  std::error_code ec;
  fs::rename(tmp, o.admin_file(), ec);
  if (ec) return unavailable("cannot write " + o.admin_file() + ": " + ec.message());
  return Status::ok();
}

// Every `every` seconds, each recorded source is fetched again (If-None-Match) and what changed
// upstream imported: lists followed where they live without anyone running `sync`. Off unless
// --sync-every is given.
// Walks follow the edges in memory. Reading them (a second or two at a million edges) goes on
// while the server answers; a walk that comes first waits for it. A store that cannot be read
// whole still serves everything else, and walks try again.
std::jthread edges_into_memory(Store& store) {
  return std::jthread([&store] {
    try {
      if (auto s = store.load_adjacency(); !s.is_ok())
        std::cerr << "resgraph: edges not read into memory: " << s.message() << "\n";
      else if (auto st = store.stats(); st.adjacency_build_ms > 100)
        std::cerr << "resgraph: edges in memory for walks: " << st.adjacency_bytes / 1024
                  << " KiB, read in " << static_cast<int>(st.adjacency_build_ms) << " ms\n";
    } catch (const std::exception& e) {  // out of memory: walks will try again, one by one
      std::cerr << "resgraph: edges not read into memory: " << e.what() << "\n";
    }
  });
}

std::jthread periodic_sync(Store& store, unsigned every) {
  if (every == 0) return {};
  return std::jthread([&store, every](const std::stop_token& stop) {
    std::mutex mu;
    std::condition_variable_any cv;
    for (;;) {
      {
        std::unique_lock lock(mu);
        if (cv.wait_for(lock, stop, std::chrono::seconds(every), [] { return false; }) ||
            stop.stop_requested())
          return;
      }
      auto sources = store.list_sources();
      if (!sources) continue;
      for (const auto& src : *sources) {
        auto r = importers::sync_source(store, src.id, {"import", "periodic sync"}, {});
        if (!r)
          std::cerr << "resgraph: sync " << src.url << ": " << r.status().message() << "\n";
        else
          for (const auto& f : r->failures) std::cerr << "resgraph: sync " << f << "\n";
      }
    }
  });
}

}  // namespace

// With --check-links, every 6 hours, the graph's links not checked in the last day are checked
// (links/checker.h); stopping the server stops starting new ones.
std::jthread periodic_link_checks(Store& store, const Options& o) {
  if (!o.check_links) return {};
  const std::string wayback = o.server.wayback_url;
  const DeadLinkRule rule = o.server.dead_links;
  return std::jthread([&store, wayback, rule](const std::stop_token& stop) {
    std::atomic<bool> stopping{false};
    std::stop_callback on_stop(stop, [&] { stopping = true; });
    std::mutex mu;
    std::condition_variable_any cv;
    for (;;) {
      links::CheckOptions co;
      co.wayback_url = wayback;
      co.rule = rule;
      co.recheck_after_ms = 24LL * 3600 * 1000;
      co.stop = &stopping;
      auto r = links::check_links(store, co, {"links", "periodic link check"});
      if (!r) std::cerr << "resgraph: link check: " << r.status().message() << "\n";
      std::unique_lock lock(mu);
      if (cv.wait_for(lock, stop, std::chrono::hours(6), [] { return false; }) ||
          stop.stop_requested())
        return;
    }
  });
}

int serve_command(const Options& options) {
  Options o = options;
  std::error_code ec;
  fs::create_directories(o.data_dir, ec);
  auto store = Store::open({o.store_dir()});
  if (!store) {
    std::cerr << "resgraph: " << store.status().message() << "\n";
    return 1;
  }
  load_default_dataset(**store, o.dataset_dir);
  std::jthread edges = edges_into_memory(**store);
  auto index = search::SearchIndex::open(o.index_dir(), **store);
  if (!index) {
    std::cerr << "resgraph: " << index.status().message() << "\n";
    return 1;
  }

  // Signals are taken synchronously by this thread, never inside a worker.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  o.server.admin_token = random_hex(32);
  server::Server server(o.server, **store, **index);
  if (auto s = server.start(); !s.is_ok()) {
    std::cerr << "resgraph: " << s.message() << "\n";
    return 1;
  }
  if (auto s = write_admin_file(o, server.port()); !s.is_ok())
    std::cerr << "resgraph: " << s.message() << " (CLI hand-off disabled)\n";
  std::cout << "resgraph: serving on http://" << o.server.bind << ":" << server.port()
            << " (data in " << o.data_dir << ")" << std::endl;
  std::jthread syncing = periodic_sync(**store, o.sync_every_s);
  std::jthread checking = periodic_link_checks(**store, o);
  int sig = 0;
  sigwait(&signals, &sig);
  std::cerr << "resgraph: stopping\n";
  syncing = {};  // asks the sync to stop and waits for it
  checking = {};
  server.stop();
  fs::remove(o.admin_file(), ec);
  return 0;
}

}  // namespace resgraph::cli
