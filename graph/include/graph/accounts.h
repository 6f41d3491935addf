// Accounts: a bearer token is shown once at creation; the store keeps only a salted SHA-256 of
// its secret and compares in constant time.
#pragma once

#include <string>
#include <string_view>

#include "graph/status.h"

namespace resgraph {

enum class Role { anonymous = 0, reader = 1, contributor = 2, moderator = 3 };

const char* role_name(Role role);
Result<Role> parse_role(std::string_view name);

struct User {
  std::string name;
  Role role = Role::anonymous;
};

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
