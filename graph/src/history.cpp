// Reading revisions. They are never rewritten, so a deleted node keeps its history.
#include <rocksdb/db.h>

#include <boost/json/parse.hpp>

#include "graph/store.h"
#include "keys.h"
#include "read_status.h"
#include "stored_json.h"

namespace resgraph {

Result<std::vector<Revision>> Store::history(std::string_view id_or_slug, size_t limit) const {
  std::shared_lock guard(db_mu_);
  auto resolved = resolve(id_or_slug);
  if (!resolved) return resolved.status();
  std::string id = resolved->empty() ? std::string(id_or_slug) : *resolved;  // a deleted node
                                                                             // or an edge, by id
  const std::string prefix = keys::prefix({"r", id});
  std::vector<Revision> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  // Newest first: start past the prefix and walk back.
  for (it->SeekForPrev(keys::prefix_end({"r", id}));
       it->Valid() && it->key().starts_with(prefix) && out.size() < limit; it->Prev())
    out.push_back(revision_from_json(parse_stored(it->value().ToString())));
  if (auto s = scan_status(*it); !s.is_ok()) return s;
  if (out.empty() && limit > 0)
    return not_found("no history for '" + std::string(id_or_slug) + "'");
  return out;
}

Result<Revision> Store::revision(std::string_view id_or_slug, int64_t rev) const {
  std::shared_lock guard(db_mu_);
  if (rev < 1) return invalid("revisions are numbered from 1");
  auto resolved = resolve(id_or_slug);
  if (!resolved) return resolved.status();
  std::string id = resolved->empty() ? std::string(id_or_slug) : *resolved;
  auto raw = read_key(keys::revision(id, rev));
  if (!raw) return raw.status();
  if (!*raw)
    return not_found("'" + std::string(id_or_slug) + "' has no revision " + std::to_string(rev));
  return revision_from_json(parse_stored(**raw));
}

}  // namespace resgraph
