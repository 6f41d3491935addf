// Link health in the store and the change log: one record per normalized URL.
#include <rocksdb/db.h>

#include "graph/link_status.h"
#include "graph/store.h"
#include "graph/text.h"
#include "graph/url_key.h"
#include "json_read.h"
#include "keys.h"
#include "read_status.h"
#include "stored_json.h"
#include "txn.h"

namespace resgraph {
namespace json = boost::json;
using json_read::str;

bool is_failure(const std::string& outcome) { return outcome != "ok" && outcome != "redirected"; }

std::string link_state(const std::vector<LinkCheck>& checks, const DeadLinkRule& rule) {
  if (checks.empty()) return "unchecked";
  if (!is_failure(checks.back().outcome)) return checks.back().outcome;
  size_t first = checks.size() - 1;  // the first failure of the last run of them
  while (first > 0 && is_failure(checks[first - 1].outcome)) --first;
  const size_t run = checks.size() - first;
  const int64_t span = checks.back().at_ms - checks[first].at_ms;
  return run >= rule.failures && span >= rule.span_ms ? "dead" : "failing";
}

json::object to_json(const LinkStatus& l) {
  json::array checks;
  for (const auto& c : l.checks)
    checks.push_back(json::object{{"at", c.at_ms},
                                  {"outcome", c.outcome},
                                  {"status", c.status},
                                  {"redirects", c.redirects},
                                  {"final_url", c.final_url},
                                  {"detail", c.detail}});
  return {{"url", l.url},           {"state", l.state}, {"checks", checks},
          {"archived", l.archived}, {"rev", l.rev},     {"updated", to_json(l.updated)}};
}

Result<LinkStatus> link_from_json(const json::value& v) {
  if (!v.is_object()) return internal("a link record is not an object");
  const auto& o = v.get_object();
  LinkStatus l;
  l.url = str(o, "url");
  l.state = str(o, "state");
  l.archived = str(o, "archived");
  auto number = [](const json::object& x, const char* k) -> int64_t {
    const auto* n = x.if_contains(k);
    return n && n->is_int64() ? n->get_int64() : 0;
  };
  l.rev = number(o, "rev");
  l.updated = stamp_from_json(o.if_contains("updated"));
  if (const auto* checks = o.if_contains("checks"); checks && checks->is_array())
    for (const auto& c : checks->get_array()) {
      if (!c.is_object()) continue;
      const auto& co = c.get_object();
      l.checks.push_back(
          {number(co, "at"), str(co, "outcome"), static_cast<long>(number(co, "status")),
           static_cast<long>(number(co, "redirects")), str(co, "final_url"), str(co, "detail")});
    }
  if (l.url.empty()) return internal("a link record has no URL");
  return l;
}

Result<std::optional<LinkStatus>> Store::get_link(std::string_view url) const {
  auto key = url_key(url);
  if (!key) return key.status();
  std::shared_lock guard(db_mu_);
  auto raw = read_key(keys::link(*key));
  if (!raw) return raw.status();
  if (!*raw) return std::optional<LinkStatus>();
  auto l = link_from_json(parse_stored(**raw));
  if (!l) return l.status();
  return std::optional<LinkStatus>(std::move(*l));
}

Result<std::vector<LinkStatus>> Store::list_links(std::string_view state) const {
  std::vector<LinkStatus> out;
  auto s = scan_records(keys::prefix({"lk"}), [&](const json::value& v) -> Status {
    auto l = link_from_json(v);
    if (!l) return l.status();
    if (state.empty() || l->state == state) out.push_back(std::move(*l));
    return Status::ok();
  });
  if (!s.is_ok()) return s;
  return out;
}

Result<LinkStatus> Store::record_link_check(std::string_view url, const LinkCheck& check,
                                            const DeadLinkRule& rule, const WriteMeta& meta) {
  return update_link(url, meta, [&](LinkStatus& l) {
    l.checks.push_back(check);
    if (l.checks.size() > kLinkHistory) l.checks.erase(l.checks.begin());
    l.state = link_state(l.checks, rule);
    if (l.state != "dead") l.archived.clear();  // alive again: no copy to offer
    return Status::ok();
  });
}

Result<LinkStatus> Store::set_archived_copy(std::string_view url, const std::string& archived,
                                            const WriteMeta& meta) {
  if (auto s = text::check("archived", archived, text::Shape::line); !s.is_ok()) return s;
  return update_link(url, meta, [&](LinkStatus& l) {
    if (l.rev == 0) return not_found("'" + std::string(url) + "' has not been checked");
    l.archived = archived;
    return Status::ok();
  });
}

Result<LinkStatus> Store::update_link(std::string_view url, const WriteMeta& meta,
                                      const std::function<Status(LinkStatus&)>& change) {
  if (url.size() > 2000) return invalid("a link has at most 2000 bytes");
  auto key = url_key(url);
  if (!key) return key.status();
  return durably([&]() -> Result<LinkStatus> {
    std::lock_guard lock(write_mu_);
    if (auto st = ready_for_write(); !st.is_ok()) return st;
    Txn txn(last_seq_);
    auto before = read_key(keys::link(*key));
    if (!before) return before.status();
    LinkStatus l;
    l.url = std::string(url);
    if (*before) {
      auto old = link_from_json(parse_stored(**before));
      if (!old) return old.status();
      l = std::move(*old);
    }
    if (auto st = change(l); !st.is_ok()) return st;
    l.rev += 1;
    l.updated = {meta.author, txn.at_ms()};
    auto snapshot = to_json(l);
    txn.put_json(keys::link(*key), snapshot);
    txn.record(*before ? "link.checked" : "link.created", "link", *key, l.rev, meta,
               std::move(snapshot));
    if (auto st = commit(txn); !st.is_ok()) return st;
    return l;
  });
}

}  // namespace resgraph
