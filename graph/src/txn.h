// One write in the making: the RocksDB batch and the change-log entries it will append.
// Sequence numbers are handed out here but only become real when Store::commit succeeds.
#pragma once

#include <rocksdb/write_batch.h>

#include <boost/json/serialize.hpp>
#include <vector>

#include "graph/change_log.h"
#include "graph/ids.h"
#include "graph/store.h"
#include "graph/text.h"
#include "keys.h"

namespace resgraph {

class Store::Txn {
 public:
  explicit Txn(uint64_t last_seq) : next_seq_(last_seq + 1), at_ms_(now_ms()) {}

  void put(const std::string& key, std::string_view value) { batch_.Put(key, value); }
  // The store's last guard: whatever a caller forgot to check, no invalid UTF-8 is written,
  // since every reader of the record and of the change log would fail on it.
  void put_json(const std::string& key, const boost::json::value& v) {
    if (problem_.is_ok()) problem_ = text::check("", v);
    batch_.Put(key, boost::json::serialize(v));
  }
  // Not ok when a staged record holds text that may not be stored; commit refuses the batch.
  const Status& problem() const { return problem_; }
  void del(const std::string& key) { batch_.Delete(key); }

  // Appends a change-log entry and the matching revision to the batch.
  void record(const std::string& kind, const std::string& entity, const std::string& id,
              int64_t rev, const WriteMeta& meta, boost::json::value data) {
    ChangeEntry e;
    e.seq = next_seq_++;
    e.kind = kind;
    e.entity = entity;
    e.id = id;
    e.rev = rev;
    e.author = meta.author;
    e.at_ms = at_ms_;
    e.comment = meta.comment;
    e.data = data;
    Revision r;
    r.id = id;
    r.rev = rev;
    r.kind = kind.substr(kind.find('.') + 1);
    r.author = meta.author;
    r.at_ms = at_ms_;
    r.comment = meta.comment;
    r.seq = e.seq;
    r.snapshot = std::move(data);
    put_json(keys::change(e.seq), to_json(e));
    put_json(keys::revision(id, rev), to_json(r));
    entries_.push_back(std::move(e));
  }

  int64_t at_ms() const { return at_ms_; }
  uint64_t last_assigned() const { return next_seq_ - 1; }
  rocksdb::WriteBatch& batch() { return batch_; }
  const std::vector<ChangeEntry>& entries() const { return entries_; }

 private:
  rocksdb::WriteBatch batch_;
  uint64_t next_seq_;
  int64_t at_ms_;
  std::vector<ChangeEntry> entries_;
  Status problem_;
};

}  // namespace resgraph
