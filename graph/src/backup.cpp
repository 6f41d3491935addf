// Backups: a RocksDB checkpoint (hard links where the filesystem allows) plus a manifest.
// The search index is not copied; it is derived data and rebuilds itself on the next start.
#include <rocksdb/db.h>
#include <rocksdb/utilities/checkpoint.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "graph/ids.h"
#include "graph/store.h"

namespace resgraph {
namespace fs = std::filesystem;

Result<uint64_t> Store::backup(const std::string& dir) {
  if (fs::exists(dir)) return invalid("backup directory '" + dir + "' already exists");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return unavailable("cannot create '" + dir + "': " + ec.message());
  uint64_t seq = 0;
  {
    std::lock_guard lock(write_mu_);  // no write lands between the checkpoint and its number
    rocksdb::Checkpoint* raw = nullptr;
    auto s = rocksdb::Checkpoint::Create(db_.get(), &raw);
    std::unique_ptr<rocksdb::Checkpoint> cp(raw);
    if (s.ok()) s = cp->CreateCheckpoint(dir + "/store");
    if (!s.ok()) return unavailable("backup failed: " + s.ToString());
    seq = last_seq_.load();
  }
  std::ofstream manifest(dir + "/backup.json");
  manifest << boost::json::serialize(
      boost::json::object{{"last_seq", seq}, {"taken_at", iso_time(now_ms())}});
  if (!manifest) return unavailable("cannot write the backup manifest in '" + dir + "'");
  return seq;
}

Result<uint64_t> Store::restore(const std::string& backup_dir, const std::string& store_dir) {
  std::ifstream in(backup_dir + "/backup.json");
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  auto manifest = boost::json::parse(text.str(), ec);
  if (ec || !manifest.is_object() || !fs::is_directory(backup_dir + "/store"))
    return invalid("'" + backup_dir + "' is not a resgraph backup (no backup.json and store/)");
  if (fs::exists(store_dir))
    return invalid("'" + store_dir + "' exists; move it away before restoring over it");
  std::error_code fec;
  fs::create_directories(fs::path(store_dir).parent_path(), fec);
  fs::copy(backup_dir + "/store", store_dir, fs::copy_options::recursive, fec);
  if (fec) return unavailable("cannot copy the backup: " + fec.message());
  return manifest.as_object()["last_seq"].to_number<uint64_t>();
}

}  // namespace resgraph
