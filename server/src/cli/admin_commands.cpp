// user, import, export and check: each works on the store directly, or through the server.
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "importers/dataset.h"
#include "search/search_index.h"

namespace resgraph::cli {
namespace json = boost::json;
namespace {

int print_problem(const server::ClientResponse& r) {
  boost::system::error_code ec;
  auto body = json::parse(r.body, ec);
  if (!ec && body.is_object() && body.as_object().contains("detail"))
    std::cerr << "resgraph: " << body.as_object()["detail"].as_string().c_str() << "\n";
  else
    std::cerr << "resgraph: server answered " << r.status << "\n";
  return 1;
}

void print_report(const json::object& report) {
  std::cout << "created " << report.at("nodes_created").to_number<uint64_t>() << " nodes ("
            << report.at("nodes_existing").to_number<uint64_t>() << " already there), "
            << report.at("edges_created").to_number<uint64_t>() << " edges ("
            << report.at("edges_existing").to_number<uint64_t>() << " already there)\n";
  for (const auto& p : report.at("problems").as_array())
    std::cerr << "skipped: " << p.as_string().c_str() << "\n";
}

}  // namespace

int user_command(const Options& o) {
  if (o.args.size() != 2 || o.args[0] != "add" || o.role.empty()) {
    std::cerr << usage("user");
    return 2;
  }
  const std::string& name = o.args[1];
  auto role = parse_role(o.role);
  if (!role) {
    std::cerr << "resgraph: " << role.status().message() << "\n";
    return 2;
  }
  return with_store_or_server(
      o,
      [&](Store& store) {
        auto token = store.add_user(name, *role);
        if (!token) {
          std::cerr << "resgraph: " << token.status().message() << "\n";
          return 1;
        }
        std::cout << *token << "\n";
        return 0;
      },
      "POST", "/api/admin/users", json::serialize(json::object{{"name", name}, {"role", o.role}}),
      [](const server::ClientResponse& r) {
        if (r.status != 201) return print_problem(r);
        std::cout << json::parse(r.body).as_object()["token"].as_string().c_str() << "\n";
        return 0;
      });
}

int import_command(const Options& o) {
  if (o.args.empty()) {
    std::cerr << usage("import");
    return 2;
  }
  int rc = 0;
  for (const auto& file : o.args) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << "resgraph: cannot read " << file << "\n";
      return 1;
    }
    std::stringstream text;
    text << in.rdbuf();
    rc |= with_store_or_server(
        o,
        [&](Store& store) {
          auto report = importers::import_dataset(store, text.str(), {"import", "import " + file});
          if (!report) {
            std::cerr << "resgraph: " << file << ": " << report.status().message() << "\n";
            return 1;
          }
          print_report(importers::to_json(*report));
          return 0;
        },
        "POST", "/api/admin/import", text.str(),
        [&](const server::ClientResponse& r) {
          if (r.status != 200) return print_problem(r);
          print_report(json::parse(r.body).as_object());
          return 0;
        });
  }
  return rc;
}

int export_command(const Options& o) {
  auto write = [&](const std::string& text) {
    if (o.out.empty()) {
      std::cout << text << "\n";
      return 0;
    }
    std::ofstream out(o.out, std::ios::binary);
    out << text << "\n";
    if (!out) {
      std::cerr << "resgraph: cannot write " << o.out << "\n";
      return 1;
    }
    return 0;
  };
  return with_store_or_server(
      o, [&](Store& store) { return write(importers::export_dataset(store)); }, "GET",
      "/api/admin/export", "",
      [&](const server::ClientResponse& r) { return r.status == 200 ? write(r.body) : print_problem(r); });
}

int check_command(const Options& o) {
  auto print = [](const json::object& report) {
    std::cout << report.at("nodes").to_number<uint64_t>() << " nodes, " << report.at("edges").to_number<uint64_t>()
              << " edges, " << report.at("changes").to_number<uint64_t>() << " changes, "
              << report.at("users").to_number<uint64_t>() << " users\n";
    const auto& problems = report.at("problems").as_array();
    for (const auto& p : problems) std::cout << "problem: " << p.as_string().c_str() << "\n";
    std::cout << (problems.empty() ? "store is consistent\n" : "store has problems\n");
    return problems.empty() ? 0 : 1;
  };
  return with_store_or_server(
      o,
      [&](Store& store) {
        CheckReport report = store.check();
        auto index = search::SearchIndex::open(o.index_dir(), store);
        if (!index) report.problems.push_back(index.status().message());
        else for (auto& p : (*index)->verify()) report.problems.push_back(std::move(p));
        return print(to_json(report));
      },
      "GET", "/api/admin/check",
      "", [&](const server::ClientResponse& r) {
        return r.status == 200 ? print(json::parse(r.body).as_object()) : print_problem(r);
      });
}

int reindex_command(const Options& o) {
  auto store = Store::open({o.store_dir()});
  if (!store) {
    std::cerr << "resgraph: " << store.status().message()
              << (store.status().detail() == "locked" ? "; stop the server, then reindex" : "") << "\n";
    return 1;
  }
  if (auto s = search::SearchIndex::rebuild(o.index_dir(), **store); !s.is_ok()) {
    std::cerr << "resgraph: " << s.message() << "\n";
    return 1;
  }
  std::cout << "search index rebuilt up to change " << (*store)->last_seq() << "\n";
  return 0;
}

}  // namespace resgraph::cli
