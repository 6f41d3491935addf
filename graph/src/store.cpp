#include "graph/store.h"

#include <fcntl.h>
#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <unistd.h>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cstdarg>
#include <cstdio>
#include <filesystem>
#include <string_view>

#include "adjacency.h"
#include "graph/text.h"
#include "json_read.h"
#include "keys.h"
#include "read_status.h"
#include "stored_json.h"
#include "txn.h"

namespace resgraph {

namespace {

// RocksDB's own LOG file would be one more file to fail on a full disk, and Debian's build
// asserts when that log's writer is reused after an error. Warnings go to stderr instead.
class StderrLogger : public rocksdb::Logger {
 public:
  StderrLogger() : rocksdb::Logger(rocksdb::InfoLogLevel::WARN_LEVEL) {}
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    // A checkpoint (backup) disables file deletions while RocksDB's own live-file listing has
    // them disabled too; RocksDB reports that nesting as a warning, though nothing is wrong.
    if (std::string_view(format).find("File Deletions") != std::string_view::npos) return;
    std::fputs("rocksdb: ", stderr);
    std::vfprintf(stderr, format, ap);
    std::fputc('\n', stderr);
  }
};

// The store whose writes on this thread skip their own sync (Store::with_one_sync), and how
// deeply scopes nest.
struct DeferredSync {
  const Store* store = nullptr;
  int depth = 0;
};
thread_local DeferredSync deferred_sync;

bool defers_sync(const Store* store) {
  return deferred_sync.depth > 0 && deferred_sync.store == store;
}

// The write this thread is making inside Store::durably, and what its commit left to sync.
struct GroupWrite {
  const Store* store = nullptr;
  uint64_t seq = 0;
  uint64_t epoch = 0;
};
thread_local GroupWrite group_write;

// Where the change log ends. A read that fails must not pass for an empty log: the next write
// would number itself 1 and overwrite the history.
Result<uint64_t> read_last_seq(rocksdb::DB* db) {
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions()));
  const std::string prefix = keys::prefix({"c"});
  it->SeekForPrev(keys::prefix_end({"c"}));
  if (auto s = scan_status(*it); !s.is_ok()) return s;
  if (!it->Valid() || !it->key().starts_with(prefix)) return uint64_t{0};
  return uint64_t{std::stoull(it->key().ToString().substr(prefix.size()))};
}

rocksdb::Status open_db(const std::string& dir, bool read_only, std::unique_ptr<rocksdb::DB>& out) {
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.IncreaseParallelism(2);
  // Point reads (nodes by id, index lookups) dominate: bloom filters spare a read per file
  // that cannot hold the key, and a block cache keeps the hot graph in memory.
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table.block_cache = rocksdb::NewLRUCache(
      512 << 20);  // a cap: the walk working set of 100k nodes and 300k edges fits
  table.cache_index_and_filter_blocks = true;
  table.pin_l0_filter_and_index_blocks_in_cache = true;
  db_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  db_options.level_compaction_dynamic_level_bytes = true;
  db_options.info_log = std::make_shared<StderrLogger>();
  rocksdb::DB* raw = nullptr;
  auto s = read_only ? rocksdb::DB::OpenForReadOnly(db_options, dir, &raw)
                     : rocksdb::DB::Open(db_options, dir, &raw);
  out.reset(raw);
  return s;
}

// RocksDB holds an fcntl lock on LOCK while open. Asking first keeps a CLI command that will
// hand its work to the server from making RocksDB log a failed open.
bool held_by_another_process(const std::string& lock_file) {
  int fd = ::open(lock_file.c_str(), O_RDONLY);
  if (fd < 0) return false;
  struct flock probe {};
  probe.l_type = F_WRLCK;
  probe.l_whence = SEEK_SET;
  bool held = ::fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
  ::close(fd);
  return held;
}

}  // namespace

Result<std::unique_ptr<Store>> Store::open(const StoreOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(options.dir, ec);
  if (ec)
    return unavailable("cannot create the store directory '" + options.dir + "': " + ec.message());
  if (held_by_another_process(options.dir + "/LOCK"))
    return Status(Code::unavailable, "the store in '" + options.dir +
                                         "' is held by another process (is a server running?)")
        .with_locked();
  std::unique_ptr<rocksdb::DB> db;
  rocksdb::Status s = open_db(options.dir, false, db);
  if (!s.ok()) {
    if (s.IsIOError() && s.ToString().find("lock") != std::string::npos)
      return Status(Code::unavailable, "the store in '" + options.dir +
                                           "' is held by another process (is a server running?)")
          .with_locked();
    return unavailable("cannot open the store in '" + options.dir + "': " + s.ToString());
  }
  auto last = read_last_seq(db.get());
  if (!last) return last.status();
  auto store = std::unique_ptr<Store>(new Store(std::move(db), options));
  store->last_seq_ = *last;
  store->restart_durability(*last);
  if (auto indexed = store->index_identifiers_once(); !indexed.is_ok()) return indexed;
  if (auto counted = store->count_contributions_once(); !counted.is_ok()) return counted;
  return store;
}

Store::Store(std::unique_ptr<rocksdb::DB> db, StoreOptions options)
    : db_(std::move(db)), options_(std::move(options)), adjacency_(std::make_unique<Adjacency>()) {}

Store::~Store() {
  if (db_) db_->Close();
}

Result<std::optional<std::string>> Store::read_key(const std::string& key) const {
  std::string value;
  auto s = db_->Get(rocksdb::ReadOptions(), key, &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return read_failed(s);
  return std::optional<std::string>(std::move(value));
}

Status Store::scan_records(const std::string& prefix,
                           const std::function<Status(const boost::json::value&)>& each) const {
  std::shared_lock guard(db_mu_);
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next())
    if (auto s = each(parse_stored(it->value().ToString())); !s.is_ok()) return s;
  return scan_status(*it);
}

Result<std::string> Store::resolve_with(const std::string& record_key, const std::string& slug_key,
                                        std::string_view id_or_slug) const {
  if (id_or_slug.empty()) return std::string();
  auto record = read_key(record_key);
  if (!record) return record.status();
  if (*record) return std::string(id_or_slug);
  auto id = read_key(slug_key);
  if (!id) return id.status();
  return id->value_or(std::string());
}

Result<std::string> Store::resolve(std::string_view id_or_slug) const {
  return resolve_with(keys::node(id_or_slug), keys::slug(id_or_slug), id_or_slug);
}

Status Store::ready_for_write() {
  std::lock_guard lock(health_mu_);
  if (write_problem_.empty()) return Status::ok();
  // The cause (a full disk, a read-only remount) may be gone; ask RocksDB to leave its
  // error state, and trust the log on disk for where the sequence stands.
  auto s = read_only_ ? rocksdb::Status::IOError("store is open read-only") : db_->Resume();
  if (!s.ok()) {
    // Some failures (a WAL append that failed) cannot be resumed in place. Reopening starts a
    // new WAL; replay stops before the failed, never acknowledged, record.
    std::unique_lock db_lock(db_mu_);
    db_->Close();
    s = open_db(options_.dir, false, db_);
    read_only_ = !s.ok();
    if (read_only_) {
      std::unique_ptr<rocksdb::DB> ro;
      if (open_db(options_.dir, true, ro).ok()) db_ = std::move(ro);
    }
  }
  auto last = s.ok() ? read_last_seq(db_.get()) : Result<uint64_t>(uint64_t{0});
  if (s.ok() && !last) s = rocksdb::Status::IOError(last.status().message());
  if (!s.ok()) {
    write_problem_ = s.ToString();
    return Status(Code::unavailable, "the store cannot persist writes right now (" +
                                         write_problem_ + "); reads still work, retry later")
        .with_retry_after(5);
  }
  write_problem_.clear();
  // The reopened log may end before writes the adjacency saw: the next walk reads it again.
  adjacency_->drop();
  last_seq_ = *last;
  restart_durability(*last);
  contributions_.clear();  // counted for writes the failure may have taken back
  return Status::ok();
}

Status Store::commit(Txn& txn) {
  std::map<std::string, Contributions> staged;
  if (auto s = stage_contributions(txn, staged); !s.is_ok()) return s;
  if (!txn.problem().is_ok()) return txn.problem();
  rocksdb::WriteOptions wo;
  // A change-log write inside durably() is synced by the group; a write with no log entry
  // (an account) syncs by itself, since nobody would wait for it.
  bool grouped = options_.sync && group_write.store == this && !defers_sync(this) &&
                 txn.last_assigned() > last_seq_.load();
  wo.sync = options_.sync && !defers_sync(this) && !grouped;
  auto s = db_->Write(wo, &txn.batch());
  if (!s.ok()) {
    std::lock_guard lock(health_mu_);
    write_problem_ = s.ToString();
    return Status(Code::unavailable, "the store could not persist this write (" + write_problem_ +
                                         "); nothing was changed, retry later")
        .with_retry_after(5);
  }
  if (wo.sync) ++syncs_;
  adjacency_->apply(txn.batch());
  commit_contributions(staged);
  {
    std::lock_guard lock(seq_mu_);
    last_seq_ = txn.last_assigned();
  }
  if (grouped) group_write.seq = txn.last_assigned(), group_write.epoch = epoch_.load();
  seq_cv_.notify_all();
  return Status::ok();
}

bool Store::begin_group_commit() {
  if (!options_.group_commit || group_write.store != nullptr) return false;
  group_write = {this, 0, 0};
  return true;
}

std::pair<uint64_t, uint64_t> Store::end_group_commit() {
  auto done = std::pair{group_write.seq, group_write.epoch};
  group_write = {};
  return done;
}

Status Store::await_durable(uint64_t seq, uint64_t epoch) {
  std::unique_lock lock(sync_mu_);
  for (;;) {
    if (epoch != epoch_ || failed_seq_ >= seq) {
      lock.unlock();  // write_health takes health_mu_, which is taken before sync_mu_
      return Status(Code::unavailable, "the store could not persist this write (" +
                                           write_health().message() + "); retry later")
          .with_retry_after(5);
    }
    if (synced_seq_ >= seq) return Status::ok();
    if (syncing_) {
      sync_cv_.wait(lock);
      continue;
    }
    // Lead a sync for every change written so far; writers that commit meanwhile wait for
    // the next one.
    syncing_ = true;
    uint64_t target = last_seq_.load();
    lock.unlock();
    rocksdb::Status s;
    {
      std::shared_lock guard(db_mu_);
      s = db_->SyncWAL();
    }
    if (!s.ok()) {
      std::lock_guard health(health_mu_);
      write_problem_ = s.ToString();
    }
    lock.lock();
    syncing_ = false;
    if (s.ok()) {
      synced_seq_ = std::max(synced_seq_, target);
      ++syncs_;
    } else if (epoch == epoch_) {
      failed_seq_ = std::max(failed_seq_, target);
    }
    sync_cv_.notify_all();
  }
}

void Store::restart_durability(uint64_t last_seq) {
  std::lock_guard lock(sync_mu_);
  ++epoch_;
  synced_seq_ = last_seq;
  failed_seq_ = 0;
  sync_cv_.notify_all();
}

bool Store::begin_deferred_sync() {
  if (deferred_sync.depth > 0 && deferred_sync.store != this) return false;
  deferred_sync.store = this;
  ++deferred_sync.depth;
  return true;
}

Status Store::end_deferred_sync() {
  if (--deferred_sync.depth > 0) return Status::ok();
  deferred_sync.store = nullptr;
  if (!options_.sync) return Status::ok();
  std::shared_lock guard(db_mu_);
  auto s = db_->SyncWAL();
  if (s.ok()) {
    ++syncs_;
    return Status::ok();
  }
  std::lock_guard lock(health_mu_);
  write_problem_ = s.ToString();
  return Status(Code::unavailable, "the store could not persist these writes (" + write_problem_ +
                                       "); what they changed may be lost, retry later")
      .with_retry_after(5);
}

uint64_t Store::wait_for_change(uint64_t after, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(seq_mu_);
  seq_cv_.wait_for(lock, timeout, [&] { return last_seq_.load() > after; });
  return last_seq_.load();
}

Status Store::write_health() const {
  std::lock_guard lock(health_mu_);
  if (write_problem_.empty()) return Status::ok();
  return unavailable("writes are failing: " + write_problem_);
}

Result<std::optional<std::string>> Store::node_raw(std::string_view id_or_slug) const {
  // An id is one read; a slug is two.
  auto raw = read_key(keys::node(id_or_slug));
  if (!raw || *raw) return raw;
  auto id = read_key(keys::slug(id_or_slug));
  if (!id || !*id) return id;
  return read_key(keys::node(**id));
}

Result<Node> Store::get_node(std::string_view id_or_slug) const {
  std::shared_lock guard(db_mu_);
  auto raw = node_raw(id_or_slug);
  if (!raw) return raw.status();
  if (!*raw) return not_found("no node with id or slug '" + std::string(id_or_slug) + "'");
  return node_from_json(parse_stored(**raw));
}

Result<Store::NodeJson> Store::get_node_json(std::string_view id_or_slug) const {
  std::shared_lock guard(db_mu_);
  auto found = node_raw(id_or_slug);
  if (!found) return found.status();
  if (!*found) return not_found("no node with id or slug '" + std::string(id_or_slug) + "'");
  std::optional<std::string>& raw = *found;
  if (!text::valid_utf8(*raw)) {
    // Written by an older build that let invalid UTF-8 in: served repaired until re-saved.
    auto node = node_from_json(parse_stored(*raw));
    if (!node) return node.status();
    return NodeJson{boost::json::serialize(to_json(*node)), node->rev};
  }
  if (auto rev = rev_of_node_json(*raw)) return NodeJson{std::move(*raw), *rev};
  // Stored by an older layout: parse it whole, on a stack arena.
  unsigned char arena[8192];
  boost::json::monotonic_resource mr(arena, sizeof arena);
  boost::system::error_code ec;
  auto v = boost::json::parse(*raw, ec, &mr);
  if (ec || !v.is_object()) return Status(Code::internal, "stored node is not a JSON object");
  return NodeJson{std::move(*raw), json_read::num(v.get_object(), "rev")};
}

// to_json(Node) writes "rev" just before "created" and "updated", whose values hold only "by"
// and "at"; a quote inside a string value is escaped, so the last `"rev":` in the text is the
// node's own. Reading it there spares parsing the node on every GET.
std::optional<int64_t> Store::rev_of_node_json(std::string_view json) {
  constexpr std::string_view key = ",\"rev\":";
  auto at = json.rfind(key);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = json.substr(at + key.size());
  int64_t rev = 0;
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), rev);
  if (ec != std::errc() ||
      !std::string_view(end, rest.data() + rest.size() - end).starts_with(",\"created\":"))
    return std::nullopt;
  return rev;
}

Result<NodePage> Store::list_nodes(const NodeQuery& q) const {
  std::shared_lock guard(db_mu_);
  if (q.limit == 0 || q.limit > 1000) return invalid("limit must be between 1 and 1000");
  // The narrowest index holds the scan; the other filter is checked per node.
  std::string prefix;
  if (!q.tag.empty())
    prefix = keys::prefix({"xg", q.tag});
  else if (!q.type.empty())
    prefix = keys::prefix({"xt", q.type});
  else
    prefix = keys::prefix({"n"});
  const bool scanning_nodes = q.tag.empty() && q.type.empty();

  NodePage page;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  it->Seek(q.after.empty() ? prefix : prefix + q.after + std::string(1, '\0'));
  for (; it->Valid() && it->key().starts_with(prefix); it->Next()) {
    std::string id = it->key().ToString().substr(prefix.size());
    auto raw = scanning_nodes ? Result<std::optional<std::string>>(it->value().ToString())
                              : read_key(keys::node(id));
    if (!raw) return raw.status();
    if (!*raw) continue;  // an index entry whose node went in a write after this scan began
    auto node = node_from_json(parse_stored(**raw));
    if (!node) return node.status();
    if (!q.type.empty() && node->type != q.type) continue;
    if (page.nodes.size() == q.limit) {
      page.next = page.nodes.back().id;
      break;
    }
    page.nodes.push_back(std::move(*node));
  }
  if (auto s = scan_status(*it); !s.is_ok()) return s;
  return page;
}

Result<size_t> Store::count_nodes(size_t stop_at) const {
  std::shared_lock guard(db_mu_);
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  const std::string prefix = keys::prefix({"n"});
  size_t n = 0;
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix) && n < stop_at; it->Next())
    ++n;
  if (auto s = scan_status(*it); !s.is_ok()) return s;
  return n;
}

Result<std::vector<ChangeEntry>> Store::changes_since(uint64_t seq, size_t limit) const {
  std::shared_lock guard(db_mu_);
  std::vector<ChangeEntry> out;
  const std::string prefix = keys::prefix({"c"});
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  const uint64_t last = last_seq_.load();  // never hand out an entry whose batch is in flight
  if (seq >= last) return out;  // also keeps seq + 1 from wrapping around to the whole log
  for (it->Seek(keys::change(seq + 1));
       it->Valid() && it->key().starts_with(prefix) && out.size() < limit; it->Next()) {
    auto e = change_from_json(parse_stored(it->value().ToString()));
    if (e.seq > last) break;
    out.push_back(std::move(e));
  }
  if (auto s = scan_status(*it); !s.is_ok()) return s;
  return out;
}

Status Store::compact() {
  auto s = db_->CompactRange(rocksdb::CompactRangeOptions(), nullptr, nullptr);
  return s.ok() ? Status::ok() : unavailable("compaction failed: " + s.ToString());
}

Status Store::load_adjacency() {
  auto graph = walk_graph();
  return graph ? Status::ok() : graph.status();
}

Result<const Adjacency*> Store::walk_graph() const {
  if (!adjacency_->built()) {
    std::shared_lock guard(db_mu_);
    if (auto s = adjacency_->build(*db_); !s.is_ok()) return s;
  }
  return adjacency_.get();
}

StoreStats Store::stats() const {
  std::shared_lock guard(db_mu_);
  StoreStats s;
  auto walks = adjacency_->stats();
  s.adjacency_built = walks.built;
  s.adjacency_bytes = walks.bytes;
  s.adjacency_build_ms = walks.build_ms;
  s.last_seq = last_seq_.load();
  s.syncs = syncs_.load();
  uint64_t v = 0;
  if (db_->GetIntProperty("rocksdb.total-sst-files-size", &v)) s.disk_bytes += v;
  if (db_->GetIntProperty("rocksdb.cur-size-all-mem-tables", &v)) s.disk_bytes += v;
  if (db_->GetIntProperty("rocksdb.estimate-num-keys", &v)) s.estimated_keys = v;
  return s;
}

}  // namespace resgraph
