// Patrol and contributions. A moderator's mark that a change has been looked at is a key per
// change-log entry, written with its own entry (change.patrolled). Each name's count of edits
// and the time of its first is kept up to date by every commit, in the same batch, so "new
// contributors" is one read per author, not a scan of the log.
#include <rocksdb/db.h>

#include <boost/json/serialize.hpp>
#include <map>

#include "graph/discussion.h"
#include "graph/store.h"
#include "json_read.h"
#include "keys.h"
#include "read_status.h"
#include "stored_json.h"
#include "txn.h"

namespace resgraph {
namespace json = boost::json;

namespace {

bool counts_as_edit(const ChangeEntry& e) {
  return !e.author.empty() &&
         (e.entity == "node" || e.entity == "edge" || e.entity == "trail" || e.entity == "comment");
}

Contributions contributions_from(std::string_view raw) {
  auto v = parse_stored(std::string(raw));
  if (!v.is_object()) return {};
  return {json_read::num(v.get_object(), "first"),
          static_cast<uint64_t>(json_read::num(v.get_object(), "edits"))};
}

}  // namespace

Result<size_t> Store::mark_patrolled(const std::vector<uint64_t>& seqs, const WriteMeta& meta) {
  if (seqs.empty() || seqs.size() > 1000) return invalid("mark 1 to 1000 changes at a time");
  return durably([&]() -> Result<size_t> {
    std::lock_guard lock(write_mu_);
    const uint64_t last = last_seq_.load();
    json::array marked;
    for (uint64_t seq : seqs) {
      if (seq == 0 || seq > last)
        return invalid("there is no change " + std::to_string(seq) + " in the log");
      auto done = read_key(keys::patrolled(seq));
      if (!done) return done.status();
      if (!*done) marked.push_back(seq);
    }
    if (marked.empty()) return size_t{0};
    if (auto s = ready_for_write(); !s.is_ok()) return s;
    Txn txn(last_seq_);
    for (const auto& seq : marked)
      txn.put_json(keys::patrolled(seq.as_uint64()),
                   json::object{{"by", meta.author}, {"at", txn.at_ms()}});
    const size_t n = marked.size();
    const std::string id = "patrol:" + std::to_string(marked.front().as_uint64());
    txn.record("change.patrolled", "patrol", id, 1, meta,
               json::object{{"seqs", std::move(marked)}});
    if (auto s = commit(txn); !s.is_ok()) return s;
    return n;
  });
}

Result<std::vector<bool>> Store::patrolled(const std::vector<uint64_t>& seqs) const {
  std::shared_lock guard(db_mu_);
  std::vector<bool> out;
  out.reserve(seqs.size());
  for (uint64_t seq : seqs) {
    auto raw = read_key(keys::patrolled(seq));
    if (!raw) return raw.status();
    out.push_back(raw->has_value());
  }
  return out;
}

Result<Contributions> Store::contributions(std::string_view name) const {
  std::shared_lock guard(db_mu_);
  auto raw = read_key(keys::contributions(name));
  if (!raw) return raw.status();
  return *raw ? contributions_from(**raw) : Contributions{};
}

// Called by commit, under the write lock: the counts of this batch's authors, staged in it.
// The cache is updated by commit_contributions once the batch is written.
Status Store::stage_contributions(Txn& txn, std::map<std::string, Contributions>& staged) {
  for (const auto& e : txn.entries()) {
    if (!counts_as_edit(e)) continue;
    auto found = staged.find(e.author);
    if (found == staged.end()) {
      Contributions now;
      if (auto cached = contributions_.find(e.author); cached != contributions_.end()) {
        now = cached->second;
      } else {
        auto raw = read_key(keys::contributions(e.author));
        if (!raw) return raw.status();
        if (*raw) now = contributions_from(**raw);
      }
      found = staged.emplace(e.author, now).first;
    }
    if (found->second.first_ms == 0) found->second.first_ms = e.at_ms;
    found->second.edits += 1;
  }
  for (const auto& [name, c] : staged) txn.put_json(keys::contributions(name), to_json(c));
  return Status::ok();
}

void Store::commit_contributions(std::map<std::string, Contributions>& staged) {
  for (auto& [name, c] : staged) contributions_[name] = c;
  if (contributions_.size() > 100000) contributions_.clear();  // a bound, not a need
}

// A store written before contributions were counted: one pass over the log counts them.
Status Store::count_contributions_once() {
  auto done = read_key(keys::contributions_counted());
  if (!done) return done.status();
  if (*done) return Status::ok();
  std::map<std::string, Contributions> counted;
  for (uint64_t after = 0;;) {
    auto page = changes_since(after, 5000);
    if (!page) return page.status();
    if (page->empty()) break;
    for (const auto& e : *page) {
      if (!counts_as_edit(e)) continue;
      auto& c = counted[e.author];
      if (c.first_ms == 0) c.first_ms = e.at_ms;
      c.edits += 1;
    }
    after = page->back().seq;
  }
  rocksdb::WriteBatch batch;
  for (const auto& [name, c] : counted)
    batch.Put(keys::contributions(name), json::serialize(to_json(c)));
  batch.Put(keys::contributions_counted(), "1");
  rocksdb::WriteOptions sync;
  sync.sync = options_.sync;
  auto s = db_->Write(sync, &batch);
  return s.ok() ? Status::ok() : unavailable("cannot count contributions: " + s.ToString());
}

}  // namespace resgraph
