// Shared state of a SearchIndex: the writer (owned by the indexing thread) and a pool of
// readers for queries, which Xapian requires to be separate objects per thread.
#pragma once

#include <xapian.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string_view>
#include <thread>

#include "search/search_index.h"

namespace resgraph::search {

constexpr const char* kLastSeqKey = "resgraph:last_seq";
// What build_document writes; an index of another format is rebuilt on open. 2: identifiers;
// 3: comments and exact names.
constexpr const char* kFormatKey = "resgraph:format";
constexpr const char* kFormat = "3";
// A name or title as a whole, for exact matches: lower case, letters and digits (any byte
// outside ASCII kept), single spaces; empty if nothing is left. The prefix of its term.
std::string exact_key(std::string_view text);
constexpr const char* kExactPrefix = "XEX";

// Builds the document for node `id` from the store's current state; nullopt when the node is gone.
std::optional<Xapian::Document> build_document(const Store& store, const std::string& id,
                                               Xapian::TermGenerator& tg);
std::string unique_term(const std::string& id);
// `s` with its ASCII letters in lower case (other bytes as they are).
std::string ascii_lower(std::string_view s);

// The QueryParser flags for search query `q`: the full query language, but for queries naming
// NEAR or ADJ, which get only what Xapian 1.4.22 parses without leaking (query_flags.cpp).
unsigned parser_flags(std::string_view q);

struct SearchIndex::Impl {
  Impl(std::string d, const Store& s) : dir(std::move(d)), store(s) {}

  void run();
  void follow_log();
  void apply(const std::vector<ChangeEntry>& entries);
  void reindex_node(const std::string& id);
  void reindex_or_skip(const std::string& id);

  // Readers come from a small pool; each is reopened to see the latest commit.
  std::unique_ptr<Xapian::Database> acquire() const;
  void release(std::unique_ptr<Xapian::Database> db) const;

  std::string dir;
  const Store& store;
  std::unique_ptr<Xapian::WritableDatabase> db;
  Xapian::TermGenerator tg;
  std::atomic<uint64_t> indexed{0};
  uint64_t rebuild_until = 0;  // while indexed is below this, a rebuild is under way
  std::atomic<bool> stopping{false};
  std::atomic<uint64_t> skipped{0};   // nodes left out of the index, each logged with its reason
  std::atomic<uint64_t> failures{0};  // indexing rounds that failed and were retried
  mutable std::mutex mu;
  mutable std::condition_variable cv;
  mutable std::mutex pool_mu;
  mutable std::vector<std::unique_ptr<Xapian::Database>> pool;
  std::thread thread;
};

}  // namespace resgraph::search
