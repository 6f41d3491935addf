// The writer side: one thread follows the change log and commits batches to Xapian, each
// commit carrying the last sequence number it covers.
#include <boost/json/parse.hpp>
#include <filesystem>
#include <iostream>
#include <set>

#include "impl.h"

namespace resgraph::search {
namespace {

constexpr size_t kBatch = 1000;

uint64_t stored_seq(const Xapian::Database& db) {
  std::string v = db.get_metadata(kLastSeqKey);
  return v.empty() ? 0 : std::stoull(v);
}

// No FLAG_SPELLING: Xapian 1.4.22's spelling table corrupted itself ("Too few chunks of
// compressed data") at 100,000 nodes in our benchmark. "Did you mean" reads the term list.
void setup_generator(Xapian::TermGenerator& tg) {
  tg.set_stemmer(Xapian::Stem("english"));
  tg.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
}

}  // namespace

SearchIndex::SearchIndex(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

SearchIndex::~SearchIndex() {
  impl_->stopping = true;
  if (impl_->thread.joinable()) impl_->thread.join();
}

Result<std::unique_ptr<SearchIndex>> SearchIndex::open(const std::string& dir, const Store& store) {
  auto impl = std::make_unique<Impl>(dir, store);
  // The index is derived data: one that is missing, corrupt or from another store is rebuilt
  // from the store, and searches answer "unavailable" until it has caught up.
  for (int attempt = 0; attempt < 2; ++attempt) {
    try {
      std::filesystem::create_directories(dir);
      impl->db = std::make_unique<Xapian::WritableDatabase>(dir, Xapian::DB_CREATE_OR_OPEN);
      impl->indexed = stored_seq(*impl->db);
      if (impl->indexed > store.last_seq())
        throw Xapian::DatabaseCorruptError("index is ahead of the store");
      if (impl->indexed > 0 && impl->db->get_metadata(kFormatKey) != kFormat)
        throw Xapian::DatabaseVersionError("index written in an older format");
      // A readable index can still hide corruption in its tables; read each one once.
      if (impl->db->get_doccount() > 0)
        (void)impl->db->get_document(*impl->db->postlist_begin("")).get_data();
      break;
    } catch (const Xapian::DatabaseLockError& e) {
      return unavailable("the search index in '" + dir + "' is in use: " + e.get_description());
    } catch (const std::exception& e) {
      if (attempt == 1)
        return unavailable("cannot open the search index in '" + dir + "': " + e.what());
    } catch (const Xapian::Error& e) {
      if (attempt == 1)
        return unavailable("cannot open the search index in '" + dir + "': " + e.get_description());
      std::cerr << "resgraph: search index unusable (" << e.get_description()
                << "); rebuilding it from the store\n";
    }
    impl->db.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  setup_generator(impl->tg);
  if (impl->indexed == 0 && store.last_seq() > 0) impl->rebuild_until = store.last_seq();
  auto* raw = impl.get();
  raw->thread = std::thread([raw] { raw->run(); });
  return std::unique_ptr<SearchIndex>(new SearchIndex(std::move(impl)));
}

void SearchIndex::Impl::run() {
  while (!stopping) {
    try {
      follow_log();
    } catch (const std::exception& e) {
      // Nothing may end this thread but stopping: a search index that stops following the log
      // would serve ever staler results with no sign of it.
      ++failures;
      std::cerr << "resgraph: search indexing failed, retrying: " << e.what() << "\n";
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }
}

void SearchIndex::Impl::follow_log() {
  auto read = store.changes_since(indexed, kBatch);
  if (!read) {
    ++failures;
    std::cerr << "resgraph: search indexing cannot read the change log, retrying: "
              << read.status().message() << "\n";
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    return;
  }
  auto& entries = *read;
  if (entries.empty()) {
    store.wait_for_change(indexed, std::chrono::milliseconds(100));
    return;
  }
  try {
    apply(entries);
  } catch (const Xapian::Error& e) {
    // Drop the uncommitted changes with the writer and start again from the last commit,
    // whose metadata says which entry comes next.
    ++failures;
    std::cerr << "resgraph: search indexing failed, retrying: " << e.get_description() << "\n";
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    try {
      db->close();
      db = std::make_unique<Xapian::WritableDatabase>(dir, Xapian::DB_CREATE_OR_OPEN);
      indexed = stored_seq(*db);
    } catch (const Xapian::Error& again) {
      std::cerr << "resgraph: cannot reopen the search index: " << again.get_description() << "\n";
    }
  }
}

void SearchIndex::Impl::apply(const std::vector<ChangeEntry>& entries) {
  std::set<std::string> ids;
  for (const auto& e : entries) {
    if (e.entity == "node") {
      ids.insert(e.id);
      // Linked works show this node's title as author, concept or event: refresh them too.
      if (e.kind == "node.updated" || e.kind == "node.reverted")
        if (auto edges = store.edges_of(e.id, Direction::both, "", 1000))
          for (const auto& edge : *edges) ids.insert(edge.from == e.id ? edge.to : edge.from);
    } else if (e.entity == "comment" && e.data.is_object()) {
      const auto& o = e.data.get_object();
      if (auto* target = o.if_contains("target");
          target && target->is_string() && o.if_contains("entity") && o.at("entity") == "node")
        ids.insert(std::string(target->get_string()));
    } else if (e.entity == "edge" && e.data.is_object()) {
      const auto& o = e.data.get_object();
      for (const char* end : {"from", "to"})
        if (auto* v = o.if_contains(end); v && v->is_string())
          ids.insert(std::string(v->get_string()));
    }
  }
  for (const auto& id : ids) reindex_or_skip(id);
  db->set_metadata(kLastSeqKey, std::to_string(entries.back().seq));
  db->set_metadata(kFormatKey, kFormat);
  db->commit();
  {
    std::lock_guard lock(mu);
    indexed = entries.back().seq;
  }
  cv.notify_all();
}

// A node whose document cannot be built is skipped with its reason and counted (`resgraph
// check` and /metrics report it); the entries after it are indexed as usual. Xapian's own
// errors are the database's, not the node's: they go up and the batch is retried.
void SearchIndex::Impl::reindex_or_skip(const std::string& id) {
  try {
    reindex_node(id);
  } catch (const std::exception& e) {
    ++skipped;
    std::cerr << "resgraph: node " << id << " left out of the search index: " << e.what() << "\n";
  }
}

void SearchIndex::Impl::reindex_node(const std::string& id) {
  if (auto doc = build_document(store, id, tg))
    db->replace_document(unique_term(id), *doc);
  else
    db->delete_document(unique_term(id));
}

uint64_t SearchIndex::indexed_seq() const { return impl_->indexed.load(); }
uint64_t SearchIndex::skipped_nodes() const { return impl_->skipped.load(); }
uint64_t SearchIndex::failures() const { return impl_->failures.load(); }

bool SearchIndex::wait_until_indexed(uint64_t seq, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mu);
  return impl_->cv.wait_for(lock, timeout, [&] { return impl_->indexed.load() >= seq; });
}

Status SearchIndex::rebuild(const std::string& dir, const Store& store) {
  try {
    std::filesystem::remove_all(dir);
    Impl impl(dir, store);
    impl.db = std::make_unique<Xapian::WritableDatabase>(dir, Xapian::DB_CREATE_OR_OVERWRITE);
    setup_generator(impl.tg);
    // Anything written after this point is in the log past `seq` and re-applied on open.
    uint64_t seq = store.last_seq();
    NodeQuery q;
    q.limit = 1000;
    for (;;) {
      auto page = store.list_nodes(q);
      if (!page) return page.status();
      for (const auto& n : page->nodes) impl.reindex_or_skip(n.id);
      if (page->next.empty()) break;
      q.after = page->next;
    }
    impl.db->set_metadata(kLastSeqKey, std::to_string(seq));
    impl.db->set_metadata(kFormatKey, kFormat);
    impl.db->commit();
    return Status::ok();
  } catch (const Xapian::Error& e) {
    return unavailable("cannot rebuild the search index: " + e.get_description());
  }
}

std::unique_ptr<Xapian::Database> SearchIndex::Impl::acquire() const {
  {
    std::lock_guard lock(pool_mu);
    if (!pool.empty()) {
      auto db = std::move(pool.back());
      pool.pop_back();
      db->reopen();
      return db;
    }
  }
  return std::make_unique<Xapian::Database>(dir);
}

void SearchIndex::Impl::release(std::unique_ptr<Xapian::Database> db) const {
  std::lock_guard lock(pool_mu);
  if (pool.size() < 16) pool.push_back(std::move(db));
}

std::vector<std::string> SearchIndex::verify() const {
  std::vector<std::string> problems;
  uint64_t target = impl_->store.last_seq();
  if (!wait_until_indexed(target, std::chrono::seconds(10)))
    problems.push_back("search index is at change " + std::to_string(indexed_seq()) +
                       ", the store at " + std::to_string(target));
  try {
    auto db = impl_->acquire();
    size_t nodes = 0;
    NodeQuery q;
    q.limit = 1000;
    for (;;) {
      auto page = impl_->store.list_nodes(q);
      if (!page) {
        problems.push_back("the store's nodes could not all be read: " + page.status().message());
        break;
      }
      for (const auto& n : page->nodes) {
        ++nodes;
        auto it = db->postlist_begin(unique_term(n.id));
        if (it == db->postlist_end(unique_term(n.id))) {
          problems.push_back("node " + n.id + " is missing from the search index");
          continue;
        }
        boost::system::error_code ec;
        auto data = boost::json::parse(db->get_document(*it).get_data(), ec);
        const auto* doc = data.if_object();
        const auto* title = doc ? doc->if_contains("title") : nullptr;
        if (ec || !title || !title->is_string() || title->get_string() != n.title)
          problems.push_back("node " + n.id + " has a stale title in the search index");
      }
      if (page->next.empty()) break;
      q.after = page->next;
    }
    if (db->get_doccount() != nodes)
      problems.push_back("search index holds " + std::to_string(db->get_doccount()) +
                         " documents for " + std::to_string(nodes) + " nodes");
    impl_->release(std::move(db));
  } catch (const Xapian::Error& e) {
    problems.push_back("cannot read the search index: " + e.get_description());
  }
  if (auto n = skipped_nodes())
    problems.push_back(std::to_string(n) + " node(s) could not be indexed (reasons in the log); " +
                       "re-save them or run 'resgraph check --repair'");
  return problems;
}

}  // namespace resgraph::search
