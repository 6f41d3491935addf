// Creating, changing, deleting and reverting nodes. Each public call takes the write lock,
// validates against the current store, and commits one batch through Store::commit.
#include <rocksdb/db.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <cctype>
#include <set>
#include <tuple>

#include "graph/identifiers.h"
#include "graph/store.h"
#include "graph/text.h"
#include "graph/url_key.h"
#include "keys.h"
#include "read_status.h"
#include "stored_json.h"
#include "txn.h"

namespace resgraph {
namespace {

// YYYY, YYYY-MM or YYYY-MM-DD naming a day the calendar has (no 2020-02-31), year 1000 on.
bool valid_date(const std::string& d) {
  auto number = [&](size_t from, size_t n) {
    int v = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (i >= d.size() || !std::isdigit(static_cast<unsigned char>(d[i]))) return -1;
      v = v * 10 + (d[i] - '0');
    }
    return v;
  };
  if (d.size() != 4 && d.size() != 7 && d.size() != 10) return false;
  const int year = number(0, 4);
  if (year < 1000) return false;
  if (d.size() == 4) return true;
  const int month = d[4] == '-' ? number(5, 2) : -1;
  if (month < 1 || month > 12) return false;
  if (d.size() == 7) return true;
  const int day = d[7] == '-' ? number(8, 2) : -1;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int days = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day >= 1 && day <= days;
}

// Every text field of a node, checked the one way text is checked (graph/text.h).
Status check_node_text(const Node& n) {
  using text::Shape;
  for (auto [field, value, shape] : {std::tuple{"type", &n.type, Shape::line},
                                     {"title", &n.title, Shape::line},
                                     {"slug", &n.slug, Shape::line},
                                     {"url", &n.url, Shape::line},
                                     {"date", &n.date, Shape::line},
                                     {"summary", &n.summary, Shape::multiline}})
    if (auto s = text::check(field, *value, shape); !s.is_ok()) return s;
  for (const auto& l : n.links) {
    if (auto s = text::check("links[].url", l.url, Shape::line); !s.is_ok()) return s;
    if (auto s = text::check("links[].label", l.label, Shape::line); !s.is_ok()) return s;
  }
  for (const auto& t : n.tags)
    if (auto s = text::check("tags[]", t, Shape::line); !s.is_ok()) return s;
  if (auto s = text::check("attrs", n.attrs); !s.is_ok()) return s;
  return text::check("provenance", n.provenance);
}

std::string normalize_tag(std::string_view tag) {
  std::string out;
  for (unsigned char c : tag) {
    if (std::isspace(c)) {
      if (!out.empty() && out.back() != '-') out.push_back('-');
    } else {
      out.push_back(static_cast<char>(std::tolower(c)));
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

bool valid_slug(std::string_view s) {
  if (s.empty() || s.size() > 100 || s.front() == '-' || s.back() == '-') return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::islower(c) || std::isdigit(c) || c == '-';
  });
}

// Applies the writer's fields onto a node and checks each value on its own.
Status apply_fields(const NodeFields& f, Node& n) {
  if (f.type) n.type = *f.type;
  if (f.title) n.title = *f.title;
  if (f.slug) n.slug = *f.slug;
  if (f.url) n.url = *f.url;
  if (f.links) n.links = *f.links;
  if (f.date) n.date = *f.date;
  if (f.year) n.year = *f.year;
  if (f.summary) n.summary = *f.summary;
  if (f.attrs) n.attrs = *f.attrs;
  if (f.provenance) n.provenance = *f.provenance;
  if (f.tags) {
    n.tags.clear();
    for (const auto& t : *f.tags) {
      std::string tag = normalize_tag(t);
      if (tag.empty() || tag.size() > 64) return invalid("each tag has 1 to 64 characters");
      if (std::find(n.tags.begin(), n.tags.end(), tag) == n.tags.end()) n.tags.push_back(tag);
    }
    if (n.tags.size() > 50) return invalid("a node has at most 50 tags");
  }

  if (auto s = check_node_text(n); !s.is_ok()) return s;
  if (!is_node_type(n.type))
    return invalid("unknown node type '" + n.type + "'; see GET /api/types for the known ones");
  if (title_key(n.title).empty()) return invalid("title must contain at least one letter or digit");
  if (n.title.size() > 500) return invalid("title is longer than 500 bytes");
  if (n.summary.size() > 20000) return invalid("summary is longer than 20000 bytes");
  if (f.slug && !valid_slug(n.slug))
    return invalid("slug '" + n.slug + "' must be 1-100 of a-z, 0-9 and inner '-'");
  if (!n.url.empty()) {
    if (auto k = url_key(n.url); !k) return invalid("url: " + k.status().message());
  }
  if (n.links.size() > 50) return invalid("a node has at most 50 extra links");
  for (const auto& l : n.links)
    if (auto k = url_key(l.url); !k) return invalid("links: " + k.status().message());
  if (!n.date.empty() && !valid_date(n.date))
    return invalid(
        "date '" + n.date +
        "' must be a day of the calendar as YYYY, YYYY-MM or YYYY-MM-DD, from year 1000");
  if (!n.date.empty()) {
    int from_date = std::stoi(n.date.substr(0, 4));
    if (f.year && *f.year != from_date && !f.date)
      n.date.clear();  // a new year invalidates the old date
    else if (f.year && f.date && *f.year != from_date)
      return invalid("year " + std::to_string(*f.year) + " contradicts date " + n.date);
    else
      n.year = from_date;
  }
  if (n.year != 0 && (n.year < 1000 || n.year > 2200))
    return invalid("year must be between 1000 and 2200");
  // Identifiers are kept in their one written form, so the index meets every spelling.
  auto ids = node_identifiers(n.type, n.attrs);
  if (!ids) return ids.status();
  for (auto& [kind, value] : *ids) n.attrs[kind] = value;
  return Status::ok();
}

}  // namespace

Result<std::optional<std::string>> Store::find_duplicate(std::string_view type,
                                                         std::string_view title,
                                                         std::string_view url,
                                                         const boost::json::object& attrs) const {
  std::shared_lock guard(db_mu_);
  // An identifier the draft cannot carry or spells badly is no evidence either way.
  if (auto ids = node_identifiers(type, attrs))
    for (const auto& [kind, value] : *ids) {
      auto id = read_key(keys::identifier(kind, value));
      if (!id || *id) return id;
    }
  if (!url.empty())
    if (auto k = url_key(url)) {
      auto id = read_key(keys::url(*k));
      if (!id || *id) return id;
    }
  if (!title.empty() && !type.empty()) return read_key(keys::title(type, title_key(title)));
  return std::optional<std::string>();
}

// Checks that `after` collides with no other node, assigns a slug if it has none, and stages
// the index changes from `before` to `after`.
Status Store::validate_and_index(Txn& txn, const Node* before, Node& after) {
  // The other node that holds an index key: "" when the key is free or this node's own.
  auto taken_by_other = [&](const std::string& key) -> Result<std::string> {
    auto id = read_key(key);
    if (!id) return id.status();
    return *id && **id != after.id ? **id : std::string();
  };
  if (!after.url.empty()) {
    auto other = taken_by_other(keys::url(*url_key(after.url)));
    if (!other) return other.status();
    if (!other->empty())
      return conflict("node '" + *other + "' already has this URL").with_existing(*other);
  }
  auto ids = node_identifiers(after.type, after.attrs);
  if (!ids) return ids.status();
  for (const auto& [kind, value] : *ids) {
    auto other = taken_by_other(keys::identifier(kind, value));
    if (!other) return other.status();
    if (!other->empty())
      return conflict("node '" + *other + "' already has " + kind + " " + value)
          .with_existing(*other);
  }
  auto same_title = taken_by_other(keys::title(after.type, title_key(after.title)));
  if (!same_title) return same_title.status();
  if (!same_title->empty())
    return conflict("a " + after.type + " titled like this exists: node '" + *same_title + "'")
        .with_existing(*same_title);

  if (after.slug.empty()) {
    std::string base = slugify(after.title);
    after.slug = base;
    for (int i = 2;; ++i) {
      auto other = taken_by_other(keys::slug(after.slug));
      if (!other) return other.status();
      if (other->empty()) break;
      after.slug = i < 100 ? base + "-" + std::to_string(i) : base + "-" + random_hex(3);
    }
  } else {
    auto other = taken_by_other(keys::slug(after.slug));
    if (!other) return other.status();
    if (!other->empty())
      return conflict("slug '" + after.slug + "' belongs to node '" + *other + "'")
          .with_existing(*other);
  }
  index_node(txn, before, &after);
  return Status::ok();
}

Status Store::index_identifiers_once() {
  auto done = read_key(keys::identifiers_indexed());
  if (!done) return done.status();
  if (*done) return Status::ok();
  // A store written before the identifier index: each node's valid identifiers join it (the
  // first node holding one keeps it); nothing else changes, so no change-log entry.
  rocksdb::WriteBatch batch;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  const std::string prefix = keys::prefix({"n"});
  std::set<std::string> taken;
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    auto n = node_from_json(parse_stored(it->value().ToStringView()));
    if (!n) continue;
    auto ids = node_identifiers(n->type, n->attrs);
    if (!ids) continue;
    for (const auto& [kind, value] : *ids)
      if (taken.insert(keys::identifier(kind, value)).second)
        batch.Put(keys::identifier(kind, value), n->id);
  }
  if (auto s = scan_status(*it); !s.is_ok()) return s;
  batch.Put(keys::identifiers_indexed(), "1");
  rocksdb::WriteOptions sync;
  sync.sync = options_.sync;
  auto s = db_->Write(sync, &batch);
  return s.ok() ? Status::ok() : unavailable("cannot index identifiers: " + s.ToString());
}

void Store::index_node(Txn& txn, const Node* before, const Node* after) {
  auto index_keys = [](const Node& n) {
    std::set<std::string> k;
    k.insert(keys::slug(n.slug));
    k.insert(keys::title(n.type, title_key(n.title)));
    k.insert(keys::by_type(n.type, n.id));
    if (!n.url.empty())
      if (auto u = url_key(n.url)) k.insert(keys::url(*u));
    for (const auto& t : n.tags) k.insert(keys::by_tag(t, n.id));
    if (auto ids = node_identifiers(n.type, n.attrs))
      for (const auto& [kind, value] : *ids) k.insert(keys::identifier(kind, value));
    return k;
  };
  std::set<std::string> old_keys = before ? index_keys(*before) : std::set<std::string>{};
  std::set<std::string> new_keys = after ? index_keys(*after) : std::set<std::string>{};
  for (const auto& k : old_keys)
    if (!new_keys.count(k)) txn.del(k);
  for (const auto& k : new_keys) {
    // Type and tag indexes are keyed by id; the others map a unique key to the id.
    bool keyed_by_id = k.starts_with("xt") || k.starts_with("xg");
    txn.put(k, keyed_by_id ? std::string_view() : std::string_view(after->id));
  }
}

Result<Node> Store::write_node(Txn& txn, const Node* before, Node after, const std::string& kind,
                               const WriteMeta& meta) {
  after.rev = before ? before->rev + 1 : after.rev + 1;
  after.updated = {meta.author, txn.at_ms()};
  if (!before && after.created.who.empty()) after.created = after.updated;
  if (auto s = validate_and_index(txn, before, after); !s.is_ok()) return s;
  auto snapshot = to_json(after);
  txn.put_json(keys::node(after.id), snapshot);
  txn.record(kind, "node", after.id, after.rev, meta, std::move(snapshot));
  if (auto s = commit(txn); !s.is_ok()) return s;
  return after;
}

Result<Node> Store::create_node(const NodeFields& fields, const WriteMeta& meta) {
  if (!fields.type) return invalid("type is required");
  if (!fields.title) return invalid("title is required");
  Node n;
  n.id = new_id('n');
  if (auto s = apply_fields(fields, n); !s.is_ok()) return s;
  return durably([&]() -> Result<Node> {
    std::lock_guard lock(write_mu_);
    if (auto s = ready_for_write(); !s.is_ok()) return s;
    Txn txn(last_seq_);
    return write_node(txn, nullptr, std::move(n), "node.created", meta);
  });
}

Result<Node> Store::update_node(std::string_view id_or_slug, const NodeFields& fields,
                                std::optional<int64_t> if_match, const WriteMeta& meta) {
  return durably([&]() -> Result<Node> {
    std::lock_guard lock(write_mu_);
    auto current = get_node(id_or_slug);
    if (!current) return current.status();
    if (if_match && *if_match != current->rev)
      return stale_revision("node", current->id, current->id, current->rev, *if_match);
    Node after = *current;
    if (auto s = apply_fields(fields, after); !s.is_ok()) return s;
    if (auto s = ready_for_write(); !s.is_ok()) return s;
    Txn txn(last_seq_);
    return write_node(txn, &*current, std::move(after), "node.updated", meta);
  });
}

Result<Node> Store::delete_node(std::string_view id_or_slug, std::optional<int64_t> if_match,
                                const WriteMeta& meta) {
  return durably([&]() -> Result<Node> {
    std::lock_guard lock(write_mu_);
    auto current = get_node(id_or_slug);
    if (!current) return current.status();
    if (if_match && *if_match != current->rev)
      return stale_revision("node", current->id, current->id, current->rev, *if_match);
    if (auto s = ready_for_write(); !s.is_ok()) return s;
    Txn txn(last_seq_);
    // Edges go first, in the same batch: a node never disappears leaving edges behind.
    auto edges = edges_of(current->id, Direction::both, "", SIZE_MAX);
    if (!edges) return edges.status();
    for (const auto& e : *edges) remove_edge(txn, e, meta);
    index_node(txn, &*current, nullptr);
    txn.del(keys::node(current->id));
    Node gone = *current;
    gone.rev += 1;
    gone.updated = {meta.author, txn.at_ms()};
    txn.record("node.deleted", "node", gone.id, gone.rev, meta, to_json(gone));
    if (auto s = commit(txn); !s.is_ok()) return s;
    return gone;
  });
}

Result<Node> Store::revert_node(std::string_view id_or_slug, int64_t to_rev,
                                std::optional<int64_t> if_match, const WriteMeta& meta) {
  return durably([&]() -> Result<Node> {
    std::lock_guard lock(write_mu_);
    // A deleted node is found by its id through its history, so it can be restored.
    auto resolved = resolve(id_or_slug);
    if (!resolved) return resolved.status();
    std::string id = resolved->empty() ? std::string(id_or_slug) : *resolved;
    auto target = revision(id, to_rev);
    if (!target) return target.status();
    if (target->kind == "deleted")
      return invalid("revision " + std::to_string(to_rev) + " is a deletion");
    auto old = node_from_json(target->snapshot);
    if (!old) return old.status();
    auto found = if_found(get_node(id));
    if (!found) return found.status();
    const std::optional<Node>& current = *found;
    auto latest = if_found(history(id, 1));
    if (!latest) return latest.status();
    int64_t head_rev = *latest && !(*latest)->empty() ? (*latest)->front().rev : 0;
    if (if_match && *if_match != head_rev)
      return stale_revision("node", id, id, head_rev, *if_match);
    if (auto s = ready_for_write(); !s.is_ok()) return s;
    Node after = *old;
    after.rev = head_rev;
    after.created = current ? current->created : old->created;
    Txn txn(last_seq_);
    if (current) return write_node(txn, &*current, std::move(after), "node.reverted", meta);
    // Restoring a deleted node: its revision count continues from the deletion.
    after.rev = head_rev + 1;
    after.updated = {meta.author, txn.at_ms()};
    if (auto s = validate_and_index(txn, nullptr, after); !s.is_ok()) return s;
    auto snapshot = to_json(after);
    txn.put_json(keys::node(after.id), snapshot);
    txn.record("node.reverted", "node", after.id, after.rev, meta, std::move(snapshot));
    if (auto s = commit(txn); !s.is_ok()) return s;
    return after;
  });
}

}  // namespace resgraph
