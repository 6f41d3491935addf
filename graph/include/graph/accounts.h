// Accounts: people join by invitation and sign in with a password (Argon2id), or use bearer
// tokens for scripts. A token, an invitation code or a session id is shown once; the store keeps
// only a salted SHA-256 of it and compares in constant time. No secret or hash ever reaches the
// change log: its entries carry what an audit needs (name, role, state, token labels).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"

namespace resgraph {

enum class Role { anonymous = 0, reader = 1, contributor = 2, moderator = 3 };

const char* role_name(Role role);
Result<Role> parse_role(std::string_view name);
// A stored role, or `fallback` when the record holds none that reads.
inline Role role_or(std::string_view name, Role fallback) {
  auto r = parse_role(name);
  return r ? *r : fallback;
}

struct User {
  std::string name;
  Role role = Role::anonymous;
  // What the request was signed in with ("token:ID" or "session:ID"): revoking it, or ending the
  // session, closes the live connections opened with it.
  std::string credential;
  std::string csrf;  // a session's CSRF token: cookie-authenticated writes must echo it
};

// A bearer token as its owner sees it in a list: never its secret.
struct TokenInfo {
  std::string id;
  std::string label;
  int64_t created_ms = 0;
};

struct Account {
  std::string name;
  Role role = Role::anonymous;
  bool suspended = false;
  bool has_password = false;
  int64_t created_ms = 0;
  std::string invited_by;
  std::vector<TokenInfo> tokens;
};

struct Invitation {
  std::string id;    // public: names it in the log and in lists
  std::string code;  // secret: only in the answer that creates it
  Role role = Role::reader;
  std::string note;
  int64_t expires_ms = 0;
  std::string created_by;
  std::string used_by;  // empty while it can still be used
};

// A signed-in browser: the cookie carries `id`; `csrf` is echoed in X-CSRF-Token on writes.
struct Session {
  std::string id;
  std::string user;
  std::string csrf;
  int64_t expires_ms = 0;
};

// Argon2id with libsodium's interactive limits: slow on purpose, so callers hash outside any
// lock. The stored string names its own algorithm and parameters.
Result<std::string> hash_password(std::string_view password);
bool verify_password(std::string_view stored, std::string_view password);
Status validate_password(std::string_view password);

// Token layout: "rg." + name + "." + 64 hex secret. The name lets us find the record.
struct TokenParts {
  std::string name;
  std::string secret;
};
Result<TokenParts> split_token(std::string_view token);

std::string sha256_hex(std::string_view data);
bool constant_time_equal(std::string_view a, std::string_view b);
Status validate_user_name(std::string_view name);

}  // namespace resgraph
