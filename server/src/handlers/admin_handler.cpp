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

// Body: {"dir": "/absolute/path"}
Response admin_backup(const Request& r, Services& s) {
  auto body = importers::parse_json(r.body);
  if (!body) return problem(body.status());
  const auto* o = body->if_object();
  const json::value* dir = o ? o->if_contains("dir") : nullptr;
  if (!dir || !dir->is_string() || !std::string_view(dir->get_string()).starts_with("/"))
    return problem(invalid("the body must be {\"dir\": \"/absolute/path\"}"));
  auto seq = s.store.backup(std::string(dir->get_string()));
  if (!seq) return problem(seq.status());
  return json_response(201, json::object{{"dir", *dir}, {"last_seq", *seq}});
}

Response admin_check(const Request& r, Services& s) {
  if (r.method == "POST")
    if (auto repaired = s.store.repair_text(); !repaired) return problem(repaired.status());
  CheckReport report = s.store.check();
  for (auto& p : s.search.verify()) report.problems.push_back(std::move(p));
  return json_response(200, to_json(report));
}

}  // namespace resgraph::server
