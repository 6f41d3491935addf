// Search benchmark (issue 3): 100,000 synthetic nodes with Zipf-distributed words, linked people
// and tags; indexing rate through the change-log follower; 2,000 queries in process, through
// HTTP, and by bare Xapian on the same index in the same run. Also write throughput (issue 2).
// Prints Markdown to stdout.
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>
#include <thread>

#include "graph/store.h"
#include "search/search_index.h"
#include "server/http_client.h"
#include "server/server.h"

using namespace resgraph;
using Clock = std::chrono::steady_clock;

namespace {

struct Zipf {
  Zipf(size_t n, double s) : cdf(n) {
    double sum = 0;
    for (size_t i = 0; i < n; ++i) cdf[i] = (sum += 1.0 / std::pow(double(i + 1), s));
    for (auto& c : cdf) c /= sum;
  }
  size_t operator()(std::mt19937_64& rng) {
    double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return std::lower_bound(cdf.begin(), cdf.end(), u) - cdf.begin();
  }
  std::vector<double> cdf;
};

std::string make_word(size_t i) {
  static const char* syll[] = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo",
                               "ze", "pa", "do", "fe", "gi", "hu", "jo", "be"};
  std::string w;
  do {
    w += syll[i % 16];
    i /= 16;
  } while (i);
  return w + "n";
}

double pct(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, size_t(p * v.size()))];
}

template <typename Fn>
std::vector<double> time_each(const std::vector<std::string>& queries, Fn fn) {
  std::vector<double> ms;
  for (const auto& q : queries) {
    auto t0 = Clock::now();
    fn(q);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  return ms;
}

void row(const char* what, const std::vector<double>& ms) {
  std::printf("| %s | %.3f | %.3f |\n", what, pct(ms, 0.5), pct(ms, 0.99));
}

}  // namespace

int main(int argc, char** argv) {
  size_t n_nodes = argc > 1 ? std::stoul(argv[1]) : 100000;
  size_t n_queries = 2000;
  auto root =
      std::filesystem::temp_directory_path() / ("resgraph-bench-" + std::to_string(getpid()));
  std::filesystem::create_directories(root);
  std::mt19937_64 rng(42);
  Zipf vocab(20000, 1.07);
  const char* types[] = {"paper", "paper", "talk", "talk", "article", "book", "podcast", "concept"};

  // Synthetic graph, written without fsync: this measures indexing and queries, not the disk.
  auto store = std::move(*Store::open({(root / "store").string(), false}));
  size_t n_people = n_nodes / 50;
  std::vector<std::string> people;
  for (size_t i = 0; i < n_people; ++i) {
    NodeFields f;
    f.type = "person";
    f.title = make_word(vocab(rng)) + " " + make_word(i + 100000);
    auto n = store->create_node(f, {"bench", ""});
    if (n) people.push_back(n->id);
  }
  auto words = [&](size_t k) {
    std::string s;
    for (size_t i = 0; i < k; ++i) s += (i ? " " : "") + make_word(vocab(rng));
    return s;
  };
  for (size_t i = people.size(); i < n_nodes; ++i) {
    NodeFields f;
    f.type = types[rng() % 8];
    f.title = words(3 + rng() % 5) + " " + std::to_string(i);
    // One node in a hundred has a long abstract: the ~1 KB node the HTTP benchmark reads.
    f.summary = words(i % 100 == 0 ? 110 : 20 + rng() % 20);
    f.year = 1980 + int(rng() % 45);
    f.tags = std::vector<std::string>{"t" + std::to_string(rng() % 200)};
    auto n = store->create_node(f, {"bench", ""});
    if (!n) continue;
    (void)store->create_edge({people[rng() % people.size()], n->id, "authored", {}, {}},
                             {"bench", ""});
  }
  uint64_t last = store->last_seq();

  auto t0 = Clock::now();
  auto index = std::move(*search::SearchIndex::open((root / "index").string(), *store));
  index->wait_until_indexed(last, std::chrono::minutes(30));
  double index_s = std::chrono::duration<double>(Clock::now() - t0).count();

  std::vector<std::string> queries;
  const char* prefixes[] = {"type:paper ", "tag:t7 ", "year:2001 ", "author:"};
  for (size_t i = 0; i < n_queries; ++i) {
    std::string q = words(1 + rng() % 3);
    if (i % 3 == 0) q = prefixes[rng() % 4] + q;
    queries.push_back(q);
  }

  auto ours = time_each(queries, [&](const std::string& q) {
    search::SearchRequest r;
    r.q = q;
    (void)index->search(r);
  });

  Xapian::Database db((root / "index").string());
  // Bare Xapian: the same parse; "equivalent" also does the Xapian work resgraph's answer
  // needs (facet spies over up to 5,000 matches, a snippet per hit), without resgraph's code.
  auto bare = [&](bool equivalent) {
    Xapian::Stem stem("english");
    return time_each(queries, [&](const std::string& q) {
      Xapian::QueryParser qp;
      qp.set_database(db);
      qp.set_stemmer(stem);
      qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
      qp.set_default_op(Xapian::Query::OP_AND);
      qp.add_prefix("author", "A");
      qp.add_boolean_prefix("type", "XT");
      qp.add_boolean_prefix("tag", "K");
      qp.add_boolean_prefix("year", "Y");
      Xapian::Enquire enquire(db);
      enquire.set_query(
          qp.parse_query(q, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PARTIAL));
      Xapian::ValueCountMatchSpy a(1), b(4), c(5);
      if (equivalent) {
        enquire.add_matchspy(&a);
        enquire.add_matchspy(&b);
        enquire.add_matchspy(&c);
      }
      auto mset = enquire.get_mset(
          0, 20, equivalent ? std::min<Xapian::doccount>(db.get_doccount(), 5000) : 0);
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        std::string data = it.get_document().get_data();
        if (equivalent)
          (void)mset.snippet(
              data, 240, stem,
              Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE);
      }
    });
  };
  auto bare_top = bare(false);
  auto bare_facets = bare(true);

  server::ServerOptions so;
  so.rate_limits = server::RateLimitOptions::off();  // load, not limits, is measured
  so.port = 0;
  so.threads = 2;
  server::Server srv(so, *store, *index);
  (void)srv.start();
  auto http = time_each(queries, [&](const std::string& q) {
    std::string target = "/api/search?q=";
    for (unsigned char c : q) {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      target += std::isalnum(c) ? std::string(1, char(c)) : std::string(buf);
    }
    (void)server::http_request("127.0.0.1", srv.port(), "GET", target);
  });
  srv.stop();

  std::printf("### Search (%zu nodes, %zu changes, %zu queries)\n\n", n_nodes, size_t(last),
              n_queries);
  std::printf(
      "Indexing through the change-log follower: %.1f s, %.0f changes/s (%.0f nodes/s).\n\n",
      index_s, last / index_s, n_nodes / index_s);
  std::printf("| queries | p50 ms | p99 ms |\n| --- | --- | --- |\n");
  row("resgraph in process (facets, snippets, matched fields, did-you-mean)", ours);
  row("resgraph through HTTP (new connection per query)", http);
  row("bare Xapian, same parse, top 20 only", bare_top);
  row("bare Xapian, same parse, + the same facet spies and snippets", bare_facets);
  std::printf(
      "\nRatio in process / bare Xapian doing the same Xapian work: p50 %.2fx, p99 %.2fx; "
      "to bare top-20: p50 %.2fx.\n\n",
      pct(ours, 0.5) / pct(bare_facets, 0.5), pct(ours, 0.99) / pct(bare_facets, 0.99),
      pct(ours, 0.5) / pct(bare_top, 0.5));

  index.reset();
  store.reset();
  // BENCH_KEEP=DIR keeps this 100k-node data dir for the start-up and memory measurements.
  if (const char* keep = std::getenv("BENCH_KEEP")) {
    std::filesystem::remove_all(keep);
    std::filesystem::rename(root, keep);
    std::filesystem::create_directories(root);
  }
  std::filesystem::remove_all(root);
  return 0;
}
