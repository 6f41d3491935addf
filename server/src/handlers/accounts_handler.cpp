// Accounts over HTTP: parse, call the store, answer. Password hashing (Argon2id) is slow on
// purpose, so the routes that hash run on the blocking pool (account_routes.cpp).
#include "../rate_limits.h"
#include "../router.h"
#include "graph/ids.h"
#include "graph/rollback.h"
#include "graph/store.h"
#include "handlers.h"
#include "importers/json_fields.h"

namespace resgraph::server {
namespace json = boost::json;
using importers::Body;

namespace {

constexpr int64_t kSessionMs = 14LL * 24 * 3600 * 1000;

std::string session_cookie(const std::string& value, int64_t max_age_s, const ServerOptions& o) {
  return std::string(kSessionCookie) + "=" + value +
         "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age_s) +
         (o.cookie_secure ? "; Secure" : "");
}

json::object me_json(const User& user) {
  json::object o{{"name", user.name}, {"role", role_name(user.role)}};
  if (!user.csrf.empty()) o["csrf"] = user.csrf;
  return o;
}

// A new session for `user`: its cookie, and the CSRF token the app sends back on writes.
Response start_session(unsigned status, User user, Services& s) {
  auto session = s.store.start_session(user, kSessionMs);
  if (!session) return problem(session.status());
  user.csrf = session->csrf;
  Response r = json_response(status, me_json(user));
  r.headers.emplace_back("Set-Cookie", session_cookie(session->id, kSessionMs / 1000, s.options));
  return r;
}

// The loopback admin hand-off (the CLI while a server runs) reaches these handlers with no user.
WriteMeta by(const Request& r, std::string comment) {
  return {r.user.name.empty() ? "admin" : r.user.name, std::move(comment)};
}

}  // namespace

Response create_invitation(const Request& r, Services& s) {
  auto body = importers::parse_account_body(Body::invitation, r.body);
  if (!body) return problem(body.status());
  auto inv = s.store.create_invitation(role_or(body->role, Role::reader), body->note,
                                       body->expires_days * 24 * 3600 * 1000, by(r, "invited"));
  if (!inv) return problem(inv.status());
  json::object o = to_json(*inv);
  o["code"] = inv->code;
  o["link"] = "/join/" + inv->code;
  o["note"] = inv->note;
  return json_response(201, o);
}

Response list_invitations(const Request&, Services& s) {
  auto all = s.store.list_invitations();
  if (!all) return problem(all.status());
  json::array out;
  for (const auto& i : *all) {
    json::object o = to_json(i);
    o["note"] = i.note;  // moderators only: this route is theirs
    out.push_back(std::move(o));
  }
  return json_response(200, json::object{{"invitations", std::move(out)}});
}

Response show_invitation(const Request& r, Services& s) {
  auto inv = s.store.get_invitation(r.params[0]);
  if (!inv) return problem(inv.status());
  return json_response(200, to_json(*inv));
}

Response join(const Request& r, Services& s) {
  auto body = importers::parse_account_body(Body::join, r.body);
  if (!body) return problem(body.status());
  // The cheap checks first, so a taken name or a spent invitation costs no hash.
  auto inv = s.store.get_invitation(body->code);
  if (!inv) return problem(inv.status());
  if (auto v = validate_user_name(body->name); !v.is_ok()) return problem(v);
  auto hash = hash_password(body->password);
  if (!hash) return problem(hash.status());
  auto account = s.store.join(body->code, body->name, *hash);
  if (!account) return problem(account.status());
  return start_session(201, User{account->name, account->role, "", ""}, s);
}

Response sign_in(const Request& r, Services& s) {
  auto body = importers::parse_account_body(Body::sign_in, r.body);
  if (!body) return problem(body.status());
  // Failures count double against the name tried, whatever address they come from, so a
  // password is not guessed by spreading tries over many addresses.
  if (auto limited = s.limits.peek(Limited::sign_in, "name:" + body->name); !limited.is_ok())
    return problem(limited);
  auto user = s.store.check_password(body->name, body->password);
  if (!user) {
    if (user.status().code() == Code::unauthorized)
      (void)s.limits.take(Limited::sign_in, "name:" + body->name, 2);
    return problem(user.status());
  }
  return start_session(200, *user, s);
}

Response sign_out(const Request& r, Services& s) {
  auto cookies = r.header("cookie");
  const std::string session = cookies ? cookie_value(*cookies, kSessionCookie) : "";
  if (!session.empty())
    if (auto st = s.store.end_session(session); !st.is_ok()) return problem(st);
  Response out = json_response(200, json::object{{"signed_out", true}});
  out.headers.emplace_back("Set-Cookie", session_cookie("", 0, s.options));
  return out;
}

Response list_tokens(const Request& r, Services& s) {
  auto account = s.store.get_account(r.user.name);
  if (!account) return problem(account.status());
  return json_response(200, json::object{{"tokens", to_json(*account).at("tokens")}});
}

Response create_token(const Request& r, Services& s) {
  auto body = importers::parse_account_body(Body::token, r.body);
  if (!body) return problem(body.status());
  auto made = s.store.create_token(r.user.name, body->label, by(r, "token created"));
  if (!made) return problem(made.status());
  return json_response(201, json::object{{"id", made->first.id},
                                         {"label", made->first.label},
                                         {"created", made->first.created_ms},
                                         {"token", made->second}});
}

Response revoke_token(const Request& r, Services& s) {
  auto gone = s.store.revoke_token(r.user.name, r.params[0], by(r, "token revoked"));
  if (!gone) return problem(gone.status());
  return json_response(200, json::object{{"revoked", gone->id}, {"label", gone->label}});
}

Response list_users(const Request&, Services& s) {
  auto all = s.store.list_accounts();
  if (!all) return problem(all.status());
  json::array out;
  for (const auto& a : *all) out.push_back(to_json(a));
  return json_response(200, json::object{{"users", std::move(out)}});
}

Response patch_user(const Request& r, Services& s) {
  auto body = importers::parse_account_body(Body::account, r.body);
  if (!body) return problem(body.status());
  if (body->role.empty() && !body->suspended) return problem(invalid("change role or suspended"));
  if (r.params[0] == r.user.name)
    return problem(invalid("a moderator does not change their own account: ask another"));
  Result<Account> account = s.store.get_account(r.params[0]);
  if (account && !body->role.empty())
    account =
        s.store.set_role(r.params[0], role_or(body->role, Role::reader), by(r, "role changed"));
  if (account && body->suspended)
    account = s.store.set_suspended(r.params[0], *body->suspended,
                                    by(r, *body->suspended ? "suspended" : "restored"));
  if (!account) return problem(account.status());
  return json_response(200, to_json(*account));
}

// POST /api/users/{name}/rollback {node} | {since}
Response rollback_user(const Request& r, Services& s) {
  auto body = importers::parse_account_body(Body::rollback, r.body);
  if (!body) return problem(body.status());
  if (body->node.empty() == !body->since_ms)
    return problem(invalid("a rollback names a node or a time since, one of the two"));
  auto account = s.store.get_account(r.params[0]);
  if (!account) return problem(account.status());
  const WriteMeta meta = by(r, "rollback of " + account->name + "'s edits");
  auto report = body->node.empty() ? rollback_since(s.store, account->name, *body->since_ms, meta)
                                   : rollback_node(s.store, body->node, account->name, meta);
  if (!report) return problem(report.status());
  return json_response(200, to_json(*report));
}

}  // namespace resgraph::server
