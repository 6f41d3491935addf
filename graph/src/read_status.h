// How a failed RocksDB read becomes a Status. A read that fails is never taken for a key that
// is absent: an I/O error answered as "no such node" would let a writer create a duplicate or
// tell a reader that a record it saw a moment ago is gone.
#pragma once

#include <rocksdb/iterator.h>
#include <rocksdb/status.h>

#include "graph/status.h"

namespace resgraph {

inline Status read_failed(const rocksdb::Status& s) {
  // Damage is a bug or a disk to replace (`resgraph check`); anything else may pass by itself.
  if (s.IsCorruption()) return internal("the store is damaged: " + s.ToString());
  return retry_later("the store could not be read: " + s.ToString());
}

// After a scan: ok, or why the iterator stopped before the end of its range.
inline Status scan_status(const rocksdb::Iterator& it) {
  auto s = it.status();
  return s.ok() ? Status::ok() : read_failed(s);
}

}  // namespace resgraph
