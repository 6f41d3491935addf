// Loopback-only endpoints through which CLI commands hand their work to a running server,
// since RocksDB lets only one process hold the store.
#include "graph/store.h"
#include "handlers.h"
#include "importers/dataset.h"
#include "importers/json_fields.h"

namespace resgraph::server {
namespace json = boost::json;

Response admin_add_user(const Request& r, Services& s) {
  auto body = importers::parse_json(r.body);
  if (!body) return problem(body.status());
  const auto* o = body->if_object();
  const json::value* name = o ? o->if_contains("name") : nullptr;
  const json::value* role = o ? o->if_contains("role") : nullptr;
  if (!name || !role || !name->is_string() || !role->is_string())
    return problem(invalid("the body must be {\"name\": ..., \"role\": ...}"));
  auto parsed = parse_role(role->get_string());
  if (!parsed) return problem(parsed.status());
  auto token = s.store.add_user(name->get_string(), *parsed);
  if (!token) return problem(token.status());
  return json_response(201, json::object{{"name", *name}, {"role", *role}, {"token", *token}});
}

Response admin_check(const Request&, Services& s) {
  CheckReport report = s.store.check();
  for (auto& p : s.search.verify()) report.problems.push_back(std::move(p));
  return json_response(200, to_json(report));
}

}  // namespace resgraph::server
