#include "adjacency.h"

#include <algorithm>
#include <chrono>
#include <mutex>

#include "keys.h"
#include "read_status.h"

namespace resgraph {
namespace {

// "o\0from\0type\0to\0id" -> its four parts; false for any other key.
bool parse_out_key(std::string_view key, std::string_view (&parts)[4]) {
  if (key.size() < 2 || key[0] != 'o' || key[1] != '\0') return false;
  key.remove_prefix(2);
  for (int i = 0; i < 3; ++i) {
    size_t cut = key.find('\0');
    if (cut == std::string_view::npos) return false;
    parts[i] = key.substr(0, cut);
    key.remove_prefix(cut + 1);
  }
  parts[3] = key;
  return true;
}

class EdgeChanges : public rocksdb::WriteBatch::Handler {
 public:
  explicit EdgeChanges(Adjacency& adjacency) : adjacency_(adjacency) {}
  rocksdb::Status PutCF(uint32_t, const rocksdb::Slice& key, const rocksdb::Slice&) override {
    std::string_view p[4];
    if (parse_out_key(key.ToStringView(), p)) adjacency_.add(p[0], p[1], p[2], p[3]);
    return rocksdb::Status::OK();
  }
  rocksdb::Status DeleteCF(uint32_t, const rocksdb::Slice& key) override {
    std::string_view p[4];
    if (parse_out_key(key.ToStringView(), p)) adjacency_.remove(p[0], p[1], p[2], p[3]);
    return rocksdb::Status::OK();
  }

 private:
  Adjacency& adjacency_;
};

}  // namespace

Status Adjacency::build(rocksdb::DB& db) {
  std::lock_guard one_build(build_mu_);
  {
    std::unique_lock lock(mu_);
    if (state_ == State::built) return Status::ok();
    clear();
    state_ = State::building;  // from here on, committed batches wait in pending_
  }
  auto started = std::chrono::steady_clock::now();
  Status read;
  read_all(db, read);
  std::unique_lock lock(mu_);
  if (!read.is_ok()) {
    clear();
    state_ = State::absent;
    return read;
  }
  // Batches committed during the scan, in commit order. The scan may have seen some of them
  // already: adding an edge that is there, or removing one that is not, changes nothing.
  EdgeChanges changes(*this);
  for (const auto& data : pending_) (void)rocksdb::WriteBatch(data).Iterate(&changes);
  pending_.clear();
  state_ = State::built;
  build_ms_ =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return Status::ok();
}

// Runs without mu_: nobody reads the structures before the state says built, and batches
// committed meanwhile are queued, not applied.
void Adjacency::read_all(rocksdb::DB& db, Status& status) {
  rocksdb::ReadOptions ro;
  ro.fill_cache = false;  // one pass over every edge would push the nodes out of the cache
  std::unique_ptr<rocksdb::Iterator> it(db.NewIterator(ro));
  const std::string prefix = keys::prefix({"o"});
  std::string_view p[4];
  // Keys come in order (from, type, to, id): each node's outgoing halves arrive sorted, and its
  // incoming ones sorted by far end and id within a type, so a stable sort by type orders them.
  std::vector<std::vector<Half>> incoming;
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next())
    if (parse_out_key(it->key().ToStringView(), p)) {
      uint32_t from = node_index(p[0]), to = node_index(p[2]);
      uint16_t type = type_index(p[1]);
      uint32_t edge = static_cast<uint32_t>(edge_at_.size() - 1);
      edge_arena_.append(p[3]);
      edge_at_.push_back(static_cast<uint32_t>(edge_arena_.size()));
      halves_[from].push_back({to, edge, type, true});
      if (incoming.size() <= to) incoming.resize(node_ids_.size());
      incoming[to].push_back({from, edge, type, false});
      ++edge_count_;
    }
  status = scan_status(*it);
  incoming.resize(node_ids_.size());
  for (size_t n = 0; n < incoming.size(); ++n) {
    std::stable_sort(incoming[n].begin(), incoming[n].end(),
                     [&](const Half& a, const Half& b) { return types_[a.type] < types_[b.type]; });
    halves_[n].insert(halves_[n].end(), incoming[n].begin(), incoming[n].end());
    std::vector<Half>().swap(incoming[n]);
  }
}

bool Adjacency::built() const {
  std::shared_lock lock(mu_);
  return state_ == State::built;
}

void Adjacency::drop() {
  std::lock_guard no_build(build_mu_);  // a build in progress fills what this would clear
  std::unique_lock lock(mu_);
  clear();
  state_ = State::absent;
}

void Adjacency::clear() {
  pending_.clear();
  edge_count_ = 0;
  node_of_.clear();
  node_ids_.clear();
  halves_.clear();
  types_.clear();
  edge_arena_.clear();
  edge_at_.assign(1, 0);
}

void Adjacency::apply(const rocksdb::WriteBatch& batch) {
  std::unique_lock lock(mu_);
  if (state_ == State::building) pending_.push_back(batch.Data());
  if (state_ != State::built) return;
  EdgeChanges changes(*this);
  (void)batch.Iterate(&changes);  // the handler never fails
}

uint32_t Adjacency::node_index(std::string_view id) {
  auto [it, added] = node_of_.try_emplace(std::string(id), static_cast<uint32_t>(node_ids_.size()));
  if (added) {
    node_ids_.emplace_back(id);
    halves_.emplace_back();
  }
  return it->second;
}

uint16_t Adjacency::type_index(std::string_view type) {
  auto it = std::find(types_.begin(), types_.end(), type);
  if (it != types_.end()) return static_cast<uint16_t>(it - types_.begin());
  types_.emplace_back(type);
  return static_cast<uint16_t>(types_.size() - 1);
}

bool Adjacency::before(const Half& a, const Half& b) const {
  if (a.out != b.out) return a.out;
  if (a.type != b.type) return types_[a.type] < types_[b.type];
  if (a.far != b.far) return node_ids_[a.far] < node_ids_[b.far];
  return edge_id(a.edge) < edge_id(b.edge);
}

void Adjacency::insert(uint32_t at, const Half& h) {
  auto& list = halves_[at];
  list.insert(std::upper_bound(list.begin(), list.end(), h,
                               [&](const Half& x, const Half& y) { return before(x, y); }),
              h);
}

// Called with mu_ held (from apply). An edge whose "o" key is written again (a revert writes
// the same key) is there already: nothing to add.
void Adjacency::add(std::string_view from, std::string_view type, std::string_view to,
                    std::string_view id) {
  uint32_t a = node_index(from), b = node_index(to);
  uint16_t t = type_index(type);
  for (const Half& h : halves_[a])
    if (h.out && h.far == b && h.type == t && edge_id(h.edge) == id) return;
  uint32_t edge = static_cast<uint32_t>(edge_at_.size() - 1);
  edge_arena_.append(id);
  edge_at_.push_back(static_cast<uint32_t>(edge_arena_.size()));
  insert(a, {b, edge, t, true});
  insert(b, {a, edge, t, false});
  ++edge_count_;
}

void Adjacency::remove(std::string_view from, std::string_view type, std::string_view to,
                       std::string_view id) {
  auto a = node_of_.find(std::string(from));
  auto b = node_of_.find(std::string(to));
  if (a == node_of_.end() || b == node_of_.end()) return;
  auto same = [&](const Half& h, uint32_t far, bool out) {
    return h.out == out && h.far == far && types_[h.type] == type && edge_id(h.edge) == id;
  };
  size_t before_count = halves_[a->second].size();
  std::erase_if(halves_[a->second], [&](const Half& h) { return same(h, b->second, true); });
  std::erase_if(halves_[b->second], [&](const Half& h) { return same(h, a->second, false); });
  if (halves_[a->second].size() < before_count) --edge_count_;
}

std::optional<std::vector<Edge>> Adjacency::around(std::string_view id, Direction dir,
                                                   std::string_view type, size_t limit) const {
  if (!built()) return std::nullopt;
  View view(*this);
  if (state_ != State::built) return std::nullopt;  // dropped meanwhile
  std::vector<Edge> out;
  auto n = view.index_of(id);
  if (!n) return out;
  for (const Half& h : halves_[*n]) {
    if (out.size() >= limit) break;
    if ((h.out && dir == Direction::in) || (!h.out && dir == Direction::out)) continue;
    if (!type.empty() && types_[h.type] != type) continue;
    out.push_back(view.edge(*n, h));
  }
  return out;
}

std::optional<uint32_t> Adjacency::View::index_of(std::string_view id) const {
  auto it = a_.node_of_.find(std::string(id));
  if (it == a_.node_of_.end()) return std::nullopt;
  return it->second;
}

std::vector<int> Adjacency::View::type_indexes(const std::vector<std::string>& names) const {
  std::vector<int> out;
  for (const auto& name : names) {
    auto it = std::find(a_.types_.begin(), a_.types_.end(), name);
    out.push_back(it == a_.types_.end() ? -1 : static_cast<int>(it - a_.types_.begin()));
  }
  return out;
}

Edge Adjacency::View::edge(uint32_t n, const Half& h) const {
  Edge e;
  e.type = a_.types_[h.type];
  e.id = std::string(a_.edge_id(h.edge));
  e.from = h.out ? a_.node_ids_[n] : a_.node_ids_[h.far];
  e.to = h.out ? a_.node_ids_[h.far] : a_.node_ids_[n];
  return e;
}

Adjacency::Stats Adjacency::stats() const {
  std::shared_lock lock(mu_);
  Stats s;
  s.built = state_ == State::built;
  s.nodes = node_ids_.size();
  s.edges = edge_count_;
  s.build_ms = build_ms_;
  s.bytes = edge_arena_.capacity() + edge_at_.capacity() * sizeof(uint32_t) +
            halves_.capacity() * sizeof(std::vector<Half>) +
            node_ids_.capacity() * sizeof(std::string) +
            node_of_.size() * (sizeof(std::string) + sizeof(uint32_t) + 2 * sizeof(void*));
  for (const auto& list : halves_) s.bytes += list.capacity() * sizeof(Half);
  for (const auto& id : node_ids_) s.bytes += id.capacity() > 15 ? id.capacity() * 2 : 0;
  return s;
}

}  // namespace resgraph
