// The graph store on RocksDB. Every write is one synced WriteBatch holding the change, a new
// revision of what changed and its change-log entry, so a write that returns ok survives a power
// cut, and a write that fails changed nothing. Concurrent writers share syncs (group commit), and
// an import's writes share one (with_one_sync). Writes are serialized; reads run concurrently.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/accounts.h"
#include "graph/change_log.h"
#include "graph/discussion.h"
#include "graph/link_status.h"
#include "graph/node.h"
#include "graph/source.h"
#include "graph/status.h"
#include "graph/trail.h"

namespace rocksdb {
class DB;
class WriteBatch;
}  // namespace rocksdb

namespace resgraph {

struct StoreOptions {
  std::string dir;
  bool sync = true;  // fsync every batch; only benchmarks of the unsafe mode turn it off
  // Concurrent writers share fsyncs: each applies its batch under the write lock without
  // syncing, then waits, outside the lock, for one sync that covers every write made so far.
  // Off: each write syncs while holding the lock (benchmarks compare the two).
  bool group_commit = true;
};

struct WriteMeta {
  std::string author;
  std::string comment;
};

struct NodeQuery {
  std::string type;
  std::string tag;
  std::string after;  // cursor: the last id of the previous page
  size_t limit = 50;
};

struct NodePage {
  std::vector<Node> nodes;
  std::string next;  // cursor for the next page, empty at the end
};

enum class Direction { out, in, both };

struct CheckReport {
  size_t nodes = 0, edges = 0, changes = 0, users = 0;
  std::vector<std::string> problems;
  bool ok() const { return problems.empty(); }
};
boost::json::object to_json(const CheckReport& report);
// What the change log and the API show of an account or an invitation: never a secret or hash.
boost::json::object to_json(const Account& account);
boost::json::object to_json(const Invitation& invitation);

struct StoreStats {
  uint64_t last_seq = 0;
  uint64_t disk_bytes = 0;
  uint64_t estimated_keys = 0;
  uint64_t syncs = 0;  // fsyncs of the log: one per write, or one per with_one_sync scope
  // The walks' edges in memory (load_adjacency): what they take and how long they took to read.
  bool adjacency_built = false;
  uint64_t adjacency_bytes = 0;
  double adjacency_build_ms = 0;
};

class Adjacency;

class Store {
 public:
  static Result<std::unique_ptr<Store>> open(const StoreOptions& options);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Nodes. `id_or_slug` accepts either. `if_match` is the revision the writer last saw.
  Result<Node> create_node(const NodeFields& fields, const WriteMeta& meta);
  Result<Node> update_node(std::string_view id_or_slug, const NodeFields& fields,
                           std::optional<int64_t> if_match, const WriteMeta& meta);
  Result<Node> delete_node(std::string_view id_or_slug, std::optional<int64_t> if_match,
                           const WriteMeta& meta);
  Result<Node> revert_node(std::string_view id_or_slug, int64_t to_rev,
                           std::optional<int64_t> if_match, const WriteMeta& meta);
  Result<Node> get_node(std::string_view id_or_slug) const;
  // The node as stored: the same JSON to_json(get_node(...)) gives, without building a Node.
  // The read path of GET /api/nodes/{id}, the most frequent request.
  struct NodeJson {
    std::string json;
    int64_t rev = 0;
  };
  Result<NodeJson> get_node_json(std::string_view id_or_slug) const;
  // The revision in a node's stored JSON, read without parsing it; nullopt if the text is not
  // laid out as to_json(Node) writes it.
  static std::optional<int64_t> rev_of_node_json(std::string_view json);
  Result<NodePage> list_nodes(const NodeQuery& query) const;
  // The node that already holds one of these identifiers (attrs.doi, ...; graph/identifiers.h),
  // this URL or (type, title), looked for in that order, if any.
  Result<std::optional<std::string>> find_duplicate(std::string_view type, std::string_view title,
                                                    std::string_view url,
                                                    const boost::json::object& attrs = {}) const;
  Result<size_t> count_nodes(size_t stop_at) const;

  // Edges.
  Result<Edge> create_edge(const EdgeFields& fields, const WriteMeta& meta);
  Result<Edge> delete_edge(std::string_view id, const WriteMeta& meta);
  // Brings an edge back to a revision: made (it is linked again, under its id) or removed.
  Result<Edge> revert_edge(std::string_view id, int64_t to_rev, const WriteMeta& meta);
  Result<Edge> get_edge(std::string_view id) const;
  Result<std::vector<Edge>> edges_of(std::string_view id_or_slug, Direction dir,
                                     std::string_view type, size_t limit) const;

  // Trails. Step positions are 1-based; `position` 0 on insert means "at the end".
  Result<Trail> create_trail(const TrailFields& fields, const WriteMeta& meta);
  Result<Trail> update_trail(std::string_view id_or_slug, const TrailFields& fields,
                             std::optional<int64_t> if_match, const WriteMeta& meta);
  Result<Trail> delete_trail(std::string_view id_or_slug, std::optional<int64_t> if_match,
                             const WriteMeta& meta);
  Result<Trail> insert_step(std::string_view trail, size_t position, const TrailStep& step,
                            std::optional<int64_t> if_match, const WriteMeta& meta);
  Result<Trail> move_step(std::string_view trail, size_t from, size_t to,
                          std::optional<int64_t> if_match, const WriteMeta& meta);
  Result<Trail> remove_step(std::string_view trail, size_t position,
                            std::optional<int64_t> if_match, const WriteMeta& meta);
  Result<Trail> revert_trail(std::string_view id_or_slug, int64_t to_rev,
                             std::optional<int64_t> if_match, const WriteMeta& meta);
  Result<Trail> get_trail(std::string_view id_or_slug) const;
  Result<std::vector<Trail>> list_trails(std::string_view after, size_t limit) const;
  // Trails with a step on this node (by id or slug).
  Result<std::vector<Trail>> trails_through(std::string_view id_or_slug, size_t limit) const;

  // The same edges as edges_of, read from the index keys alone (no attributes, provenance or
  // stamps): what graph walks need, at a fraction of the cost.
  Result<std::vector<Edge>> edge_refs(std::string_view id, Direction dir, std::string_view type,
                                      size_t limit) const;

  // History of a node, edge or trail, newest first.
  Result<std::vector<Revision>> history(std::string_view id_or_slug, size_t limit) const;
  Result<Revision> revision(std::string_view id_or_slug, int64_t rev) const;

  // The change log.
  Result<std::vector<ChangeEntry>> changes_since(uint64_t seq, size_t limit) const;
  uint64_t last_seq() const { return last_seq_.load(); }
  // Blocks until the log passes `after` or the timeout ends; returns last_seq(). Readers of the
  // log (search indexing, live streaming) wait here instead of polling.
  uint64_t wait_for_change(uint64_t after, std::chrono::milliseconds timeout) const;

  // Sources of imported lists (graph/source.h), recorded through the change log.
  Result<Source> record_source(Source source, const WriteMeta& meta);
  Result<Source> get_source(std::string_view id_or_url) const;
  Result<std::vector<Source>> list_sources() const;

  // Link health (graph/link_status.h): a check's outcome is added to the URL's history and its
  // state recomputed; an archived copy is set for a dead link. Both through the change log.
  Result<LinkStatus> record_link_check(std::string_view url, const LinkCheck& check,
                                       const DeadLinkRule& rule, const WriteMeta& meta);
  Result<LinkStatus> set_archived_copy(std::string_view url, const std::string& archived,
                                       const WriteMeta& meta);
  Result<std::optional<LinkStatus>> get_link(std::string_view url) const;
  // Every checked link, or those in one state ("dead"), in URL-key order.
  Result<std::vector<LinkStatus>> list_links(std::string_view state) const;

  // Accounts (graph/accounts.h), each change through the change log. add_user returns the
  // account's first bearer token, which is not stored.
  Result<std::string> add_user(std::string_view name, Role role,
                               const WriteMeta& meta = {"admin", "user add"});
  Result<User> authenticate(std::string_view token) const;
  Result<Account> get_account(std::string_view name) const;
  Result<std::vector<Account>> list_accounts() const;
  // A moderator's invitation: `code` in the answer is its one-time secret.
  Result<Invitation> create_invitation(Role role, const std::string& note, int64_t ttl_ms,
                                       const WriteMeta& meta);
  Result<Invitation> get_invitation(std::string_view code) const;
  Result<std::vector<Invitation>> list_invitations() const;
  // Uses the invitation and creates the account in one write; `password_hash` from
  // hash_password (computed by the caller, outside the store's lock).
  Result<Account> join(std::string_view code, std::string_view name,
                       const std::string& password_hash);
  // The account's password check, the same cost whether or not the name exists.
  Result<User> check_password(std::string_view name, std::string_view password) const;
  Result<std::pair<TokenInfo, std::string>> create_token(std::string_view name,
                                                         const std::string& label,
                                                         const WriteMeta& meta);
  Result<TokenInfo> revoke_token(std::string_view name, std::string_view token_id,
                                 const WriteMeta& meta);
  Result<Account> set_role(std::string_view name, Role role, const WriteMeta& meta);
  Result<Account> set_suspended(std::string_view name, bool suspended, const WriteMeta& meta);
  // Sessions: the id is the cookie's secret; only its hash is stored.
  Result<Session> start_session(const User& user, int64_t ttl_ms);
  Result<User> authenticate_session(std::string_view session_id) const;
  Status end_session(std::string_view session_id);

  // Discussion (graph/discussion.h). `entity` is "node" or "trail"; `target` an id or slug.
  Result<Comment> add_comment(std::string_view entity, std::string_view target,
                              std::string_view reply_to, const std::string& body,
                              const WriteMeta& meta);
  Result<Comment> set_comment_hidden(std::string_view id, bool hidden, const WriteMeta& meta);
  Result<Comment> get_comment(std::string_view id) const;
  // The whole thread, hidden comments included, oldest first.
  Result<std::vector<Comment>> comments_of(std::string_view entity, std::string_view target) const;
  // Marks change-log entries patrolled; returns how many were not already.
  Result<size_t> mark_patrolled(const std::vector<uint64_t>& seqs, const WriteMeta& meta);
  Result<std::vector<bool>> patrolled(const std::vector<uint64_t>& seqs) const;
  Result<Contributions> contributions(std::string_view name) const;
  // Watching: `user` follows a node or trail; mark_seen notes the last change they have seen.
  Result<Watch> watch(std::string_view user, std::string_view entity, std::string_view target,
                      const WriteMeta& meta);
  Result<Watch> unwatch(std::string_view user, std::string_view entity, std::string_view target,
                        const WriteMeta& meta);
  Result<Watch> mark_seen(std::string_view user, std::string_view entity, std::string_view target,
                          const WriteMeta& meta);
  Result<std::optional<Watch>> get_watch(std::string_view user, std::string_view entity,
                                         std::string_view target) const;
  Result<std::vector<Watch>> watches_of(std::string_view user) const;

  // Health: ok, or why writes are refused right now (disk full, read-only, I/O error).
  Status write_health() const;
  CheckReport check() const;
  // Runs `work` (writes through this store's API, on this thread) without syncing each write,
  // then syncs the log once before returning: an import's hundreds of writes cost one fsync
  // instead of one each. Each write still reaches the log in the kernel's cache as it is made,
  // so a crash of the process loses none of them; what is acknowledged as durable is the end of
  // `work`. Other threads' writes go on syncing one by one, so it is safe while serving; scopes
  // nest (the outermost one syncs). A failed sync is `unavailable` and marks write health.
  template <typename Work>
  auto with_one_sync(Work&& work) -> decltype(work()) {
    struct Scope {
      Store& store;
      bool deferred;
      ~Scope() {
        if (deferred) (void)store.end_deferred_sync();  // unwinding: the sync is not awaited
      }
    } scope{*this, begin_deferred_sync()};
    auto out = work();
    if (!scope.deferred) return out;
    scope.deferred = false;
    if (Status synced = end_deferred_sync(); !synced.is_ok()) return synced;
    return out;
  }
  // Rewrites records that hold invalid UTF-8 (from older builds) with U+FFFD in place of the
  // bad bytes, as they are already read; returns how many. `resgraph check --repair`.
  Result<size_t> repair_text();
  // Compacts the whole store, as RocksDB would in time on its own (benchmarks settle with it).
  Status compact();
  // A consistent copy of the store in `dir` (which must not exist): `dir/store` and a manifest
  // `dir/backup.json` naming the sequence number it holds. Taken between two writes.
  Result<uint64_t> backup(const std::string& dir);
  // Copies a backup into `store_dir` (which must not exist); returns its sequence number.
  static Result<uint64_t> restore(const std::string& backup_dir, const std::string& store_dir);
  StoreStats stats() const;
  // Reads every edge into memory, where walks (and edge_refs) read them from then on; each
  // commit keeps it in step. A server calls it at start, so that no walk waits for it; writes go
  // on meanwhile.
  Status load_adjacency();
  // The edges as walks follow them (graph/src/adjacency.h), read on first use if need be.
  Result<const Adjacency*> walk_graph() const;

 private:
  class Txn;
  Result<LinkStatus> update_link(std::string_view url, const WriteMeta& meta,
                                 const std::function<Status(LinkStatus&)>& change);
  // One account change: reads the record, lets `change` edit it (and stage more in the same
  // write), logs `kind` with the account's public view.
  Result<Account> update_account(std::string_view name, const std::string& kind,
                                 const WriteMeta& meta,
                                 const std::function<Status(boost::json::object&, Txn&)>& change);
  explicit Store(std::unique_ptr<rocksdb::DB> db, StoreOptions options);
  // Every record under `prefix` (keys::prefix), parsed, in key order, until `each` fails; a
  // scan cut short by a read error is that error, never a shorter list.
  Status scan_records(const std::string& prefix,
                      const std::function<Status(const boost::json::value&)>& each) const;
  // A key's value, nullopt when the key is absent; a failed read is a Status, never absent.
  Result<std::optional<std::string>> read_key(const std::string& key) const;
  // The id a record's key or its slug's key names: "" when neither is stored.
  Result<std::string> resolve_with(const std::string& record_key, const std::string& slug_key,
                                   std::string_view id_or_slug) const;
  Result<std::string> resolve(std::string_view id_or_slug) const;  // "" when unknown
  Result<std::optional<std::string>> node_raw(std::string_view id_or_slug) const;
  Status commit(Txn& txn);
  Result<std::string> resolve_thread(std::string_view entity, std::string_view id_or_slug) const;
  Status stage_contributions(Txn& txn, std::map<std::string, Contributions>& staged);
  void commit_contributions(std::map<std::string, Contributions>& staged);
  Status count_contributions_once();
  Result<Watch> write_watch(std::string_view user, std::string_view entity, std::string_view target,
                            const std::string& kind, const WriteMeta& meta);
  Status ready_for_write();
  Status validate_and_index(Txn& txn, const Node* before, Node& after);
  Status index_identifiers_once();
  void index_node(Txn& txn, const Node* before, const Node* after);
  Result<Node> write_node(Txn& txn, const Node* before, Node after, const std::string& kind,
                          const WriteMeta& meta);
  void remove_edge(Txn& txn, const Edge& edge, const WriteMeta& meta);
  Status relink_edge(Txn& txn, Edge& edge, int64_t rev, const WriteMeta& meta);
  Result<std::string> resolve_trail(std::string_view id_or_slug) const;  // "" when unknown
  Result<Trail> write_trail(Txn& txn, const Trail* before, Trail after, const std::string& kind,
                            const WriteMeta& meta, bool keep_gaps = false);
  Result<Trail> change_steps(std::string_view trail, std::optional<int64_t> if_match,
                             const WriteMeta& meta,
                             const std::function<Status(std::vector<TrailStep>&)>& edit);

  // Readers hold db_mu_ shared; only reopening after a write failure holds it exclusively.
  mutable std::shared_mutex db_mu_;
  std::unique_ptr<rocksdb::DB> db_;
  bool read_only_ = false;  // true while a failed reopen left only a read-only view
  StoreOptions options_;
  std::mutex write_mu_;
  std::atomic<uint64_t> last_seq_{0};
  mutable std::mutex seq_mu_;
  mutable std::condition_variable seq_cv_;
  mutable std::mutex health_mu_;
  std::string write_problem_;  // non-empty while writes fail
  std::atomic<uint64_t> syncs_{0};
  std::map<std::string, Contributions> contributions_;  // written under write_mu_
  std::unique_ptr<Adjacency> adjacency_;

  // with_one_sync's two ends: false when this thread already defers another store's syncs.
  bool begin_deferred_sync();
  Status end_deferred_sync();

  // Group commit (StoreOptions::group_commit). A public write runs its locked part inside
  // durably(): commit() then applies the batch without a sync and notes its last sequence
  // number, and once the lock is released the writer waits in await_durable() until a sync
  // covers it. The first waiter syncs for everyone written so far; the rest wait for it.
  template <typename Locked>
  auto durably(Locked&& locked) -> decltype(locked()) {
    struct Scope {
      Store& store;
      bool open;
      ~Scope() {
        if (open) (void)store.end_group_commit();  // unwinding: nothing to wait for
      }
    } scope{*this, begin_group_commit()};
    auto out = locked();
    if (!scope.open) return out;
    scope.open = false;
    auto [seq, epoch] = end_group_commit();
    if (seq == 0) return out;
    if (Status s = await_durable(seq, epoch); !s.is_ok()) return s;
    return out;
  }
  bool begin_group_commit();
  std::pair<uint64_t, uint64_t> end_group_commit();  // {last unsynced seq or 0, its epoch}
  Status await_durable(uint64_t seq, uint64_t epoch);
  // After a reopen the log may end earlier: sequence numbers are handed out again, so waits
  // from before it must not be answered by syncs after it.
  void restart_durability(uint64_t last_seq);

  std::mutex sync_mu_;
  std::condition_variable sync_cv_;
  uint64_t synced_seq_ = 0;         // every change up to here is on disk
  uint64_t failed_seq_ = 0;         // a sync failed for the changes up to here (this epoch)
  std::atomic<uint64_t> epoch_{0};  // changed under write_mu_ and sync_mu_
  bool syncing_ = false;
};

}  // namespace resgraph
