// sources and sync: lists fetched from where they live, on the store directly or
// through the server that holds it.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <iostream>

#include "commands.h"
#include "importers/enrich.h"
#include "importers/source_import.h"

namespace resgraph::cli {
namespace json = boost::json;

int print_source_report(const json::object& report, bool dry_run) {
  const auto& source = report.at("source").as_object();
  std::cout << source.at("url").as_string().c_str() << " (" << source.at("name").as_string().c_str()
            << ")\n";
  for (const auto& f : report.at("files").as_array()) {
    const auto& o = f.as_object();
    std::string path(o.at("path").as_string());
    if (o.at("unchanged_upstream").as_bool())
      std::cout << path << ": unchanged upstream\n";
    else
      print_summary(path, o, dry_run);
  }
  int rc = 0;
  for (const auto& f : report.at("failures").as_array()) {
    std::cerr << "resgraph: " << f.as_string().c_str() << "\n";
    rc = 1;
  }
  return rc;
}

namespace {

int report_or_problem(const Result<importers::SourceReport>& report, bool dry_run) {
  if (!report) {
    std::cerr << "resgraph: " << report.status().message() << "\n";
    return 1;
  }
  return print_source_report(importers::to_json(*report), dry_run);
}

}  // namespace

int sources_command(const Options& o) {
  auto print = [](const json::array& sources) {
    for (const auto& s : sources) {
      const auto& src = s.as_object();
      std::cout << src.at("id").as_string().c_str() << "  " << src.at("url").as_string().c_str()
                << "  (" << src.at("files").as_array().size() << " files)\n";
      for (const auto& f : src.at("files").as_array())
        std::cout << "    " << f.as_object().at("path").as_string().c_str() << "  "
                  << f.as_object().at("etag").as_string().c_str() << "\n";
    }
    return 0;
  };
  return with_store_or_server(
      o,
      [&](Store& store) {
        auto sources = store.list_sources();
        if (!sources) {
          std::cerr << "resgraph: " << sources.status().message() << "\n";
          return 1;
        }
        json::array out;
        for (const auto& s : *sources) out.push_back(to_json(s));
        return print(out);
      },
      "GET", "/api/sources", "",
      [&](const server::ClientResponse& r) {
        if (r.status != 200) return print_problem(r);
        return print(json::parse(r.body).as_object().at("sources").as_array());
      });
}

int sync_command(const Options& o) {
  std::vector<std::string> ids = o.args;
  if (ids.empty()) {  // every source the store knows
    int rc = with_store_or_server(
        o,
        [&](Store& store) {
          auto sources = store.list_sources();
          if (!sources) return 1;
          for (const auto& s : *sources) ids.push_back(s.id);
          return 0;
        },
        "GET", "/api/sources", "",
        [&](const server::ClientResponse& r) {
          if (r.status != 200) return print_problem(r);
          json::value body = json::parse(r.body);
          for (const auto& s : body.as_object().at("sources").as_array())
            ids.emplace_back(s.as_object().at("id").as_string());
          return 0;
        });
    if (rc) return rc;
    if (ids.empty()) std::cout << "no sources: import a list from its URL first\n";
  }
  int rc = 0;
  importers::SourceOptions so;
  so.dry_run = o.dry_run;
  for (const auto& id : ids)
    rc |= with_store_or_server(
        o,
        [&](Store& store) {
          return report_or_problem(importers::sync_source(store, id, {"import", "sync " + id}, so),
                                   o.dry_run);
        },
        "POST", "/api/admin/sources/" + id + "/sync" + (o.dry_run ? "?dry_run=1" : ""), "",
        [&](const server::ClientResponse& r) {
          if (r.status != 200) return print_problem(r);
          return print_source_report(json::parse(r.body).as_object(), o.dry_run);
        });
  return rc;
}

// `resgraph enrich`: importers::enrich_node or enrich_works here, or the server's
// POST /api/admin/enrich, which calls the same; prints what was (or would be) filled in and
// each lookup.
int enrich_command(const Options& o) {
  auto print = [&](const json::object& report) {
    for (const auto& l : report.at("lookups").as_array())
      std::cout << "lookup " << l.as_string().c_str() << "\n";
    print_summary(o.node.empty() ? "works" : o.node, report, o.dry_run);
    return 0;
  };
  importers::EnrichOptions eo;
  eo.crossref_url = o.server.crossref_url;
  eo.contact = o.server.contact;
  eo.dry_run = o.dry_run;
  const WriteMeta meta{"enrich", "metadata lookup"};
  return with_store_or_server(
      o,
      [&](Store& store) {
        auto report = o.node.empty() ? importers::enrich_works(store, eo, meta)
                                     : importers::enrich_node(store, o.node, eo, meta);
        if (!report) {
          std::cerr << "resgraph: " << report.status().message() << "\n";
          return 1;
        }
        return print(importers::to_json(*report));
      },
      "POST",
      "/api/admin/enrich?dry_run=" + std::string(o.dry_run ? "1" : "0") +
          (o.node.empty() ? "" : "&node=" + url_encode(o.node)),
      "",
      [&](const server::ClientResponse& r) {
        return r.status == 200 ? print(json::parse(r.body).as_object()) : print_problem(r);
      });
}

}  // namespace resgraph::cli
