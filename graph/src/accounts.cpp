#include "graph/accounts.h"

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
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

}  // namespace resgraph
