// The CLI commands. Each returns the process exit code.
#pragma once

#include <functional>
#include <memory>

#include "graph/store.h"
#include "options.h"
#include "server/http_client.h"

namespace resgraph::cli {

int serve_command(const Options& o);
int user_command(const Options& o);
int import_command(const Options& o);
int export_command(const Options& o);
int check_command(const Options& o);
int reindex_command(const Options& o);
int trail_command(const Options& o);
int backup_command(const Options& o);
int restore_command(const Options& o);

// Runs `local` on the store when this process can open it, or hands the work to the server
// that holds it through a loopback admin request (`method`, `target`, `body`).
int with_store_or_server(const Options& o, const std::function<int(Store&)>& local,
                         const std::string& method, const std::string& target,
                         const std::string& body,
                         const std::function<int(const server::ClientResponse&)>& remote);

}  // namespace resgraph::cli
