// The one options struct: flags first, then RESGRAPH_* environment variables, then the settings
// file (--config), then defaults.
// main hands each module its part; nothing reads the environment anywhere else.
#pragma once

#include <string>
#include <vector>

#include "graph/status.h"
#include "server/server.h"

namespace resgraph::cli {

struct Options {
  std::string command;            // serve | import | export | user | check | reindex | help
  std::vector<std::string> args;  // positional arguments after the command
  bool help = false;
  std::string data_dir = "./var";
  std::string dataset_dir = "data";  // loaded on first start, when the store has no nodes
  std::string role;                  // user add --role
  std::string note;                  // user invite --note
  int64_t expires_days = 7;          // user invite --expires
  std::string out;                   // export --out
  std::string format = "json";       // export --format json|markdown
  std::string source;                // import --source
  bool dry_run = false;              // import --dry-run
  bool explain = false;              // import --explain
  bool diff = false;                 // export --source S --diff
  std::string file;                  // export --source S --file PATH
  bool check_links = false;          // serve --check-links: check the graph's links on a schedule
  std::string status;                // links list --status
  unsigned sync_every_s = 0;         // serve --sync-every: re-fetch every source this often
  bool revisions = false;            // export --revisions
  bool archived_links = false;       // export --archived-links
  bool repair = false;               // check --repair
  std::string person, types, order = "date", title, slug;  // trail make
  std::string trail, node, query;                          // export of citations: which works
  int depth = 1;
  server::ServerOptions server;

  std::string store_dir() const { return data_dir + "/store"; }
  std::string index_dir() const { return data_dir + "/index"; }
  std::string admin_file() const { return data_dir + "/admin.json"; }
};

Result<Options> parse_options(int argc, char** argv);
std::string usage(const std::string& command);

}  // namespace resgraph::cli
