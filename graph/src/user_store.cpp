// Accounts in the store. Only a salted hash of each token's secret is kept.
#include <rocksdb/db.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "graph/ids.h"
#include "graph/store.h"
#include "json_read.h"
#include "keys.h"
#include "read_status.h"
#include "stored_json.h"

namespace resgraph {

Result<std::string> Store::add_user(std::string_view name, Role role) {
  if (auto s = validate_user_name(name); !s.is_ok()) return s;
  if (role == Role::anonymous) return invalid("a user needs a role");
  std::lock_guard lock(write_mu_);
  auto existing = read_key(keys::user(std::string(name)));
  if (!existing) return existing.status();
  if (*existing) return conflict("user '" + std::string(name) + "' exists");
  if (auto s = ready_for_write(); !s.is_ok()) return s;
  std::string secret = random_hex(32);
  std::string salt = random_hex(16);
  boost::json::object rec{{"name", name},
                          {"role", role_name(role)},
                          {"salt", salt},
                          {"hash", sha256_hex(salt + secret)},
                          {"created", now_ms()}};
  rocksdb::WriteOptions wo;
  wo.sync = options_.sync;
  auto s = db_->Put(wo, keys::user(name), boost::json::serialize(rec));
  if (!s.ok()) return unavailable("could not save the user: " + s.ToString());
  return "rg." + std::string(name) + "." + secret;
}

Result<User> Store::authenticate(std::string_view token) const {
  std::shared_lock guard(db_mu_);
  Status wrong(Code::unauthorized, "the bearer token is not valid");
  auto parts = split_token(token);
  if (!parts) return parts.status();
  auto found = read_key(keys::user(parts->name));
  if (!found) return found.status();
  const std::optional<std::string>& raw = *found;
  // An unknown name costs the same hash as a known one, so timing does not tell names apart.
  auto rec = raw ? parse_stored(*raw) : boost::json::value();
  const boost::json::object empty;
  const auto& o = rec.is_object() ? rec.get_object() : empty;
  std::string salt = json_read::str(o, "salt"), hash = json_read::str(o, "hash");
  bool match = constant_time_equal(sha256_hex(salt + parts->secret), hash);
  if (!raw || !match || hash.empty()) return wrong;
  auto role = parse_role(json_read::str(o, "role"));
  if (!role) return internal("user '" + parts->name + "' has a bad role");
  return User{parts->name, *role};
}

}  // namespace resgraph
