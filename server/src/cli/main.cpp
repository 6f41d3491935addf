#include <iostream>

#include "commands.h"
#include "options.h"

int main(int argc, char** argv) {
  using namespace resgraph::cli;
  auto options = parse_options(argc, argv);
  if (!options) {
    std::cerr << "resgraph: " << options.status().message() << "\n\n" << usage("");
    return 2;
  }
  const Options& o = *options;
  if (o.help || o.command == "help") {
    std::cout << usage(o.command == "help" ? "" : o.command);
    return 0;
  }
  if (o.command == "serve") return serve_command(o);
  if (o.command == "user") return user_command(o);
  if (o.command == "import") return import_command(o);
  if (o.command == "export") return export_command(o);
  if (o.command == "check") return check_command(o);
  if (o.command == "reindex") return reindex_command(o);
  if (o.command == "trail") return trail_command(o);
  if (o.command == "backup") return backup_command(o);
  if (o.command == "restore") return restore_command(o);
  if (o.command == "sources") return sources_command(o);
  if (o.command == "sync") return sync_command(o);
  if (o.command == "enrich") return enrich_command(o);
  if (o.command == "links") return links_command(o);
  std::cerr << "resgraph: unknown command '" << o.command << "'\n\n" << usage("");
  return 2;
}
