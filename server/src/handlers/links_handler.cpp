// GET /api/links: the health of the graph's links; POST /api/admin/links/check runs a check.
#include "graph/store.h"
#include "handlers.h"
#include "links/checker.h"

namespace resgraph::server {
namespace json = boost::json;
namespace {

// A link as the API answers it: its record, and the node whose URL it is, when one is.
Result<json::object> link_json(const Store& store, const LinkStatus& link) {
  json::object o = to_json(link);
  auto id = store.find_duplicate("", "", link.url);
  if (!id) return id.status();
  if (*id)
    if (auto n = if_found(store.get_node(**id)); n && *n)
      o["node"] = json::object{{"id", (*n)->id}, {"slug", (*n)->slug}, {"title", (*n)->title}};
  return o;
}

// The links of one node (its URL, then its other links) that have been checked.
Result<std::vector<LinkStatus>> links_of_node(const Store& store, const std::string& node) {
  auto n = store.get_node(node);
  if (!n) return n.status();
  std::vector<std::string> urls{n->url};
  for (const auto& l : n->links) urls.push_back(l.url);
  std::vector<LinkStatus> out;
  for (const auto& u : urls) {
    if (u.empty()) continue;
    auto l = store.get_link(u);
    if (!l) return l.status();
    if (*l) out.push_back(std::move(**l));
  }
  return out;
}

}  // namespace

Response list_links(const Request& r, Services& s) {
  const std::string node = text_arg(r, "node");
  auto links =
      node.empty() ? s.store.list_links(text_arg(r, "status")) : links_of_node(s.store, node);
  if (!links) return problem(links.status());
  const auto limit = static_cast<size_t>(integer_arg(r, "limit"));
  json::array out;
  for (const auto& l : *links) {
    if (out.size() == limit) break;
    auto o = link_json(s.store, l);
    if (!o) return problem(o.status());
    out.push_back(std::move(*o));
  }
  return json_response(200, json::object{{"links", std::move(out)}, {"total", links->size()}});
}

Response admin_check_links(const Request&, Services& s) {
  links::CheckOptions o;
  o.wayback_url = s.options.wayback_url;
  o.rule = s.options.dead_links;
  auto report = links::check_links(s.store, o, {"links", "link check"});
  if (!report) return problem(report.status());
  return json_response(200, links::to_json(*report));
}

}  // namespace resgraph::server
