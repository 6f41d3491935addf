// Sources of imported lists, in the store and the change log.
#include <rocksdb/db.h>

#include "graph/source.h"
#include "graph/store.h"
#include "graph/text.h"
#include "graph/url_key.h"
#include "json_read.h"
#include "keys.h"
#include "read_status.h"
#include "stored_json.h"
#include "txn.h"

namespace resgraph {
namespace json = boost::json;
using json_read::str;

json::object to_json(const Source& s) {
  json::array files;
  for (const auto& f : s.files)
    files.push_back(json::object{
        {"path", f.path}, {"url", f.url}, {"etag", f.etag}, {"fetched_at", f.fetched_ms}});
  return {{"id", s.id},     {"url", s.url}, {"name", s.name},
          {"files", files}, {"rev", s.rev}, {"updated", to_json(s.updated)}};
}

Result<Source> source_from_json(const json::value& v) {
  if (!v.is_object()) return internal("a source record is not an object");
  const auto& o = v.get_object();
  Source s;
  s.id = str(o, "id");
  s.url = str(o, "url");
  s.name = str(o, "name");
  if (auto* rev = o.if_contains("rev"); rev && rev->is_int64()) s.rev = rev->as_int64();
  s.updated = stamp_from_json(o.if_contains("updated"));
  if (auto* files = o.if_contains("files"); files && files->is_array())
    for (const auto& f : files->as_array()) {
      if (!f.is_object()) continue;
      const auto& fo = f.get_object();
      SourceFile file{str(fo, "path"), str(fo, "url"), str(fo, "etag"), 0};
      if (auto* at = fo.if_contains("fetched_at"); at && at->is_int64())
        file.fetched_ms = at->as_int64();
      s.files.push_back(std::move(file));
    }
  if (s.id.empty() || s.url.empty()) return internal("a source record has no id or URL");
  return s;
}

std::string source_id(std::string_view url) { return "src-" + slugify(url); }

Result<Source> Store::record_source(Source s, const WriteMeta& meta) {
  for (auto [field, value] : {std::pair{"url", &s.url}, {"name", &s.name}})
    if (auto st = text::check(field, *value, text::Shape::line); !st.is_ok()) return st;
  if (s.url.empty() || s.url.size() > 2000)
    return invalid("a source needs a URL of at most 2000 bytes");
  if (s.files.size() > 1000) return invalid("a source has at most 1000 files");
  s.id = source_id(s.url);
  return durably([&]() -> Result<Source> {
    std::lock_guard lock(write_mu_);
    if (auto st = ready_for_write(); !st.is_ok()) return st;
    Txn txn(last_seq_);
    auto before = read_key(keys::source(s.id));
    if (!before) return before.status();
    int64_t rev = 1;
    if (*before)
      if (auto old = source_from_json(parse_stored(**before))) rev = old->rev + 1;
    s.rev = rev;
    s.updated = {meta.author, txn.at_ms()};
    auto snapshot = to_json(s);
    txn.put_json(keys::source(s.id), snapshot);
    txn.record(*before ? "source.updated" : "source.created", "source", s.id, s.rev, meta,
               std::move(snapshot));
    if (auto st = commit(txn); !st.is_ok()) return st;
    return s;
  });
}

Result<Source> Store::get_source(std::string_view id_or_url) const {
  std::shared_lock guard(db_mu_);
  std::string id(id_or_url);
  if (!id.starts_with("src-")) id = source_id(id_or_url);
  auto raw = read_key(keys::source(id));
  if (!raw) return raw.status();
  if (!*raw) return not_found("no source '" + std::string(id_or_url) + "'");
  return source_from_json(parse_stored(**raw));
}

Result<std::vector<Source>> Store::list_sources() const {
  std::shared_lock guard(db_mu_);
  std::vector<Source> out;
  const std::string prefix = keys::prefix({"src"});
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix) && out.size() < 10000;
       it->Next()) {
    auto s = source_from_json(parse_stored(it->value().ToString()));
    if (!s) return s.status();
    out.push_back(std::move(*s));
  }
  if (auto s = scan_status(*it); !s.is_ok()) return s;
  return out;
}

}  // namespace resgraph
