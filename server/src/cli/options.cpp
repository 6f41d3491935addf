#include "options.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "graph/text.h"

namespace resgraph::cli {

std::string usage(const std::string& command) {
  static const std::map<std::string, std::string> text = {
      {"serve",
       "resgraph serve [--data-dir DIR] [--port N] [--bind ADDR] [--threads N] [--dataset DIR] "
       "[--web DIR]\n"
       "              [--max-connections N] [--max-connections-per-client N] [--allowed-origins "
       "O,O]\n"
       "              [--sync-every SECONDS] [--contact EMAIL] [--crossref-url URL] [--config "
       "FILE]\n"
       "              [--check-links] [--wayback-url URL] [--dead-after FAILURES/DAYS]\n"
       "              [--cookie-secure] [--rate-limits KIND=PER_MINUTE/BURST,...|off]\n"
       "              [--trusted-proxies ADDR,...]\n"
       "  Serves the API (and the web app from --web) on http://ADDR:N. On first start, when the\n"
       "  store holds no nodes, loads the default dataset from --dataset (default: data).\n"
       "  --sync-every (off by default) fetches every recorded source again that\n"
       "  often and imports what changed upstream, as `resgraph sync` does.\n"
       "  --rate-limits sets the token buckets kept per account and per client address:\n"
       "  writes=600/120,imports=6/3,sign-ins=10/10,invitations=30/10 by default (0 turns a\n"
       "  kind off; off, all). Behind a reverse proxy, name it in --trusted-proxies so that\n"
       "  its X-Forwarded-For names the client.\n"
       "  --check-links (off by default) checks the graph's links every 6 hours, each link\n"
       "  at most once a day, as `resgraph links check` does.\n"},
      {"links",
       "resgraph links check [--data-dir DIR] [--wayback-url URL] [--dead-after FAILURES/DAYS]\n"
       "resgraph links list [--status ok|redirected|failing|dead] [--data-dir DIR]\n"
       "  check visits every URL of the graph (8 at once, 1 per host, a second apart; HEAD,\n"
       "  else GET; redirects followed) and records each outcome. A link is dead after 3\n"
       "  failures in a row over 2 days (--dead-after 3/2); a dead link gets the Wayback\n"
       "  Machine's closest copy. list prints the links checked, with their state. Works while a "
       "server runs.\n"},
      {"user",
       "resgraph user add NAME --role reader|contributor|moderator [--data-dir DIR]\n"
       "resgraph user invite --role ROLE [--note TEXT] [--expires DAYS] [--data-dir DIR]\n"
       "resgraph user role NAME --role ROLE | user suspend NAME | user restore NAME\n"
       "  add creates a user and prints its bearer token once. invite prints a one-time link\n"
       "  (/join/CODE, 7 days by default) with which a person picks a name and password. role,\n"
       "  suspend and restore change an account. Each works while a server runs.\n"},
      {"import",
       "resgraph import FILE_OR_DIR_OR_URL... [--dry-run] [--explain] [--source NAME] [--data-dir "
       "DIR]\n"
       "  Imports Markdown lists (.md), datasets (.json) and citations (.bib, .ris, CSL-JSON\n"
       "  .json as Zotero exports them) idempotently, with provenance, and\n"
       "  prints what was created, updated, unchanged and skipped (with reasons). --dry-run\n"
       "  shows what would change and writes nothing; --explain lists what each line of a\n"
       "  Markdown list became (node, edge, annotation, trail step) or why it was skipped.\n"
       "  A URL (https://github.com/OWNER/REPO, a blob or raw file, any https Markdown URL)\n"
       "  is fetched with the Markdown files it links to, and recorded as a source to sync.\n"
       "  Works while a server runs.\n"},
      {"enrich",
       "resgraph enrich [--node NODE] [--dry-run] [--contact EMAIL] [--crossref-url URL] "
       "[--data-dir DIR]\n"
       "  Looks a work's DOI up in Crossref (or, without one, reads its page's citation and\n"
       "  Open Graph tags) and fills in what it lacks: date or year, venue, DOI, authors.\n"
       "  Nothing already written is changed; --dry-run lists what would be filled in.\n"
       "  Without --node, every work lacking one of them. --contact is sent to Crossref so it\n"
       "  can reach you (its polite pool). Works while a server runs.\n"},
      {"sources",
       "resgraph sources [--data-dir DIR]\n"
       "  Lists the lists imported from their URLs, with each file and the ETag imported.\n"},
      {"sync",
       "resgraph sync [SOURCE...] [--dry-run] [--data-dir DIR]\n"
       "  Fetches each file of a source again (all sources when none is named) with\n"
       "  If-None-Match and imports what changed upstream. Nothing is removed; an upstream\n"
       "  change that disagrees with a hand edit is reported as a conflict, never written.\n"},
      {"export",
       "resgraph export [--format json|markdown|bibtex|csl-json|ris] [--type TYPE] [--revisions]\n"
       "                [--archived-links] [--out FILE] [--data-dir DIR] [--source SOURCE [--file "
       "PATH] [--diff]]\n"
       "                [--trail TRAIL | --node NODE [--depth 1-3] | --person NAME | --q QUERY]\n"
       "  Writes the graph as a JSON dataset or a README-style Markdown list; import reads both "
       "back.\n"
       "  --source writes one imported list in its own shape, with the graph's corrections and\n"
       "  additions in place; --diff prints it as a unified diff against the file upstream, to\n"
       "  propose to the list's maintainers.\n"
       "  bibtex, csl-json and ris cite works for Zotero and other reference managers: all of\n"
       "  them, a trail's, a node's neighbourhood's, a person's, or a search's (--q, with a\n"
       "  running server); import reads each format back.\n"
       "  --archived-links writes, in a Markdown export, a dead link's archived copy in its place\n"
       "  (resgraph links check finds dead links and their copies).\n"},
      {"trail",
       "resgraph trail make --person NAME [--type talk,podcast] [--order date|title] [--title T] "
       "[--slug S]\n"
       "  Builds a trail from a person's works in the graph and prints its slug. Works while a "
       "server runs.\n"},
      {"backup",
       "resgraph backup DIR [--data-dir D]\n"
       "  Writes a consistent copy of the store to DIR (new). Works while a server runs.\n"},
      {"restore",
       "resgraph restore DIR [--data-dir D]\n"
       "  Restores a backup into D (whose store must not exist); the search index rebuilds on "
       "start.\n"},
      {"reindex",
       "resgraph reindex [--data-dir DIR]\n"
       "  Rebuilds the search index from the store. Stop the server first.\n"},
      {"check",
       "resgraph check [--repair] [--data-dir DIR]\n"
       "  Verifies the store's invariants and that the search index agrees with it;\n"
       "  exits 1 and lists the problems when one fails.\n"},
  };
  if (auto it = text.find(command); it != text.end()) return it->second;
  std::string all =
      "resgraph: a knowledge graph of the resilience-engineering literature\n\n"
      "usage: resgraph COMMAND [options]   (resgraph COMMAND --help for one command)\n\n";
  for (const auto& [_, t] : text) all += t + "\n";
  all +=
      "Settings: --config FILE (or RESGRAPH_CONFIG) reads 'name = value' lines named like the\n"
      "long options (data-dir = /var/lib/resgraph); the environment (RESGRAPH_DATA_DIR,\n"
      "RESGRAPH_PORT, RESGRAPH_BIND, RESGRAPH_THREADS) overrides the file, and flags win.\n";
  return all;
}

namespace {

std::string trimmed(std::string_view s) {
  const char* space = " \t\r";
  auto a = s.find_first_not_of(space);
  if (a == std::string_view::npos) return {};
  return std::string(s.substr(a, s.find_last_not_of(space) - a + 1));
}

// The settings file (/etc/resgraph/resgraph.conf in the package): "name = value" lines whose
// names are the long options without their dashes, '#' comments. It fills in what neither a
// flag nor the environment gave, so an operator's file and a one-off flag compose.
Status read_config_file(const std::string& path, const std::vector<std::string>& known,
                        std::map<std::string, std::string>& flags) {
  std::ifstream in(path);
  if (!in) return invalid("cannot read the settings file " + path);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::string text = trimmed(line.substr(0, line.find('#')));
    if (text.empty()) continue;
    auto where = path + ":" + std::to_string(number) + ": ";
    auto eq = text.find('=');
    if (eq == std::string::npos) return invalid(where + "expected 'name = value'");
    std::string name = "--" + trimmed(text.substr(0, eq));
    if (std::find(known.begin(), known.end(), name) == known.end() || name == "--config")
      return invalid(where + "unknown setting '" + name.substr(2) + "'");
    std::string value = trimmed(text.substr(eq + 1));
    if (auto s = text::check(where + name.substr(2), value, text::Shape::line); !s.is_ok())
      return s;
    flags[name] = std::move(value);
  }
  return Status::ok();
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

// "writes=600/120,sign-ins=10/10" (PER_MINUTE/BURST, BURST defaulting to PER_MINUTE), or "off".
Status parse_rate_limits(const std::string& text, server::RateLimitOptions& limits) {
  auto bad = [] {
    return invalid(
        "--rate-limits takes KIND=PER_MINUTE/BURST,... (kinds: writes, imports, sign-ins, "
        "invitations) or off");
  };
  if (text == "off") {
    limits = server::RateLimitOptions::off();
    return Status::ok();
  }
  for (const auto& item : split_list(text)) {
    const size_t eq = item.find('=');
    if (eq == std::string::npos) return bad();
    const std::string kind = item.substr(0, eq);
    server::RateLimitOptions::Rule* rule = kind == "writes"        ? &limits.writes
                                           : kind == "imports"     ? &limits.imports
                                           : kind == "sign-ins"    ? &limits.sign_ins
                                           : kind == "invitations" ? &limits.invitations
                                                                   : nullptr;
    unsigned per_minute = 0, burst = 0;
    char rest = 0;
    const int read = std::sscanf(item.c_str() + eq + 1, "%u/%u%c", &per_minute, &burst, &rest);
    if (!rule || read < 1 || read > 2 || per_minute > 1000000 || burst > 1000000) return bad();
    *rule = {per_minute, read == 2 ? burst : per_minute};
  }
  return Status::ok();
}

// --config FILE (or RESGRAPH_CONFIG), looked for before anything else is read.
std::optional<std::string> config_path(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a.starts_with("--config=")) return std::string(a.substr(9));
    if (a == "--config" && i + 1 < argc) return std::string(argv[i + 1]);
  }
  const char* env = std::getenv("RESGRAPH_CONFIG");
  return env && *env ? std::optional<std::string>(env) : std::nullopt;
}

}  // namespace

Result<Options> parse_options(int argc, char** argv) {
  Options o;
  o.server.threads = std::max(2u, std::thread::hardware_concurrency());
  auto env = [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    return v && *v ? std::optional<std::string>(v) : std::nullopt;
  };
  std::map<std::string, std::string> flags;

  static const std::vector<std::string> with_value = {"--data-dir",
                                                      "--port",
                                                      "--bind",
                                                      "--threads",
                                                      "--dataset",
                                                      "--web",
                                                      "--role",
                                                      "--out",
                                                      "--timeout",
                                                      "--source",
                                                      "--format",
                                                      "--person",
                                                      "--type",
                                                      "--order",
                                                      "--title",
                                                      "--slug",
                                                      "--max-connections",
                                                      "--max-connections-per-client",
                                                      "--allowed-origins",
                                                      "--sync-every",
                                                      "--file",
                                                      "--trail",
                                                      "--node",
                                                      "--depth",
                                                      "--q",
                                                      "--crossref-url",
                                                      "--contact",
                                                      "--wayback-url",
                                                      "--dead-after",
                                                      "--note",
                                                      "--rate-limits",
                                                      "--trusted-proxies",
                                                      "--expires",
                                                      "--status",
                                                      "--config"};
  if (auto path = config_path(argc, argv))
    if (auto s = read_config_file(*path, with_value, flags); !s.is_ok()) return s;
  if (auto v = env("RESGRAPH_DATA_DIR")) flags["--data-dir"] = *v;
  if (auto v = env("RESGRAPH_PORT")) flags["--port"] = *v;
  if (auto v = env("RESGRAPH_BIND")) flags["--bind"] = *v;
  if (auto v = env("RESGRAPH_THREADS")) flags["--threads"] = *v;
  for (int i = 1; i < argc; ++i) {
    // Arguments become names, sources and file paths in the store: the text rule holds here too.
    if (auto s = text::check("argument " + std::to_string(i), argv[i], text::Shape::line);
        !s.is_ok())
      return s;
  }
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") {
      o.help = true;
    } else if (a == "--dry-run") {
      o.dry_run = true;
    } else if (a == "--explain") {
      o.explain = true;
    } else if (a == "--diff") {
      o.diff = true;
    } else if (a == "--revisions") {
      o.revisions = true;
    } else if (a == "--archived-links") {
      o.archived_links = true;
    } else if (a == "--repair") {
      o.repair = true;
    } else if (a == "--check-links") {
      o.check_links = true;
    } else if (a == "--cookie-secure") {
      o.server.cookie_secure = true;
    } else if (a.starts_with("--")) {
      std::string name = a, value;
      if (auto eq = a.find('='); eq != std::string::npos) {
        name = a.substr(0, eq);
        value = a.substr(eq + 1);
      } else if (std::find(with_value.begin(), with_value.end(), a) != with_value.end()) {
        if (i + 1 >= argc) return invalid("option " + a + " needs a value");
        value = argv[++i];
      }
      if (std::find(with_value.begin(), with_value.end(), name) == with_value.end())
        return invalid("unknown option " + name);
      flags[name] = value;
    } else if (o.command.empty()) {
      o.command = a;
    } else {
      o.args.push_back(a);
    }
  }
  auto number = [&](const std::string& flag, unsigned long lo,
                    unsigned long hi) -> Result<unsigned long> {
    const std::string& v = flags[flag];
    char* end = nullptr;
    unsigned long n = std::strtoul(v.c_str(), &end, 10);
    if (v.empty() || *end || n < lo || n > hi)
      return invalid(flag + " must be a number from " + std::to_string(lo) + " to " +
                     std::to_string(hi));
    return n;
  };
  if (flags.count("--data-dir")) o.data_dir = flags["--data-dir"];
  if (flags.count("--dataset")) o.dataset_dir = flags["--dataset"];
  if (flags.count("--web")) o.server.web_dir = flags["--web"];
  if (flags.count("--bind")) o.server.bind = flags["--bind"];
  if (flags.count("--role")) o.role = flags["--role"];
  if (flags.count("--note")) o.note = flags["--note"];
  if (flags.count("--rate-limits"))
    if (auto s = parse_rate_limits(flags["--rate-limits"], o.server.rate_limits); !s.is_ok())
      return s;
  if (flags.count("--trusted-proxies"))
    o.server.trusted_proxies = split_list(flags["--trusted-proxies"]);
  if (flags.count("--expires")) {
    auto n = number("--expires", 1, 365);
    if (!n) return n.status();
    o.expires_days = *n;
  }
  if (flags.count("--out")) o.out = flags["--out"];
  if (flags.count("--source")) o.source = flags["--source"];
  if (flags.count("--file")) o.file = flags["--file"];
  if (flags.count("--person")) o.person = flags["--person"];
  if (flags.count("--type")) o.types = flags["--type"];
  if (flags.count("--order")) o.order = flags["--order"];
  if (flags.count("--title")) o.title = flags["--title"];
  if (flags.count("--slug")) o.slug = flags["--slug"];
  if (flags.count("--format")) o.format = flags["--format"];
  if (flags.count("--trail")) o.trail = flags["--trail"];
  if (flags.count("--node")) o.node = flags["--node"];
  if (flags.count("--q")) o.query = flags["--q"];
  if (flags.count("--crossref-url")) o.server.crossref_url = flags["--crossref-url"];
  if (flags.count("--contact")) o.server.contact = flags["--contact"];
  if (flags.count("--wayback-url")) o.server.wayback_url = flags["--wayback-url"];
  if (flags.count("--dead-after")) {
    // FAILURES/DAYS: "3/2" is 3 failures in a row, the first 2 days before the last.
    const std::string& v = flags["--dead-after"];
    unsigned failures = 0, days = 0;
    char rest = 0;
    if (std::sscanf(v.c_str(), "%u/%u%c", &failures, &days, &rest) != 2 || failures < 1 ||
        failures > kLinkHistory || days > 365)
      return invalid("--dead-after must be FAILURES/DAYS, 1 to " + std::to_string(kLinkHistory) +
                     " failures over 0 to 365 days (default 3/2)");
    o.server.dead_links = {failures, int64_t{days} * 24 * 3600 * 1000};
  }
  if (flags.count("--status")) o.status = flags["--status"];
  if (flags.count("--depth")) {
    auto n = number("--depth", 1, 3);
    if (!n) return n.status();
    o.depth = static_cast<int>(*n);
  }
  const bool citations = o.format == "bibtex" || o.format == "csl-json" || o.format == "ris";
  if (o.format != "json" && o.format != "markdown" && !citations)
    return invalid("--format must be json, markdown, bibtex, csl-json or ris");
  if (o.command == "export" && !o.types.empty() && o.format == "json")
    return invalid(
        "--type limits the Markdown and citation exports; the JSON export is the whole graph");
  if (flags.count("--port")) {
    auto n = number("--port", 0, 65535);
    if (!n) return n.status();
    o.server.port = static_cast<uint16_t>(*n);
  }
  if (flags.count("--threads")) {
    auto n = number("--threads", 1, 256);
    if (!n) return n.status();
    o.server.threads = static_cast<unsigned>(*n);
  }
  if (flags.count("--timeout")) {
    auto n = number("--timeout", 1, 3600);
    if (!n) return n.status();
    o.server.request_timeout_s = static_cast<unsigned>(*n);
  }
  if (flags.count("--max-connections")) {
    auto n = number("--max-connections", 16, 1000000);
    if (!n) return n.status();
    o.server.max_connections = *n;
  }
  if (flags.count("--sync-every")) {
    auto n = number("--sync-every", 1, 7UL * 24 * 3600);
    if (!n) return n.status();
    o.sync_every_s = static_cast<unsigned>(*n);
  }
  if (flags.count("--max-connections-per-client")) {
    auto n = number("--max-connections-per-client", 0, 1000000);
    if (!n) return n.status();
    o.server.max_connections_per_client = *n;
  }
  if (flags.count("--allowed-origins"))
    o.server.allowed_origins = split_list(flags["--allowed-origins"]);
  if (o.command.empty()) o.command = "help";
  return o;
}

}  // namespace resgraph::cli
