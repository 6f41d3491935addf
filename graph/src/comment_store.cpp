// Comment threads: each comment is a record under its thread's key, written with its own
// revisions and change-log entries (comment.created, comment.hidden, comment.restored), so the
// live stream carries new comments and hiding one is audited like any edit.
#include <rocksdb/db.h>

#include "graph/discussion.h"
#include "graph/ids.h"
#include "graph/store.h"
#include "graph/text.h"
#include "keys.h"
#include "read_status.h"
#include "stored_json.h"
#include "txn.h"

namespace resgraph {

Result<std::string> Store::resolve_thread(std::string_view entity,
                                          std::string_view id_or_slug) const {
  if (entity != "node" && entity != "trail") return invalid("comments are on nodes and trails");
  auto id = entity == "node" ? resolve(id_or_slug) : resolve_trail(id_or_slug);
  if (!id) return id.status();
  if (id->empty())
    return not_found("no " + std::string(entity) + " with id or slug '" + std::string(id_or_slug) +
                     "'");
  return *id;
}

Result<Comment> Store::add_comment(std::string_view entity, std::string_view target,
                                   std::string_view reply_to, const std::string& body,
                                   const WriteMeta& meta) {
  if (auto s = text::check("body", body, text::Shape::multiline); !s.is_ok()) return s;
  if (body.find_first_not_of(" \t\r\n") == std::string::npos)
    return invalid("a comment needs some text");
  if (body.size() > kMaxCommentBytes)
    return invalid("a comment is at most " + std::to_string(kMaxCommentBytes) + " bytes");
  if (meta.author.empty()) return invalid("a comment needs an author");
  return durably([&]() -> Result<Comment> {
    std::lock_guard lock(write_mu_);
    auto id = resolve_thread(entity, target);
    if (!id) return id.status();
    if (!reply_to.empty()) {
      auto parent = read_key(keys::comment(*id, reply_to));
      if (!parent) return parent.status();
      if (!*parent) return invalid("comment '" + std::string(reply_to) + "' is not in this thread");
    }
    if (auto s = ready_for_write(); !s.is_ok()) return s;
    Txn txn(last_seq_);
    Comment c;
    c.id = new_id('m');
    c.entity = std::string(entity);
    c.target = *id;
    c.reply_to = std::string(reply_to);
    c.author = meta.author;
    c.body = body;
    c.created_ms = txn.at_ms();
    auto snapshot = to_json(c);
    txn.put_json(keys::comment(c.target, c.id), snapshot);
    txn.put(keys::comment_thread(c.id), c.target);
    txn.record("comment.created", "comment", c.id, c.rev, meta, std::move(snapshot));
    if (auto s = commit(txn); !s.is_ok()) return s;
    return c;
  });
}

Result<Comment> Store::get_comment(std::string_view id) const {
  std::shared_lock guard(db_mu_);
  auto thread = read_key(keys::comment_thread(id));
  if (!thread) return thread.status();
  if (!*thread) return not_found("no comment with id '" + std::string(id) + "'");
  auto raw = read_key(keys::comment(**thread, id));
  if (!raw) return raw.status();
  if (!*raw) return internal("comment '" + std::string(id) + "' is missing from its thread");
  return comment_from_json(parse_stored(**raw));
}

// A hidden comment keeps its text in the store, for the moderators; the entry that hides it
// leaves the text out, so the log and the live stream stop repeating it.
Result<Comment> Store::set_comment_hidden(std::string_view id, bool hidden, const WriteMeta& meta) {
  return durably([&]() -> Result<Comment> {
    std::lock_guard lock(write_mu_);
    auto c = get_comment(id);
    if (!c) return c.status();
    if (c->hidden == hidden)
      return invalid("comment '" + c->id + "' is already " + (hidden ? "hidden" : "shown"));
    if (auto s = ready_for_write(); !s.is_ok()) return s;
    Txn txn(last_seq_);
    c->hidden = hidden;
    c->hidden_by = hidden ? meta.author : "";
    c->rev += 1;
    txn.put_json(keys::comment(c->target, c->id), to_json(*c));
    auto logged = to_json(*c);
    if (hidden) logged["body"] = "";
    txn.record(hidden ? "comment.hidden" : "comment.restored", "comment", c->id, c->rev, meta,
               std::move(logged));
    if (auto s = commit(txn); !s.is_ok()) return s;
    return *c;
  });
}

Result<std::vector<Comment>> Store::comments_of(std::string_view entity,
                                                std::string_view target) const {
  std::shared_lock guard(db_mu_);
  auto id = resolve_thread(entity, target);
  if (!id) return id.status();
  std::vector<Comment> out;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  const std::string prefix = keys::prefix({"cm", *id});
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    auto c = comment_from_json(parse_stored(it->value().ToString()));
    if (!c) return c.status();
    out.push_back(std::move(*c));
  }
  if (auto s = scan_status(*it); !s.is_ok()) return s;
  return out;
}

}  // namespace resgraph
