// `resgraph links check` and `resgraph links list`: links::check_links and the store's link
// records here, or the running server's POST /api/admin/links/check and GET /api/links.
#include <boost/json/parse.hpp>
#include <iostream>

#include "commands.h"
#include "links/checker.h"

namespace resgraph::cli {
namespace json = boost::json;
namespace {

int print_check(const json::object& report) {
  std::cout << "checked " << report.at("checked").to_number<uint64_t>() << " links ("
            << report.at("skipped").to_number<uint64_t>() << " checked recently, left)";
  for (const auto& [state, n] : report.at("states").as_object())
    std::cout << "; " << state << " " << n.to_number<uint64_t>();
  std::cout << "\n";
  for (const auto& d : report.at("dead").as_array())
    std::cout << "dead " << d.as_string().c_str() << "\n";
  return 0;
}

int print_links(const json::array& links) {
  for (const auto& v : links) {
    const auto& l = v.as_object();
    std::cout << l.at("state").as_string().c_str() << "  " << l.at("url").as_string().c_str();
    if (!l.at("archived").as_string().empty())
      std::cout << "  archived: " << l.at("archived").as_string().c_str();
    std::cout << "\n";
  }
  return 0;
}

int check(const Options& o) {
  links::CheckOptions co;
  co.wayback_url = o.server.wayback_url;
  co.rule = o.server.dead_links;
  return with_store_or_server(
      o,
      [&](Store& store) {
        auto report = links::check_links(store, co, {"links", "link check"});
        if (!report) {
          std::cerr << "resgraph: " << report.status().message() << "\n";
          return 1;
        }
        return print_check(links::to_json(*report));
      },
      "POST", "/api/admin/links/check", "",
      [&](const server::ClientResponse& r) {
        return r.status == 200 ? print_check(json::parse(r.body).as_object()) : print_problem(r);
      });
}

int list(const Options& o) {
  return with_store_or_server(
      o,
      [&](Store& store) {
        auto links = store.list_links(o.status);
        if (!links) {
          std::cerr << "resgraph: " << links.status().message() << "\n";
          return 1;
        }
        json::array out;
        for (const auto& l : *links) out.push_back(to_json(l));
        return print_links(out);
      },
      "GET", "/api/links?limit=1000" + (o.status.empty() ? "" : "&status=" + url_encode(o.status)),
      "",
      [&](const server::ClientResponse& r) {
        if (r.status != 200) return print_problem(r);
        return print_links(json::parse(r.body).as_object().at("links").as_array());
      });
}

}  // namespace

int links_command(const Options& o) {
  const std::string what = o.args.empty() ? "" : o.args[0];
  if (what == "check") return check(o);
  if (what == "list") return list(o);
  std::cerr << usage("links");
  return 2;
}

}  // namespace resgraph::cli
