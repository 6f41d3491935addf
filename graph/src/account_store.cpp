// Accounts in the store: one record per user (keys::user), written through the change log with
// a public view of the account; only salted hashes of token secrets and an Argon2id string of
// the password are kept, and neither ever reaches the log.
#include <rocksdb/db.h>

#include <boost/json/serialize.hpp>

#include "graph/ids.h"
#include "graph/store.h"
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

// Records from before accounts had several tokens kept one token's salt and hash at the top.
json::array tokens_of(const json::object& rec) {
  if (const auto* t = rec.if_contains("tokens"); t && t->is_array()) return t->get_array();
  json::array out;
  if (!str(rec, "hash").empty())
    out.push_back(json::object{{"id", "initial"},
                               {"label", "first token"},
                               {"salt", str(rec, "salt")},
                               {"hash", str(rec, "hash")},
                               {"created", num(rec, "created")}});
  return out;
}

Account account_of(const json::object& rec) {
  Account a;
  a.name = str(rec, "name");
  a.role = role_or(str(rec, "role"), Role::anonymous);
  a.suspended = str(rec, "state") == "suspended";
  a.has_password = !str(rec, "password").empty();
  a.created_ms = num(rec, "created");
  a.invited_by = str(rec, "invited_by");
  for (const auto& t : tokens_of(rec))
    if (t.is_object())
      a.tokens.push_back({str(t.get_object(), "id"), str(t.get_object(), "label"),
                          num(t.get_object(), "created")});
  return a;
}

// What the change log and every answer show of an account: no hash, no password.
json::object public_view(const Account& a) {
  json::array tokens;
  for (const auto& t : a.tokens)
    tokens.push_back(json::object{{"id", t.id}, {"label", t.label}, {"created", t.created_ms}});
  return {{"name", a.name},
          {"role", role_name(a.role)},
          {"state", a.suspended ? "suspended" : "active"},
          {"tokens", std::move(tokens)},
          {"created", a.created_ms},
          {"invited_by", a.invited_by}};
}

// A new token's record and the string its owner keeps.
std::pair<json::object, std::string> new_token(std::string_view name, const std::string& label) {
  const std::string secret = random_hex(32), salt = random_hex(16);
  json::object t{{"id", random_hex(6)},
                 {"label", label},
                 {"salt", salt},
                 {"hash", sha256_hex(salt + secret)},
                 {"created", now_ms()}};
  return {std::move(t), "rg." + std::string(name) + "." + secret};
}

}  // namespace

json::object to_json(const Account& a) { return public_view(a); }

Result<Account> Store::update_account(std::string_view name, const std::string& kind,
                                      const WriteMeta& meta,
                                      const std::function<Status(json::object&, Txn&)>& change) {
  return durably([&]() -> Result<Account> {
    std::lock_guard lock(write_mu_);
    if (auto st = ready_for_write(); !st.is_ok()) return st;
    Txn txn(last_seq_);
    auto before = read_key(keys::user(name));
    if (!before) return before.status();
    json::object rec;
    if (*before) {
      auto v = parse_stored(**before);
      if (!v.is_object())
        return internal("the account record of '" + std::string(name) + "' is damaged");
      rec = std::move(v.get_object());
      rec["tokens"] = tokens_of(rec);
      rec.erase("salt");
      rec.erase("hash");
    }
    if (auto st = change(rec, txn); !st.is_ok()) return st;
    const int64_t rev = num(rec, "rev") + 1;
    rec["rev"] = rev;
    txn.put_json(keys::user(name), rec);
    Account a = account_of(rec);
    txn.record(kind, "user", "user:" + std::string(name), rev, meta, public_view(a));
    if (auto st = commit(txn); !st.is_ok()) return st;
    return a;
  });
}

Result<std::string> Store::add_user(std::string_view name, Role role, const WriteMeta& meta) {
  if (auto s = validate_user_name(name); !s.is_ok()) return s;
  if (role == Role::anonymous) return invalid("a user needs a role");
  std::string token;
  auto made = update_account(name, "user.created", meta, [&](json::object& rec, Txn&) {
    if (!rec.empty()) return conflict("user '" + std::string(name) + "' exists");
    auto [t, kept] = new_token(name, "first token");
    token = std::move(kept);
    rec = {{"name", name},
           {"role", role_name(role)},
           {"state", "active"},
           {"password", ""},
           {"tokens", json::array{std::move(t)}},
           {"created", now_ms()},
           {"invited_by", meta.author}};
    return Status::ok();
  });
  if (!made) return made.status();
  return token;
}

Result<User> Store::authenticate(std::string_view token) const {
  std::shared_lock guard(db_mu_);
  Status wrong(Code::unauthorized, "the bearer token is not valid");
  auto parts = split_token(token);
  if (!parts) return parts.status();
  auto found = read_key(keys::user(parts->name));
  if (!found) return found.status();
  const std::optional<std::string>& raw = *found;
  auto rec = raw ? parse_stored(*raw) : json::value();
  const json::object empty;
  const auto& o = rec.is_object() ? rec.get_object() : empty;
  // Every token of the account is compared, and an unknown name costs one hash like a known
  // one, so timing tells neither names nor tokens apart.
  std::string matched;
  json::array tokens = tokens_of(o);
  if (tokens.empty()) (void)sha256_hex(parts->secret);
  for (const auto& t : tokens) {
    if (!t.is_object()) continue;
    const auto& to = t.get_object();
    const std::string hash = str(to, "hash");
    if (constant_time_equal(sha256_hex(str(to, "salt") + parts->secret), hash) && !hash.empty())
      matched = str(to, "id");
  }
  if (!raw || matched.empty()) return wrong;
  Account a = account_of(o);
  if (a.suspended) return Status(Code::unauthorized, "the account '" + a.name + "' is suspended");
  if (a.role == Role::anonymous) return internal("user '" + parts->name + "' has a bad role");
  return User{a.name, a.role, "token:" + matched, ""};
}

Result<Account> Store::get_account(std::string_view name) const {
  std::shared_lock guard(db_mu_);
  auto raw = read_key(keys::user(name));
  if (!raw) return raw.status();
  if (!*raw) return not_found("no user '" + std::string(name) + "'");
  auto v = parse_stored(**raw);
  if (!v.is_object())
    return internal("the account record of '" + std::string(name) + "' is damaged");
  return account_of(v.get_object());
}

Result<std::vector<Account>> Store::list_accounts() const {
  std::vector<Account> out;
  auto s = scan_records(keys::prefix({"a"}), [&](const json::value& v) {
    if (v.is_object()) out.push_back(account_of(v.get_object()));
    return Status::ok();
  });
  if (!s.is_ok()) return s;
  return out;
}

Result<User> Store::check_password(std::string_view name, std::string_view password) const {
  Status wrong(Code::unauthorized, "wrong name or password");
  if (password.size() > 1024) return wrong;
  std::string stored;
  Account a;
  {
    std::shared_lock guard(db_mu_);
    auto raw = read_key(keys::user(name));
    if (!raw) return raw.status();
    if (*raw) {
      auto v = parse_stored(**raw);
      if (v.is_object()) {
        stored = str(v.get_object(), "password");
        a = account_of(v.get_object());
      }
    }
  }
  // A name with no password is verified against a hash of nothing, at the same cost.
  static const std::string nobody = [] {
    auto h = hash_password("no account has this password");
    return h ? *h : std::string();
  }();
  const bool match = verify_password(stored.empty() ? nobody : stored, password);
  if (stored.empty() || !match) return wrong;
  if (a.suspended) return Status(Code::unauthorized, "the account '" + a.name + "' is suspended");
  return User{a.name, a.role, "", ""};
}

Result<std::pair<TokenInfo, std::string>> Store::create_token(std::string_view name,
                                                              const std::string& label,
                                                              const WriteMeta& meta) {
  if (label.empty() || label.size() > 100) return invalid("a token's label has 1 to 100 bytes");
  std::pair<TokenInfo, std::string> out;
  auto a = update_account(name, "user.token_created", meta, [&](json::object& rec, Txn&) {
    if (rec.empty()) return not_found("no user '" + std::string(name) + "'");
    auto& tokens = rec["tokens"].as_array();
    if (tokens.size() >= 50) return invalid("an account has at most 50 tokens: revoke one first");
    auto [t, kept] = new_token(name, label);
    out = {TokenInfo{str(t, "id"), label, num(t, "created")}, std::move(kept)};
    tokens.push_back(std::move(t));
    return Status::ok();
  });
  if (!a) return a.status();
  return out;
}

Result<TokenInfo> Store::revoke_token(std::string_view name, std::string_view token_id,
                                      const WriteMeta& meta) {
  TokenInfo gone;
  auto a = update_account(name, "user.token_revoked", meta, [&](json::object& rec, Txn&) {
    if (rec.empty()) return not_found("no user '" + std::string(name) + "'");
    auto& tokens = rec["tokens"].as_array();
    for (auto it = tokens.begin(); it != tokens.end(); ++it) {
      if (!it->is_object() || str(it->get_object(), "id") != token_id) continue;
      gone = {std::string(token_id), str(it->get_object(), "label"),
              num(it->get_object(), "created")};
      tokens.erase(it);
      return Status::ok();
    }
    return not_found("'" + std::string(name) + "' has no token '" + std::string(token_id) + "'");
  });
  if (!a) return a.status();
  return gone;
}

Result<Account> Store::set_role(std::string_view name, Role role, const WriteMeta& meta) {
  if (role == Role::anonymous) return invalid("a user needs a role");
  return update_account(name, "user.role_changed", meta, [&](json::object& rec, Txn&) {
    if (rec.empty()) return not_found("no user '" + std::string(name) + "'");
    rec["role"] = role_name(role);
    return Status::ok();
  });
}

Result<Account> Store::set_suspended(std::string_view name, bool suspended, const WriteMeta& meta) {
  return update_account(name, suspended ? "user.suspended" : "user.restored", meta,
                        [&](json::object& rec, Txn&) {
                          if (rec.empty()) return not_found("no user '" + std::string(name) + "'");
                          rec["state"] = suspended ? "suspended" : "active";
                          return Status::ok();
                        });
}

}  // namespace resgraph
