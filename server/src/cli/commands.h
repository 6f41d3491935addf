// The CLI commands. Each returns the process exit code.
#pragma once

#include <boost/json/object.hpp>
#include <functional>
#include <memory>

#include "graph/store.h"
#include "importers/upload.h"
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
int sources_command(const Options& o);
int sync_command(const Options& o);
int enrich_command(const Options& o);
int links_command(const Options& o);
// Runs one import (importers::import_upload) on the store, or through the running server's
// POST /api/admin/import, which calls the same function; prints what it did.
int run_upload(const Options& o, const importers::Upload& upload, const std::string& label);

// Runs `local` on the store when this process can open it, or hands the work to the server
// that holds it through a loopback admin request (`method`, `target`, `body`).
int with_store_or_server(const Options& o, const std::function<int(Store&)>& local,
                         const std::string& method, const std::string& target,
                         const std::string& body,
                         const std::function<int(const server::ClientResponse&)>& remote);

// What an import did, as the CLI prints it: counts, conflicts, skips, shapes, explanations.
void print_summary(const std::string& file, const boost::json::object& summary, bool dry_run);
// A list fetched from its URL: each file's summary, and the files that could not be fetched.
int print_source_report(const boost::json::object& report, bool dry_run);
// A problem+json answer's detail on stderr; returns the exit code 1.
int print_problem(const server::ClientResponse& r);
// A value percent-encoded for a hand-off's query string.
std::string url_encode(const std::string& s);

}  // namespace resgraph::cli
