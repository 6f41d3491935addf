// user, import, export and check: each works on the store directly, or through the server.
#include <unistd.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.h"
#include "graph/text.h"
#include "graph/walks.h"
#include "importers/citations.h"
#include "importers/dataset.h"
#include "importers/export.h"
#include "importers/markdown_importer.h"
#include "importers/source_import.h"
#include "search/search_index.h"
#include "terminal_progress.h"

namespace resgraph::cli {
namespace json = boost::json;

int print_problem(const server::ClientResponse& r) {
  boost::system::error_code ec;
  auto body = json::parse(r.body, ec);
  if (!ec && body.is_object() && body.as_object().contains("detail"))
    std::cerr << "resgraph: " << body.as_object()["detail"].as_string().c_str() << "\n";
  else
    std::cerr << "resgraph: server answered " << r.status << "\n";
  return 1;
}

namespace {

void print_report(const json::object& report) {
  std::cout << "created " << report.at("nodes_created").to_number<uint64_t>() << " nodes ("
            << report.at("nodes_existing").to_number<uint64_t>() << " already there), "
            << report.at("edges_created").to_number<uint64_t>() << " edges ("
            << report.at("edges_existing").to_number<uint64_t>() << " already there), "
            << report.at("trails_created").to_number<uint64_t>() << " trails ("
            << report.at("trails_existing").to_number<uint64_t>() << " already there)\n";
  for (const auto& p : report.at("problems").as_array())
    std::cerr << "skipped: " << p.as_string().c_str() << "\n";
}

}  // namespace

namespace {

int print_status_error(const Status& s) {
  std::cerr << "resgraph: " << s.message() << "\n";
  return 1;
}

int user_add(const Options& o, const std::string& name, Role role) {
  return with_store_or_server(
      o,
      [&](Store& store) {
        auto token = store.add_user(name, role);
        if (!token) return print_status_error(token.status());
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

int user_invite(const Options& o, Role role) {
  auto print = [&](const std::string& code) {
    std::cout << "/join/" << code << "\n"
              << "  a one-time link for a " << o.role << ", for " << o.expires_days
              << " days: give it to the person, after the server's address\n";
    return 0;
  };
  return with_store_or_server(
      o,
      [&](Store& store) {
        auto inv = store.create_invitation(role, o.note, o.expires_days * 24 * 3600 * 1000,
                                           {"admin", "invited"});
        if (!inv) return print_status_error(inv.status());
        return print(inv->code);
      },
      "POST", "/api/admin/invitations",
      json::serialize(
          json::object{{"role", o.role}, {"note", o.note}, {"expires_days", o.expires_days}}),
      [&](const server::ClientResponse& r) {
        if (r.status != 201) return print_problem(r);
        return print(std::string(json::parse(r.body).as_object()["code"].as_string()));
      });
}

// role, suspend and restore: one account change, by the store or the running server.
int user_change(const Options& o, const std::string& verb, const std::string& name) {
  json::object body;
  if (verb == "role") body["role"] = o.role;
  if (verb != "role") body["suspended"] = verb == "suspend";
  return with_store_or_server(
      o,
      [&](Store& store) {
        const WriteMeta meta{"admin", verb};
        auto a = verb == "role" ? store.set_role(name, role_or(o.role, Role::reader), meta)
                                : store.set_suspended(name, verb == "suspend", meta);
        if (!a) return print_status_error(a.status());
        std::cout << a->name << ": " << role_name(a->role) << (a->suspended ? ", suspended" : "")
                  << "\n";
        return 0;
      },
      "PATCH", "/api/admin/users/" + url_encode(name), json::serialize(body),
      [&](const server::ClientResponse& r) {
        if (r.status != 200) return print_problem(r);
        auto v = json::parse(r.body).as_object();
        std::cout << name << ": " << v["role"].as_string().c_str()
                  << (v["state"] == "suspended" ? ", suspended" : "") << "\n";
        return 0;
      });
}

}  // namespace

int user_command(const Options& o) {
  const std::string verb = o.args.empty() ? "" : o.args[0];
  const bool needs_role = verb == "add" || verb == "invite" || verb == "role";
  const size_t args = verb == "invite" ? 1 : 2;
  const bool known =
      verb == "add" || verb == "invite" || verb == "role" || verb == "suspend" || verb == "restore";
  if (!known || o.args.size() != args || (needs_role && o.role.empty())) {
    std::cerr << usage("user");
    return 2;
  }
  Role role = Role::reader;
  if (needs_role) {
    auto parsed = parse_role(o.role);
    if (!parsed) {
      std::cerr << "resgraph: " << parsed.status().message() << "\n";
      return 2;
    }
    role = *parsed;
  }
  if (verb == "add") return user_add(o, o.args[1], role);
  if (verb == "invite") return user_invite(o, role);
  return user_change(o, verb, o.args[1]);
}

namespace {

// Files to import: each argument, or the .md and .json files under it, sorted.
std::vector<std::filesystem::path> import_files(const std::vector<std::string>& args) {
  namespace fs = std::filesystem;
  std::vector<fs::path> out;
  for (const auto& a : args) {
    if (!fs::is_directory(a)) {
      out.emplace_back(a);
      continue;
    }
    std::vector<fs::path> found;
    for (const auto& e : fs::recursive_directory_iterator(a))
      if (e.is_regular_file() &&
          (e.path().extension() == ".md" || e.path().extension() == ".json" ||
           importers::citation_format_of_file(e.path().string())) &&
          e.path().filename() != "README.md")  // a folder's README describes it
        found.push_back(e.path());
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

}  // namespace

void print_summary(const std::string& file, const json::object& s, bool dry_run) {
  auto n = [&](const char* k) { return s.at(k).to_number<uint64_t>(); };
  std::cout << file << ": " << (dry_run ? "would create " : "created ") << n("created")
            << ", update " << n("updated") << ", unchanged " << n("unchanged") << ", skipped "
            << n("skipped") << "; edges: " << n("edges_created") << " new, " << n("edges_existing")
            << " existing\n";
  if (dry_run)
    for (const auto& c : s.at("changes").as_array())
      std::cout << "  would " << c.as_string().c_str() << "\n";
  for (const auto& c : s.at("conflicts").as_array())
    std::cout << "  conflict: " << c.as_string().c_str() << "\n";
  for (const auto& c : s.at("skips").as_array())
    std::cout << "  skipped " << c.as_string().c_str() << "\n";
  if (auto* shapes = s.if_contains("shapes"); shapes && shapes->is_object())
    for (const auto& [name, c] : shapes->as_object()) {
      const auto& o = c.as_object();
      std::cout << "  " << std::string(name) << ": " << o.at("seen").to_number<uint64_t>()
                << " entries, " << o.at("understood").to_number<uint64_t>() << " understood, "
                << o.at("skipped").to_number<uint64_t>() << " skipped\n";
    }
  if (auto* lines = s.if_contains("explain"); lines && lines->is_array())
    for (const auto& l : lines->as_array()) std::cout << "  " << l.as_string().c_str() << "\n";
}

int run_upload(const Options& o, const importers::Upload& up, const std::string& label) {
  auto print = [&](const json::object& report, const std::string& kind) {
    if (kind == "source") return print_source_report(report, up.dry_run);
    if (kind == "dataset")
      print_report(report);
    else
      print_summary(label, report, up.dry_run);
    return 0;
  };
  // The kind of the server's answer: the rule import_upload dispatches on.
  const std::string kind = importers::upload_kind(up);
  std::string target = "/api/admin/import?format=" + up.format +
                       "&source=" + url_encode(up.source) + "&file=" + url_encode(up.file) +
                       (up.dry_run ? "&dry_run=1" : "") + (up.explain ? "&explain=1" : "");
  return with_store_or_server(
      o,
      [&](Store& store) {
        TerminalProgress progress("  importing", "entries");
        importers::Upload watched = up;
        watched.progress = std::ref(progress);
        auto result = importers::import_upload(store, watched, {"import", "import " + label});
        progress.finish();
        if (!result) {
          std::cerr << "resgraph: " << label << ": " << result.status().message() << "\n";
          return 1;
        }
        return print(result->report, result->kind);
      },
      "POST", target, up.body,
      [&](const server::ClientResponse& r) {
        if (r.status != 200) return print_problem(r);
        return print(json::parse(r.body).as_object(), kind);
      });
}

int import_command(const Options& o) {
  if (o.args.empty()) {
    std::cerr << usage("import");
    return 2;
  }
  std::vector<std::string> paths;
  int rc = 0;
  for (const auto& a : o.args) {
    if (!a.starts_with("https://") && !a.starts_with("http://")) {
      paths.push_back(a);
      continue;
    }
    importers::Upload up;
    up.format = "json";
    up.body = json::serialize(json::object{{"url", a}});
    up.dry_run = o.dry_run;
    up.explain = o.explain;
    rc |= run_upload(o, up, a);
  }
  if (paths.empty()) return rc;
  auto files = import_files(paths);
  bool tty = isatty(STDERR_FILENO);
  for (size_t i = 0; i < files.size(); ++i) {
    const auto& path = files[i];
    if (tty) std::cerr << "[" << i + 1 << "/" << files.size() << "] " << path.string() << "\n";
    // A file's name becomes its provenance: a name that is not UTF-8 is refused, not mangled.
    if (auto s = text::check("file name", path.string(), text::Shape::line); !s.is_ok()) {
      std::cerr << "resgraph: " << text::repair_utf8(path.string()) << ": " << s.message()
                << "; rename the file to import it\n";
      rc = 1;
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      std::cerr << "resgraph: cannot read " << path.string() << "\n";
      rc = 1;
      continue;
    }
    std::stringstream text;
    text << in.rdbuf();
    importers::Upload up;
    up.format = path.extension() == ".json" ? "json" : "markdown";
    if (auto citations = importers::citation_format_of_file(path.string()))
      up.format = *citations == importers::CitationFormat::bibtex ? "bibtex" : "ris";
    up.body = text.str();
    up.source = o.source.empty() ? path.stem().string() : o.source;
    up.file = path.string();
    up.dry_run = o.dry_run;
    up.explain = o.explain;
    rc |= run_upload(o, up, path.string());
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
  importers::ExportRequest request{o.format, o.types, o.source, o.file, o.diff, o.revisions};
  request.archived_links = o.archived_links;
  request.cite.trail = o.trail;
  request.cite.node = o.node;
  request.cite.depth = o.depth;
  request.cite.person = o.person;
  return with_store_or_server(
      o,
      [&](Store& store) {
        if (!o.query.empty()) {
          auto index = search::SearchIndex::open(o.index_dir(), store);
          // The search must see the whole store: the index catches up before it answers.
          if (index && !(*index)->wait_until_indexed(store.last_seq(), std::chrono::minutes(10)))
            index = Status(Code::unavailable, "the search index did not catch up with the store");
          auto hits =
              index ? (*index)->hit_ids({o.query, o.types, "relevance"}, importers::kMaxCitedHits)
                    : Result<std::vector<std::string>>(index.status());
          if (!hits) {
            std::cerr << "resgraph: " << hits.status().message() << "\n";
            return 1;
          }
          request.cite.ids = std::move(*hits);
        }
        auto exported = importers::export_graph(store, request);
        if (!exported) {
          std::cerr << "resgraph: " << exported.status().message() << "\n";
          return 1;
        }
        return write(exported->body);
      },
      "GET",
      "/api/export?format=" + o.format + (o.types.empty() ? "" : "&type=" + url_encode(o.types)) +
          (o.revisions ? "&revisions=1" : "") +
          (o.source.empty() ? "" : "&source=" + url_encode(o.source)) +
          (o.file.empty() ? "" : "&file=" + url_encode(o.file)) + (o.diff ? "&diff=1" : "") +
          (o.archived_links ? "&archived_links=1" : "") +
          (o.trail.empty() ? "" : "&trail=" + url_encode(o.trail)) +
          (o.node.empty() ? ""
                          : "&node=" + url_encode(o.node) + "&depth=" + std::to_string(o.depth)) +
          (o.person.empty() ? "" : "&person=" + url_encode(o.person)) +
          (o.query.empty() ? "" : "&q=" + url_encode(o.query)),
      "",
      [&](const server::ClientResponse& r) {
        return r.status == 200 ? write(r.body) : print_problem(r);
      });
}

int check_command(const Options& o) {
  auto print = [](const json::object& report) {
    std::cout << report.at("nodes").to_number<uint64_t>() << " nodes, "
              << report.at("edges").to_number<uint64_t>() << " edges, "
              << report.at("changes").to_number<uint64_t>() << " changes, "
              << report.at("users").to_number<uint64_t>() << " users\n";
    const auto& problems = report.at("problems").as_array();
    for (const auto& p : problems) std::cout << "problem: " << p.as_string().c_str() << "\n";
    std::cout << (problems.empty() ? "store is consistent\n" : "store has problems\n");
    return problems.empty() ? 0 : 1;
  };
  return with_store_or_server(
      o,
      [&](Store& store) {
        if (o.repair) {
          auto repaired = store.repair_text();
          if (!repaired) {
            std::cerr << "resgraph: " << repaired.status().message() << "\n";
            return 1;
          }
          std::cout << "repaired " << *repaired << " records\n";
        }
        CheckReport report = store.check();
        auto index = search::SearchIndex::open(o.index_dir(), store);
        if (!index)
          report.problems.push_back(index.status().message());
        else
          for (auto& p : (*index)->verify()) report.problems.push_back(std::move(p));
        return print(to_json(report));
      },
      o.repair ? "POST" : "GET", "/api/admin/check", "",
      [&](const server::ClientResponse& r) {
        return r.status == 200 ? print(json::parse(r.body).as_object()) : print_problem(r);
      });
}

int trail_command(const Options& o) {
  if (o.args.size() != 1 || o.args[0] != "make" || o.person.empty()) {
    std::cerr << usage("trail");
    return 2;
  }
  TrailRecipe recipe{o.person, {}, o.order, o.title, o.slug};
  std::stringstream in(o.types);
  for (std::string t; std::getline(in, t, ',');)
    if (!t.empty()) recipe.types.push_back(t);
  json::array types;
  for (const auto& t : recipe.types) types.emplace_back(t);
  json::object request{{"person", recipe.person}, {"types", types}, {"order", recipe.order}};
  if (!recipe.title.empty()) request["title"] = recipe.title;
  if (!recipe.slug.empty()) request["slug"] = recipe.slug;
  return with_store_or_server(
      o,
      [&](Store& store) {
        auto t = generate_trail(store, recipe, {"admin", ""});
        if (!t) {
          std::cerr << "resgraph: " << t.status().message() << "\n";
          return 1;
        }
        std::cout << t->slug << " (" << t->steps.size() << " steps)\n";
        return 0;
      },
      "POST", "/api/admin/trails/generate", json::serialize(request),
      [](const server::ClientResponse& r) {
        if (r.status != 201) return print_problem(r);
        auto t = json::parse(r.body).as_object();
        std::cout << t["slug"].as_string().c_str() << " (" << t["steps"].as_array().size()
                  << " steps)\n";
        return 0;
      });
}

int backup_command(const Options& o) {
  if (o.args.size() != 1) {
    std::cerr << usage("backup");
    return 2;
  }
  std::string dir = std::filesystem::absolute(o.args[0]).string();
  return with_store_or_server(
      o,
      [&](Store& store) {
        auto seq = store.backup(dir);
        if (!seq) {
          std::cerr << "resgraph: " << seq.status().message() << "\n";
          return 1;
        }
        std::cout << "backup in " << dir << " holds changes up to " << *seq << "\n";
        return 0;
      },
      "POST", "/api/admin/backup", json::serialize(json::object{{"dir", dir}}),
      [&](const server::ClientResponse& r) {
        if (r.status != 201) return print_problem(r);
        std::cout << "backup in " << dir << " holds changes up to "
                  << json::parse(r.body).as_object()["last_seq"].to_number<uint64_t>() << "\n";
        return 0;
      });
}

int restore_command(const Options& o) {
  if (o.args.size() != 1) {
    std::cerr << usage("restore");
    return 2;
  }
  auto seq = Store::restore(o.args[0], o.store_dir());
  if (!seq) {
    std::cerr << "resgraph: " << seq.status().message() << "\n";
    return 1;
  }
  std::error_code ec;
  std::filesystem::remove_all(o.index_dir(), ec);  // rebuilt from the restored store on start
  std::cout << "restored changes up to " << *seq << " into " << o.data_dir << "\n";
  return 0;
}

int reindex_command(const Options& o) {
  auto store = Store::open({o.store_dir()});
  if (!store) {
    std::cerr << "resgraph: " << store.status().message()
              << (store.status().detail().locked ? "; stop the server, then reindex" : "") << "\n";
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
