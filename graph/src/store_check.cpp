// `resgraph check`: every invariant the store promises, verified by a full scan.
#include <rocksdb/db.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <set>

#include "adjacency.h"
#include "graph/identifiers.h"
#include "graph/store.h"
#include "graph/text.h"
#include "graph/url_key.h"
#include "keys.h"
#include "read_status.h"
#include "stored_json.h"

namespace resgraph {
namespace {

// A key as a reader can follow it: its NUL separators shown as '/'.
std::string printable(std::string key) {
  for (auto& c : key)
    if (c == '\0') c = '/';
  return key;
}

// A scan that stops on a read error reports it: a check must not pass for lack of reading.
template <typename Problem, typename Fn>
void scan(rocksdb::DB* db, const std::string& prefix, Problem& problem, Fn fn) {
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next())
    fn(it->key().ToString().substr(prefix.size()), it->value().ToString());
  if (auto s = scan_status(*it); !s.is_ok())
    problem("cannot read past " + printable(prefix) + ": " + s.message());
}

}  // namespace

boost::json::object to_json(const CheckReport& r) {
  boost::json::array problems;
  for (const auto& p : r.problems) problems.push_back(boost::json::string(p));
  return {{"nodes", r.nodes},
          {"edges", r.edges},
          {"changes", r.changes},
          {"users", r.users},
          {"problems", std::move(problems)}};
}

CheckReport Store::check() const {
  std::shared_lock guard(db_mu_);
  CheckReport r;
  auto problem = [&](std::string p) {
    if (r.problems.size() < 200) r.problems.push_back(std::move(p));
  };
  // A key's value; a failed read is reported as a problem of its own.
  auto get_raw = [&](const std::string& key) -> std::optional<std::string> {
    auto v = read_key(key);
    if (!v) problem("cannot read " + printable(key) + ": " + v.status().message());
    return v ? *v : std::nullopt;
  };
  std::set<std::string> node_ids;
  scan(db_.get(), keys::prefix({"n"}), problem, [&](const std::string& id, const std::string& raw) {
    ++r.nodes;
    auto n = node_from_json(parse_stored(raw));
    if (!n) return problem("node " + id + ": " + n.status().message());
    node_ids.insert(id);
    if (get_raw(keys::slug(n->slug)) != id) problem("node " + id + ": slug index disagrees");
    if (get_raw(keys::title(n->type, title_key(n->title))) != id)
      problem("node " + id + ": title index disagrees");
    if (!get_raw(keys::by_type(n->type, id))) problem("node " + id + ": missing from type index");
    for (const auto& t : n->tags)
      if (!get_raw(keys::by_tag(t, id))) problem("node " + id + ": missing from tag index " + t);
    if (!n->url.empty()) {
      auto k = url_key(n->url);
      if (!k || get_raw(keys::url(*k)) != id) problem("node " + id + ": URL index disagrees");
    }
    if (auto ids = node_identifiers(n->type, n->attrs); !ids)
      problem("node " + id + ": " + ids.status().message());
    else
      for (const auto& [kind, value] : *ids)
        if (get_raw(keys::identifier(kind, value)) != id)
          problem("node " + id + ": " + kind + " index disagrees");
    if (!get_raw(keys::revision(id, n->rev))) problem("node " + id + ": revision missing");
  });
  for (const char* index : {"s", "u", "d"})
    scan(db_.get(), keys::prefix({index}), problem,
         [&](const std::string& key, const std::string& id) {
           if (!node_ids.count(id))
             problem(std::string(index) + " index entry " + key + " points to missing node " + id);
         });
  scan(db_.get(), keys::prefix({"t"}), problem, [&](const std::string&, const std::string& id) {
    if (!node_ids.count(id)) problem("title index entry points to missing node " + id);
  });
  for (const char* index : {"xt", "xg"})
    scan(db_.get(), keys::prefix({index}), problem,
         [&](const std::string& key, const std::string&) {
           std::string id = key.substr(key.rfind('\0') + 1);
           if (!node_ids.count(id)) problem(std::string(index) + " index lists missing node " + id);
         });
  scan(db_.get(), keys::prefix({"e"}), problem, [&](const std::string& id, const std::string& raw) {
    ++r.edges;
    auto e = edge_from_json(parse_stored(raw));
    if (!e) return problem("edge " + id + ": " + e.status().message());
    if (!node_ids.count(e->from)) problem("edge " + id + ": source " + e->from + " missing");
    if (!node_ids.count(e->to)) problem("edge " + id + ": target " + e->to + " missing");
    if (!get_raw(keys::out_edge(e->from, e->type, e->to, id)))
      problem("edge " + id + ": out entry missing");
    if (!get_raw(keys::in_edge(e->to, e->type, e->from, id)))
      problem("edge " + id + ": in entry missing");
  });
  for (const char* side : {"o", "i"})
    scan(db_.get(), keys::prefix({side}), problem, [&](const std::string& key, const std::string&) {
      std::string id = key.substr(key.rfind('\0') + 1);
      if (!get_raw(keys::edge(id))) problem(std::string(side) + " entry for missing edge " + id);
    });
  std::set<std::string> trail_ids;
  scan(db_.get(), keys::prefix({"tr"}), problem,
       [&](const std::string& id, const std::string& raw) {
         auto t = trail_from_json(parse_stored(raw));
         if (!t) return problem("trail " + id + ": " + t.status().message());
         trail_ids.insert(id);
         if (get_raw(keys::trail_slug(t->slug)) != id)
           problem("trail " + id + ": slug index disagrees");
         for (const auto& step : t->steps)
           if (!get_raw(keys::trail_node(step.node, id)))
             problem("trail " + id + ": step index missing for " + step.node);
       });
  scan(db_.get(), keys::prefix({"ts"}), problem,
       [&](const std::string& slug, const std::string& id) {
         if (!trail_ids.count(id)) problem("trail slug " + slug + " points to missing trail " + id);
       });
  scan(db_.get(), keys::prefix({"tn"}), problem, [&](const std::string& key, const std::string&) {
    std::string id = key.substr(key.rfind('\0') + 1);
    if (!trail_ids.count(id)) problem("trail index lists missing trail " + id);
  });
  uint64_t expected = 1;
  scan(db_.get(), keys::prefix({"c"}), problem, [&](const std::string& key, const std::string&) {
    uint64_t seq = std::stoull(key);
    if (seq != expected)
      problem("change log jumps from " + std::to_string(expected - 1) + " to " +
              std::to_string(seq));
    expected = seq + 1;
    ++r.changes;
  });
  if (expected - 1 != last_seq_.load())
    problem("change log ends at " + std::to_string(expected - 1) + " but the store says " +
            std::to_string(last_seq_.load()));
  scan(db_.get(), keys::prefix({"a"}), problem,
       [&](const std::string&, const std::string&) { ++r.users; });
  scan(db_.get(), "", problem, [&](const std::string& key, const std::string& value) {
    if (!text::valid_utf8(key) || !text::valid_utf8(value))
      problem("record " + text::repair_utf8(printable(key)) +
              " holds text that is not valid UTF-8 (written by an older build); it is read with "
              "U+FFFD in place of the bad bytes, and 'resgraph check --repair' rewrites it so");
  });
  return r;
}

// Rewrites each record that holds invalid UTF-8 as every reader already sees it (parse_stored
// puts U+FFFD in place of the bad bytes), so the repair changes no answer, no search document
// and no revision number: it needs no change-log entry of its own. Change-log entries are
// repaired in place like any other record, since their bytes could never be read as they were.
Result<size_t> Store::repair_text() {
  std::lock_guard lock(write_mu_);
  if (auto s = ready_for_write(); !s.is_ok()) return s;
  rocksdb::WriteBatch batch;
  size_t repaired = 0;
  std::map<std::string, Node> nodes;  // repaired nodes, whose title index moves with the title
  Status unread;                      // a repair from a partial read would look complete
  auto problem = [&](const std::string& p) {
    if (unread.is_ok()) unread = retry_later(p);
  };
  {
    std::shared_lock guard(db_mu_);
    const std::string node_prefix = keys::prefix({"n"});
    scan(db_.get(), "", problem, [&](const std::string& key, const std::string& value) {
      if (text::valid_utf8(value)) return;
      auto stored = read_stored(value);
      // A bare index value (an id) is not JSON: it is repaired as text.
      batch.Put(key, stored.value.is_null() ? text::repair_utf8(value)
                                            : boost::json::serialize(stored.value));
      ++repaired;
      if (key.starts_with(node_prefix))
        if (auto n = node_from_json(stored.value)) nodes.emplace(n->id, std::move(*n));
    });
    scan(db_.get(), keys::prefix({"t"}), problem,
         [&](const std::string& key, const std::string& id) {
           if (nodes.count(id)) batch.Delete(keys::prefix({"t"}) + key);
         });
  }
  if (!unread.is_ok()) return unread;
  for (const auto& [id, n] : nodes) batch.Put(keys::title(n.type, title_key(n.title)), id);
  if (repaired == 0) return repaired;
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  if (auto s = db_->Write(wo, &batch); !s.ok())
    return unavailable("could not repair the store: " + s.ToString());
  adjacency_->drop();  // a repair may restore index keys: the next walk reads them again
  return repaired;
}

}  // namespace resgraph
