// Watches: a record per person and watched node or trail, holding the last change-log entry
// they have seen of it. Added, removed and "seen" are change-log entries (watch.*), read only
// by moderators, as sign-ins are: what someone follows is theirs.
#include <rocksdb/db.h>

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

Watch watch_from(const json::value& v) {
  Watch w;
  if (!v.is_object()) return w;
  const auto& o = v.get_object();
  w.user = json_read::str(o, "user");
  w.entity = json_read::str(o, "entity");
  w.target = json_read::str(o, "target");
  w.seen_seq = static_cast<uint64_t>(json_read::num(o, "seen_seq"));
  w.seen_ms = json_read::num(o, "seen");
  w.added_ms = json_read::num(o, "added");
  return w;
}

}  // namespace

Result<Watch> Store::write_watch(std::string_view user, std::string_view entity,
                                 std::string_view target, const std::string& kind,
                                 const WriteMeta& meta) {
  if (user.empty()) return invalid("watching needs a signed-in user");
  return durably([&]() -> Result<Watch> {
    std::lock_guard lock(write_mu_);
    auto id = resolve_thread(entity, target);
    if (!id) return id.status();
    auto raw = read_key(keys::watch(user, *id));
    if (!raw) return raw.status();
    const bool adding = kind == "watch.added";
    if (adding == raw->has_value())
      return adding ? Status(Code::conflict, "already watching '" + std::string(target) + "'")
                    : not_found("not watching '" + std::string(target) + "'");
    if (auto s = ready_for_write(); !s.is_ok()) return s;
    Txn txn(last_seq_);
    Watch w = *raw ? watch_from(parse_stored(**raw)) : Watch{};
    if (adding) w = {std::string(user), std::string(entity), *id, 0, 0, txn.at_ms()};
    w.seen_seq = last_seq_.load();  // what there is now counts as seen
    w.seen_ms = txn.at_ms();
    const std::string log_id = "watch:" + std::string(user) + ":" + *id;
    auto head = history(log_id, 1);
    const int64_t rev = head && !head->empty() ? head->front().rev + 1 : 1;
    if (kind == "watch.removed")
      txn.del(keys::watch(user, *id));
    else
      txn.put_json(keys::watch(user, *id), to_json(w));
    txn.record(kind, "watch", log_id, rev, meta, to_json(w));
    if (auto s = commit(txn); !s.is_ok()) return s;
    return w;
  });
}

Result<Watch> Store::watch(std::string_view user, std::string_view entity, std::string_view target,
                           const WriteMeta& meta) {
  return write_watch(user, entity, target, "watch.added", meta);
}

Result<Watch> Store::unwatch(std::string_view user, std::string_view entity,
                             std::string_view target, const WriteMeta& meta) {
  return write_watch(user, entity, target, "watch.removed", meta);
}

Result<Watch> Store::mark_seen(std::string_view user, std::string_view entity,
                               std::string_view target, const WriteMeta& meta) {
  return write_watch(user, entity, target, "watch.seen", meta);
}

Result<std::optional<Watch>> Store::get_watch(std::string_view user, std::string_view entity,
                                              std::string_view target) const {
  std::shared_lock guard(db_mu_);
  auto id = resolve_thread(entity, target);
  if (!id) return id.status();
  auto raw = read_key(keys::watch(user, *id));
  if (!raw) return raw.status();
  if (!*raw) return std::optional<Watch>();
  return std::optional<Watch>(watch_from(parse_stored(**raw)));
}

Result<std::vector<Watch>> Store::watches_of(std::string_view user) const {
  std::vector<Watch> out;
  auto s = scan_records(keys::prefix({"w", user}), [&](const json::value& v) {
    out.push_back(watch_from(v));
    return Status::ok();
  });
  if (!s.is_ok()) return s;
  return out;
}

}  // namespace resgraph
