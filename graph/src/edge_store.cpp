// Edges: typed, directed, stored three times (by id, under the source's out-prefix and under
// the target's in-prefix) so that each direction of a node's edges is one prefix scan.
#include <rocksdb/db.h>

#include <boost/json/parse.hpp>

#include "adjacency.h"
#include "graph/store.h"
#include "keys.h"
#include "read_status.h"
#include "stored_json.h"
#include "txn.h"

namespace resgraph {

Result<Edge> Store::create_edge(const EdgeFields& f, const WriteMeta& meta) {
  if (!is_edge_type(f.type))
    return invalid("unknown edge type '" + f.type + "'; see GET /api/types for the known ones");
  return durably([&]() -> Result<Edge> {
    std::lock_guard lock(write_mu_);
    auto from_id = resolve(f.from);
    if (!from_id) return from_id.status();
    if (from_id->empty()) return invalid("edge source '" + f.from + "' is not a node");
    auto to_id = resolve(f.to);
    if (!to_id) return to_id.status();
    if (to_id->empty()) return invalid("edge target '" + f.to + "' is not a node");
    const std::string& from = *from_id;
    const std::string& to = *to_id;
    if (from == to) return invalid("an edge cannot link a node to itself");

    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
    const std::string same = keys::prefix({"o", from, f.type, to});
    it->Seek(same);
    if (it->Valid() && it->key().starts_with(same)) {
      std::string existing = it->key().ToString().substr(same.size());
      return conflict("edge '" + existing + "' already links these nodes with '" + f.type + "'")
          .with_existing(existing);
    }
    if (auto s = scan_status(*it); !s.is_ok()) return s;
    if (auto s = ready_for_write(); !s.is_ok()) return s;

    Txn txn(last_seq_);
    Edge e;
    e.id = new_id('e');
    e.from = from;
    e.to = to;
    e.type = f.type;
    e.attrs = f.attrs;
    e.provenance = f.provenance;
    e.rev = 1;
    e.created = {meta.author, txn.at_ms()};
    auto snapshot = to_json(e);
    txn.put_json(keys::edge(e.id), snapshot);
    txn.put_json(keys::out_edge(from, e.type, to, e.id), snapshot);
    txn.put_json(keys::in_edge(to, e.type, from, e.id), snapshot);
    txn.record("edge.created", "edge", e.id, e.rev, meta, std::move(snapshot));
    if (auto s = commit(txn); !s.is_ok()) return s;
    return e;
  });
}

void Store::remove_edge(Txn& txn, const Edge& e, const WriteMeta& meta) {
  txn.del(keys::edge(e.id));
  txn.del(keys::out_edge(e.from, e.type, e.to, e.id));
  txn.del(keys::in_edge(e.to, e.type, e.from, e.id));
  txn.record("edge.deleted", "edge", e.id, e.rev + 1, meta, to_json(e));
}

Result<Edge> Store::delete_edge(std::string_view id, const WriteMeta& meta) {
  return durably([&]() -> Result<Edge> {
    std::lock_guard lock(write_mu_);
    auto e = get_edge(id);
    if (!e) return e.status();
    if (auto s = ready_for_write(); !s.is_ok()) return s;
    Txn txn(last_seq_);
    remove_edge(txn, *e, meta);
    if (auto s = commit(txn); !s.is_ok()) return s;
    return *e;
  });
}

// Edges are never edited, only made and removed, so a revision names one of two states: the
// edge as it was made, or gone. Reverting brings the store to that state under the same id.
Result<Edge> Store::revert_edge(std::string_view id, int64_t to_rev, const WriteMeta& meta) {
  return durably([&]() -> Result<Edge> {
    std::lock_guard lock(write_mu_);
    auto target = revision(id, to_rev);
    if (!target) return target.status();
    auto head = history(id, 1);
    if (!head) return head.status();
    auto wanted = edge_from_json(target->snapshot);
    if (!wanted) return wanted.status();
    auto current = if_found(get_edge(id));
    if (!current) return current.status();
    if (auto s = ready_for_write(); !s.is_ok()) return s;
    Txn txn(last_seq_);
    if (target->kind == "deleted") {
      if (!*current) return invalid("edge '" + std::string(id) + "' is already removed");
      remove_edge(txn, **current, meta);
    } else {
      if (*current) return invalid("edge '" + std::string(id) + "' is already in place");
      if (auto s = relink_edge(txn, *wanted, head->front().rev + 1, meta); !s.is_ok()) return s;
    }
    if (auto s = commit(txn); !s.is_ok()) return s;
    if (*current) return **current;
    return *wanted;
  });
}

// Puts a removed edge back as it was, if both its ends are still there and no other edge of its
// type links them now.
Status Store::relink_edge(Txn& txn, Edge& e, int64_t rev, const WriteMeta& meta) {
  for (const auto& end : {e.from, e.to}) {
    auto raw = read_key(keys::node(end));
    if (!raw) return raw.status();
    if (!*raw) return invalid("node '" + end + "' at one end of edge '" + e.id + "' is gone");
  }
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  const std::string same = keys::prefix({"o", e.from, e.type, e.to});
  it->Seek(same);
  if (it->Valid() && it->key().starts_with(same)) {
    std::string existing = it->key().ToString().substr(same.size());
    return conflict("edge '" + existing + "' links these nodes with '" + e.type + "' now")
        .with_existing(existing);
  }
  if (auto s = scan_status(*it); !s.is_ok()) return s;
  e.rev = rev;
  auto snapshot = to_json(e);
  txn.put_json(keys::edge(e.id), snapshot);
  txn.put_json(keys::out_edge(e.from, e.type, e.to, e.id), snapshot);
  txn.put_json(keys::in_edge(e.to, e.type, e.from, e.id), snapshot);
  txn.record("edge.reverted", "edge", e.id, e.rev, meta, std::move(snapshot));
  return Status::ok();
}

Result<Edge> Store::get_edge(std::string_view id) const {
  std::shared_lock guard(db_mu_);
  auto raw = read_key(keys::edge(id));
  if (!raw) return raw.status();
  if (!*raw) return not_found("no edge with id '" + std::string(id) + "'");
  return edge_from_json(parse_stored(**raw));
}

Result<std::vector<Edge>> Store::edges_of(std::string_view id_or_slug, Direction dir,
                                          std::string_view type, size_t limit) const {
  std::shared_lock guard(db_mu_);
  auto resolved = resolve(id_or_slug);
  if (!resolved) return resolved.status();
  const std::string& id = *resolved;
  if (id.empty()) return not_found("no node with id or slug '" + std::string(id_or_slug) + "'");
  if (!type.empty() && !is_edge_type(type))
    return invalid("unknown edge type '" + std::string(type) + "'");
  std::vector<Edge> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  auto scan = [&](const char* side) -> Status {
    std::string prefix = type.empty() ? keys::prefix({side, id}) : keys::prefix({side, id, type});
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix) && out.size() < limit;
         it->Next()) {
      auto e = edge_from_json(parse_stored(it->value().ToString()));
      if (!e) return e.status();
      out.push_back(std::move(*e));
    }
    return scan_status(*it);
  };
  if (dir != Direction::in)
    if (auto s = scan("o"); !s.is_ok()) return s;
  if (dir != Direction::out)
    if (auto s = scan("i"); !s.is_ok()) return s;
  return out;
}

Result<std::vector<Edge>> Store::edge_refs(std::string_view id, Direction dir,
                                           std::string_view type, size_t limit) const {
  if (auto in_memory = adjacency_->around(id, dir, type, limit)) return std::move(*in_memory);
  std::shared_lock guard(db_mu_);
  std::vector<Edge> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  auto scan = [&](const char* side) {
    std::string prefix = type.empty() ? keys::prefix({side, id}) : keys::prefix({side, id, type});
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix) && out.size() < limit;
         it->Next()) {
      // side|near|type|far|edge
      std::string_view k(it->key().data(), it->key().size());
      k.remove_prefix(std::string_view(side).size() + 1 + id.size() + 1);
      size_t a = k.find('\0'), b = k.find('\0', a + 1);
      if (a == std::string_view::npos || b == std::string_view::npos) continue;
      Edge e;
      e.type = std::string(k.substr(0, a));
      std::string far(k.substr(a + 1, b - a - 1));
      e.id = std::string(k.substr(b + 1));
      e.from = side[0] == 'o' ? std::string(id) : far;
      e.to = side[0] == 'o' ? far : std::string(id);
      out.push_back(std::move(e));
    }
    return scan_status(*it);
  };
  if (dir != Direction::in)
    if (auto s = scan("o"); !s.is_ok()) return s;
  if (dir != Direction::out)
    if (auto s = scan("i"); !s.is_ok()) return s;
  return out;
}

}  // namespace resgraph
