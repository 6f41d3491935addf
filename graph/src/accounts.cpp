#include "graph/accounts.h"

#include <sodium.h>

#include <cctype>

namespace resgraph {

const char* role_name(Role role) {
  switch (role) {
    case Role::anonymous:
      return "anonymous";
    case Role::reader:
      return "reader";
    case Role::contributor:
      return "contributor";
    case Role::moderator:
      return "moderator";
  }
  return "anonymous";
}

Result<Role> parse_role(std::string_view name) {
  if (name == "reader") return Role::reader;
  if (name == "contributor") return Role::contributor;
  if (name == "moderator") return Role::moderator;
  return invalid("unknown role '" + std::string(name) + "': use reader, contributor or moderator");
}

Status validate_user_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return invalid("a user name has 1 to 64 characters");
  for (unsigned char c : name)
    if (!(std::islower(c) || std::isdigit(c) || c == '-' || c == '_'))
      return invalid("a user name uses only a-z, 0-9, '-' and '_'");
  return Status::ok();
}

Result<TokenParts> split_token(std::string_view token) {
  Status bad(Code::unauthorized, "the bearer token is malformed: expected rg.NAME.SECRET");
  if (!token.starts_with("rg.")) return bad;
  token.remove_prefix(3);
  auto dot = token.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 == token.size()) return bad;
  return TokenParts{std::string(token.substr(0, dot)), std::string(token.substr(dot + 1))};
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

namespace {

bool sodium_ready() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

}  // namespace

Status validate_password(std::string_view password) {
  if (password.size() < 10) return invalid("a password has at least 10 characters");
  if (password.size() > 1024) return invalid("a password has at most 1024 bytes");
  return Status::ok();
}

Result<std::string> hash_password(std::string_view password) {
  if (auto s = validate_password(password); !s.is_ok()) return s;
  if (!sodium_ready()) return internal("libsodium could not start");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    return unavailable("out of memory hashing a password");
  return std::string(out);
}

bool verify_password(std::string_view stored, std::string_view password) {
  if (!sodium_ready() || stored.empty() || stored.size() >= crypto_pwhash_STRBYTES) return false;
  const std::string s(stored);  // NUL-terminated, as libsodium reads it
  return crypto_pwhash_str_verify(s.c_str(), password.data(), password.size()) == 0;
}

}  // namespace resgraph
