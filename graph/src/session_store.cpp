// Invitations and sessions: each is a record under the SHA-256 of its secret (the invitation's
// code, the session's cookie), written through the change log with no secret in the entry.
#include <rocksdb/db.h>

#include "graph/ids.h"
#include "graph/store.h"
#include "graph/text.h"
#include "json_read.h"
#include "keys.h"
#include "read_status.h"
#include "stored_json.h"
#include "txn.h"

namespace resgraph {
namespace json = boost::json;
using json_read::num;
using json_read::str;

namespace {

Invitation invitation_of(const json::object& o) {
  Invitation i;
  i.id = str(o, "id");
  i.role = role_or(str(o, "role"), Role::reader);
  i.note = str(o, "note");
  i.expires_ms = num(o, "expires");
  i.created_by = str(o, "created_by");
  i.used_by = str(o, "used_by");
  return i;
}

json::object record_of(const Invitation& i) {
  return {{"id", i.id},
          {"role", role_name(i.role)},
          {"note", i.note},
          {"expires", i.expires_ms},
          {"created_by", i.created_by},
          {"used_by", i.used_by}};
}

// The session's public id: names it in the log and in a User's credential.
std::string public_id(const std::string& id_hash) { return id_hash.substr(0, 12); }

}  // namespace

// The note can hold an email address: the log and lists keep it for moderators, the public view
// leaves it out.
json::object to_json(const Invitation& i) {
  json::object o{{"id", i.id},
                 {"role", role_name(i.role)},
                 {"expires", i.expires_ms},
                 {"created_by", i.created_by},
                 {"state", !i.used_by.empty()        ? "used"
                           : i.expires_ms < now_ms() ? "expired"
                                                     : "open"}};
  if (!i.used_by.empty()) o["used_by"] = i.used_by;
  return o;
}

Result<Invitation> Store::create_invitation(Role role, const std::string& note, int64_t ttl_ms,
                                            const WriteMeta& meta) {
  if (role == Role::anonymous) return invalid("an invitation needs a role");
  if (auto s = text::check("note", note, text::Shape::line); !s.is_ok()) return s;
  if (note.size() > 500) return invalid("an invitation's note has at most 500 bytes");
  if (ttl_ms <= 0) return invalid("an invitation must expire in the future");
  Invitation inv;
  inv.id = random_hex(6);
  inv.code = random_hex(24);
  inv.role = role;
  inv.note = note;
  inv.expires_ms = now_ms() + ttl_ms;
  inv.created_by = meta.author;
  auto s = durably([&]() -> Status {
    std::lock_guard lock(write_mu_);
    if (auto st = ready_for_write(); !st.is_ok()) return st;
    Txn txn(last_seq_);
    txn.put_json(keys::invitation(sha256_hex(inv.code)), record_of(inv));
    txn.record("invitation.created", "invitation", "invitation:" + inv.id, 1, meta, to_json(inv));
    return commit(txn);
  });
  if (!s.is_ok()) return s;
  return inv;
}

Result<Invitation> Store::get_invitation(std::string_view code) const {
  std::shared_lock guard(db_mu_);
  auto raw = read_key(keys::invitation(sha256_hex(code)));
  if (!raw) return raw.status();
  if (!*raw) return not_found("this invitation is not valid: ask for a new one");
  auto v = parse_stored(**raw);
  if (!v.is_object()) return internal("an invitation record is damaged");
  return invitation_of(v.get_object());
}

Result<std::vector<Invitation>> Store::list_invitations() const {
  std::vector<Invitation> out;
  auto s = scan_records(keys::prefix({"inv"}), [&](const json::value& v) {
    if (v.is_object()) out.push_back(invitation_of(v.get_object()));
    return Status::ok();
  });
  if (!s.is_ok()) return s;
  return out;
}

Result<Account> Store::join(std::string_view code, std::string_view name,
                            const std::string& password_hash) {
  if (auto s = validate_user_name(name); !s.is_ok()) return s;
  if (password_hash.empty()) return invalid("a password is needed");
  const std::string inv_key = keys::invitation(sha256_hex(code));
  const WriteMeta meta{std::string(name), "joined by invitation"};
  return update_account(name, "user.joined", meta, [&](json::object& rec, Txn& txn) {
    if (!rec.empty())
      return conflict("the name '" + std::string(name) + "' is taken: pick another");
    auto raw = read_key(inv_key);
    if (!raw) return raw.status();
    if (!*raw) return not_found("this invitation is not valid: ask for a new one");
    auto v = parse_stored(**raw);
    if (!v.is_object()) return internal("an invitation record is damaged");
    Invitation inv = invitation_of(v.get_object());
    if (!inv.used_by.empty()) return conflict("this invitation has been used: ask for a new one");
    if (inv.expires_ms < txn.at_ms())
      return not_found("this invitation has expired: ask for a new one");
    inv.used_by = std::string(name);
    txn.put_json(inv_key, record_of(inv));
    txn.record("invitation.used", "invitation", "invitation:" + inv.id, 2, meta, to_json(inv));
    rec = {{"name", name},
           {"role", role_name(inv.role)},
           {"state", "active"},
           {"password", password_hash},
           {"tokens", json::array{}},
           {"created", txn.at_ms()},
           {"invited_by", inv.created_by}};
    return Status::ok();
  });
}

Result<Session> Store::start_session(const User& user, int64_t ttl_ms) {
  Session s;
  s.id = random_hex(32);
  s.user = user.name;
  s.csrf = random_hex(16);
  s.expires_ms = now_ms() + ttl_ms;
  const std::string hash = sha256_hex(s.id);
  auto st = durably([&]() -> Status {
    std::lock_guard lock(write_mu_);
    if (auto r = ready_for_write(); !r.is_ok()) return r;
    Txn txn(last_seq_);
    txn.put_json(keys::session(hash),
                 json::object{{"user", s.user}, {"csrf", s.csrf}, {"expires", s.expires_ms}});
    txn.record("session.started", "session", "session:" + public_id(hash), 1, {s.user, "signed in"},
               json::object{{"user", s.user}, {"expires", s.expires_ms}});
    return commit(txn);
  });
  if (!st.is_ok()) return st;
  return s;
}

Result<User> Store::authenticate_session(std::string_view session_id) const {
  Status gone(Code::unauthorized, "your session has ended: sign in again");
  if (session_id.size() != 64) return gone;
  const std::string hash = sha256_hex(session_id);
  std::shared_lock guard(db_mu_);
  auto raw = read_key(keys::session(hash));
  if (!raw) return raw.status();
  if (!*raw) return gone;
  auto v = parse_stored(**raw);
  if (!v.is_object()) return gone;
  const auto& o = v.get_object();
  if (num(o, "expires") < now_ms()) return gone;
  // The role is read from the account on every request, so a change takes effect at once.
  auto acc = read_key(keys::user(str(o, "user")));
  if (!acc) return acc.status();
  if (!*acc) return gone;
  auto a = parse_stored(**acc);
  if (!a.is_object()) return gone;
  if (str(a.get_object(), "state") == "suspended")
    return Status(Code::unauthorized, "the account '" + str(o, "user") + "' is suspended");
  auto role = parse_role(str(a.get_object(), "role"));
  if (!role) return gone;
  return User{str(o, "user"), *role, "session:" + public_id(hash), str(o, "csrf")};
}

Status Store::end_session(std::string_view session_id) {
  const std::string hash = sha256_hex(session_id);
  return durably([&]() -> Status {
    std::lock_guard lock(write_mu_);
    if (auto r = ready_for_write(); !r.is_ok()) return r;
    auto raw = read_key(keys::session(hash));
    if (!raw) return raw.status();
    if (!*raw) return Status::ok();  // already ended: signing out twice is no error
    auto v = parse_stored(**raw);
    const std::string user = v.is_object() ? str(v.get_object(), "user") : "";
    Txn txn(last_seq_);
    txn.del(keys::session(hash));
    txn.record("session.ended", "session", "session:" + public_id(hash), 2, {user, "signed out"},
               json::object{{"user", user}});
    return commit(txn);
  });
}

}  // namespace resgraph
