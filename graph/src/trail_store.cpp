// Trails in the store: `tr|id` holds the trail, `ts|slug` finds it, and `tn|node|trail` lists
// the trails through a node. Every change is one batch with its revision and log entry.
#include <rocksdb/db.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <set>
#include <tuple>

#include "graph/store.h"
#include "graph/text.h"
#include "graph/url_key.h"
#include "json_read.h"
#include "keys.h"
#include "read_status.h"
#include "stored_json.h"
#include "txn.h"

namespace resgraph {
using json_read::num;
using json_read::str;
namespace json = boost::json;
namespace {

constexpr size_t kMaxSteps = 500;

Status conflict_at(const Trail& t, int64_t wanted) {
  return stale_revision("trail", t.slug, t.id, t.rev, wanted);
}

}  // namespace

json::object to_json(const Trail& t) {
  json::array steps;
  for (const auto& s : t.steps)
    steps.push_back(json::object{{"node", s.node}, {"title", s.title}, {"note", s.note}});
  return {{"id", t.id},
          {"slug", t.slug},
          {"title", t.title},
          {"description", t.description},
          {"owner", t.owner},
          {"steps", std::move(steps)},
          {"provenance", t.provenance},
          {"rev", t.rev},
          {"created", to_json(t.created)},
          {"updated", to_json(t.updated)}};
}

Result<Trail> trail_from_json(const json::value& v) {
  if (!v.is_object()) return internal("stored trail is not an object");
  const auto& o = v.get_object();
  Trail t;
  t.id = str(o, "id");
  t.slug = str(o, "slug");
  t.title = str(o, "title");
  t.description = str(o, "description");
  t.owner = str(o, "owner");
  if (auto* steps = o.if_contains("steps"); steps && steps->is_array())
    for (const auto& s : steps->get_array())
      if (s.is_object())
        t.steps.push_back({str(s.get_object(), "node"), str(s.get_object(), "title"),
                           str(s.get_object(), "note")});
  if (auto* p = o.if_contains("provenance"); p && p->is_array()) t.provenance = p->get_array();
  if (auto* r = o.if_contains("rev"); r && r->is_int64()) t.rev = r->get_int64();
  t.created = stamp_from_json(o.if_contains("created"));
  t.updated = stamp_from_json(o.if_contains("updated"));
  return t;
}

Result<std::string> Store::resolve_trail(std::string_view id_or_slug) const {
  return resolve_with(keys::trail(id_or_slug), keys::trail_slug(id_or_slug), id_or_slug);
}

Result<Trail> Store::get_trail(std::string_view id_or_slug) const {
  std::shared_lock guard(db_mu_);
  auto id = resolve_trail(id_or_slug);
  if (!id) return id.status();
  if (id->empty()) return not_found("no trail with id or slug '" + std::string(id_or_slug) + "'");
  auto raw = read_key(keys::trail(*id));
  if (!raw) return raw.status();
  if (!*raw) return not_found("trail '" + *id + "' was just deleted");
  return trail_from_json(parse_stored(**raw));
}

Result<std::vector<Trail>> Store::list_trails(std::string_view after, size_t limit) const {
  std::shared_lock guard(db_mu_);
  std::vector<Trail> out;
  const std::string prefix = keys::prefix({"tr"});
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(after.empty() ? prefix : prefix + std::string(after) + std::string(1, '\0'));
       it->Valid() && it->key().starts_with(prefix) && out.size() < limit; it->Next()) {
    auto t = trail_from_json(parse_stored(it->value().ToString()));
    if (!t) return t.status();
    out.push_back(std::move(*t));
  }
  if (auto s = scan_status(*it); !s.is_ok()) return s;
  return out;
}

Result<std::vector<Trail>> Store::trails_through(std::string_view id_or_slug, size_t limit) const {
  std::vector<std::string> ids;
  {
    std::shared_lock guard(db_mu_);
    auto node = resolve(id_or_slug);
    if (!node) return node.status();
    if (node->empty())
      return not_found("no node with id or slug '" + std::string(id_or_slug) + "'");
    const std::string prefix = keys::prefix({"tn", *node});
    std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix) && ids.size() < limit;
         it->Next())
      ids.push_back(it->key().ToString().substr(prefix.size()));
    if (auto s = scan_status(*it); !s.is_ok()) return s;
  }
  std::vector<Trail> out;
  for (const auto& id : ids) {
    auto t = if_found(get_trail(id));  // deleted since the scan: not a failure
    if (!t) return t.status();
    if (*t) out.push_back(std::move(**t));
  }
  return out;
}

// Validates, indexes and commits a trail. Steps name nodes by id or slug on the way in and by
// id once stored; a step whose node no longer exists is kept as it is (the gap).
Result<Trail> Store::write_trail(Txn& txn, const Trail* before, Trail after,
                                 const std::string& kind, const WriteMeta& meta, bool keep_gaps) {
  for (auto [field, value, shape] : {std::tuple{"title", &after.title, text::Shape::line},
                                     {"slug", &after.slug, text::Shape::line},
                                     {"description", &after.description, text::Shape::multiline}})
    if (auto s = text::check(field, *value, shape); !s.is_ok()) return s;
  for (const auto& step : after.steps) {
    if (auto s = text::check("steps[].node", step.node, text::Shape::line); !s.is_ok()) return s;
    if (auto s = text::check("steps[].note", step.note, text::Shape::multiline); !s.is_ok())
      return s;
  }
  if (title_key(after.title).empty())
    return invalid("a trail needs a title with a letter or digit");
  if (after.title.size() > 300) return invalid("a trail title is at most 300 bytes");
  if (after.description.size() > 20000)
    return invalid("a trail description is at most 20000 bytes");
  if (after.steps.size() > kMaxSteps) return invalid("a trail has at most 500 steps");
  for (auto& step : after.steps) {
    bool known = before && std::any_of(before->steps.begin(), before->steps.end(),
                                       [&](const TrailStep& s) { return s.node == step.node; });
    auto id = resolve(step.node);
    if (!id) return id.status();
    if (id->empty() && !known && !keep_gaps)
      return invalid("step node '" + step.node + "' is not a node");
    if (!id->empty()) {
      step.node = *id;
      auto raw = read_key(keys::node(*id));
      if (!raw) return raw.status();
      if (*raw)
        if (auto n = node_from_json(parse_stored(**raw))) step.title = n->title;
    }
    if (step.note.size() > 5000) return invalid("a step note is at most 5000 bytes");
  }
  // The trail that holds a slug, other than this one: "" when the slug is free.
  auto holder = [&](const std::string& slug) -> Result<std::string> {
    auto other = read_key(keys::trail_slug(slug));
    if (!other) return other.status();
    return *other && **other != after.id ? **other : std::string();
  };
  if (after.slug.empty()) {
    std::string base = slugify(after.title);
    after.slug = base;
    for (int i = 2;; ++i) {
      auto other = holder(after.slug);
      if (!other) return other.status();
      if (other->empty()) break;
      after.slug = base + "-" + std::to_string(i);
    }
  } else {
    auto other = holder(after.slug);
    if (!other) return other.status();
    if (!other->empty()) return duplicate("trail slug '" + after.slug + "' is taken", *other);
  }
  for (char c : after.slug)
    if (!(std::islower(static_cast<unsigned char>(c)) ||
          std::isdigit(static_cast<unsigned char>(c)) || c == '-'))
      return invalid("a trail slug uses a-z, 0-9 and '-'");

  std::set<std::string> old_nodes, new_nodes;
  if (before)
    for (const auto& s : before->steps) old_nodes.insert(s.node);
  for (const auto& s : after.steps) new_nodes.insert(s.node);
  for (const auto& n : old_nodes)
    if (!new_nodes.count(n)) txn.del(keys::trail_node(n, after.id));
  for (const auto& n : new_nodes) txn.put(keys::trail_node(n, after.id), "");
  if (before && before->slug != after.slug) txn.del(keys::trail_slug(before->slug));
  txn.put(keys::trail_slug(after.slug), after.id);

  // A restored deletion continues the count its history reached (the caller sets it).
  after.rev = before ? before->rev + 1 : std::max<int64_t>(1, after.rev);
  after.updated = {meta.author, txn.at_ms()};
  if (!before) after.created = after.updated;
  auto snapshot = to_json(after);
  txn.put_json(keys::trail(after.id), snapshot);
  txn.record(kind, "trail", after.id, after.rev, meta, std::move(snapshot));
  if (auto s = commit(txn); !s.is_ok()) return s;
  return after;
}

Result<Trail> Store::create_trail(const TrailFields& f, const WriteMeta& meta) {
  if (!f.title) return invalid("title is required");
  Trail t;
  t.id = new_id('t');
  t.title = *f.title;
  t.slug = f.slug.value_or("");
  t.description = f.description.value_or("");
  t.owner = meta.author;
  if (f.steps) t.steps = *f.steps;
  if (f.provenance) t.provenance = *f.provenance;
  return durably([&]() -> Result<Trail> {
    std::lock_guard lock(write_mu_);
    if (auto s = ready_for_write(); !s.is_ok()) return s;
    Txn txn(last_seq_);
    return write_trail(txn, nullptr, std::move(t), "trail.created", meta);
  });
}

Result<Trail> Store::update_trail(std::string_view id_or_slug, const TrailFields& f,
                                  std::optional<int64_t> if_match, const WriteMeta& meta) {
  return durably([&]() -> Result<Trail> {
    std::lock_guard lock(write_mu_);
    auto current = get_trail(id_or_slug);
    if (!current) return current.status();
    if (if_match && *if_match != current->rev) return conflict_at(*current, *if_match);
    Trail after = *current;
    if (f.title) after.title = *f.title;
    if (f.slug) after.slug = *f.slug;
    if (f.description) after.description = *f.description;
    if (f.steps) after.steps = *f.steps;
    if (f.provenance) after.provenance = *f.provenance;
    if (auto s = ready_for_write(); !s.is_ok()) return s;
    Txn txn(last_seq_);
    return write_trail(txn, &*current, std::move(after), "trail.updated", meta);
  });
}

Result<Trail> Store::delete_trail(std::string_view id_or_slug, std::optional<int64_t> if_match,
                                  const WriteMeta& meta) {
  return durably([&]() -> Result<Trail> {
    std::lock_guard lock(write_mu_);
    auto current = get_trail(id_or_slug);
    if (!current) return current.status();
    if (if_match && *if_match != current->rev) return conflict_at(*current, *if_match);
    if (auto s = ready_for_write(); !s.is_ok()) return s;
    Txn txn(last_seq_);
    for (const auto& s : current->steps) txn.del(keys::trail_node(s.node, current->id));
    txn.del(keys::trail_slug(current->slug));
    txn.del(keys::trail(current->id));
    Trail gone = *current;
    gone.rev += 1;
    gone.updated = {meta.author, txn.at_ms()};
    txn.record("trail.deleted", "trail", gone.id, gone.rev, meta, to_json(gone));
    if (auto s = commit(txn); !s.is_ok()) return s;
    return gone;
  });
}

// Brings back an earlier revision's title, description and steps (a step whose node was
// deleted since comes back as a gap), or a deleted trail, as a new revision.
Result<Trail> Store::revert_trail(std::string_view id_or_slug, int64_t to_rev,
                                  std::optional<int64_t> if_match, const WriteMeta& meta) {
  return durably([&]() -> Result<Trail> {
    std::lock_guard lock(write_mu_);
    auto resolved = resolve_trail(id_or_slug);
    if (!resolved) return resolved.status();
    std::string id = resolved->empty() ? std::string(id_or_slug) : *resolved;  // deleted: by id
    auto target = revision(id, to_rev);
    if (!target) return target.status();
    if (target->kind == "deleted")
      return invalid("revision " + std::to_string(to_rev) + " is a deletion");
    auto old = trail_from_json(target->snapshot);
    if (!old) return old.status();
    auto latest = if_found(history(id, 1));
    if (!latest) return latest.status();
    int64_t head_rev = *latest && !(*latest)->empty() ? (*latest)->front().rev : 0;
    auto found = if_found(get_trail(id));
    if (!found) return found.status();
    const std::optional<Trail>& current = *found;
    if (if_match && *if_match != head_rev)
      return stale_revision("trail", old->slug, id, head_rev, *if_match);
    if (auto s = ready_for_write(); !s.is_ok()) return s;
    Trail after = *old;
    after.owner = current ? current->owner : old->owner;
    after.created = current ? current->created : old->created;
    after.rev = head_rev + 1;
    Txn txn(last_seq_);
    return write_trail(txn, current ? &*current : nullptr, std::move(after), "trail.reverted", meta,
                       true);
  });
}

Result<Trail> Store::change_steps(std::string_view trail, std::optional<int64_t> if_match,
                                  const WriteMeta& meta,
                                  const std::function<Status(std::vector<TrailStep>&)>& edit) {
  return durably([&]() -> Result<Trail> {
    std::lock_guard lock(write_mu_);
    auto current = get_trail(trail);
    if (!current) return current.status();
    if (if_match && *if_match != current->rev) return conflict_at(*current, *if_match);
    Trail after = *current;
    if (auto s = edit(after.steps); !s.is_ok()) return s;
    if (auto s = ready_for_write(); !s.is_ok()) return s;
    Txn txn(last_seq_);
    return write_trail(txn, &*current, std::move(after), "trail.updated", meta);
  });
}

Result<Trail> Store::insert_step(std::string_view trail, size_t position, const TrailStep& step,
                                 std::optional<int64_t> if_match, const WriteMeta& meta) {
  return change_steps(trail, if_match, meta, [&](std::vector<TrailStep>& steps) {
    if (position == 0) position = steps.size() + 1;
    if (position > steps.size() + 1)
      return invalid("position " + std::to_string(position) + " is past the end (the trail has " +
                     std::to_string(steps.size()) + " steps)");
    auto node = resolve(step.node);
    if (!node) return node.status();
    if (node->empty()) return invalid("step node '" + step.node + "' is not a node");
    steps.insert(steps.begin() + static_cast<long>(position - 1), step);
    return Status::ok();
  });
}

Result<Trail> Store::move_step(std::string_view trail, size_t from, size_t to,
                               std::optional<int64_t> if_match, const WriteMeta& meta) {
  return change_steps(trail, if_match, meta, [&](std::vector<TrailStep>& steps) {
    if (from < 1 || from > steps.size() || to < 1 || to > steps.size())
      return invalid("steps are numbered 1 to " + std::to_string(steps.size()));
    TrailStep s = steps[from - 1];
    steps.erase(steps.begin() + static_cast<long>(from - 1));
    steps.insert(steps.begin() + static_cast<long>(to - 1), s);
    return Status::ok();
  });
}

Result<Trail> Store::remove_step(std::string_view trail, size_t position,
                                 std::optional<int64_t> if_match, const WriteMeta& meta) {
  return change_steps(trail, if_match, meta, [&](std::vector<TrailStep>& steps) {
    if (position < 1 || position > steps.size())
      return invalid("steps are numbered 1 to " + std::to_string(steps.size()));
    steps.erase(steps.begin() + static_cast<long>(position - 1));
    return Status::ok();
  });
}

}  // namespace resgraph
