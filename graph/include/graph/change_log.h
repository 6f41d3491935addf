// The change log: one entry per change, under a sequence number that starts at 1, only grows,
// and never skips or repeats, across restarts. Search, live streaming, audit and "changes
// since" all read it; nothing else records what happened.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>

namespace resgraph {

struct ChangeEntry {
  uint64_t seq = 0;
  std::string kind;    // "node.created", "node.updated", "node.deleted", "edge.created", ...
  std::string entity;  // "node" | "edge" | "trail"
  std::string id;
  int64_t rev = 0;
  std::string author;
  int64_t at_ms = 0;
  std::string comment;
  boost::json::value data;  // snapshot after the change (before it, for deletions)
};

boost::json::object to_json(const ChangeEntry& entry);

// Entries only moderators read, in the log and on the live stream: who signs in and when, who
// was invited, what someone watches, and patrol marks. Audit, not news.
inline bool moderators_only(const ChangeEntry& entry) {
  return entry.entity == "session" || entry.entity == "invitation" || entry.entity == "watch" ||
         entry.entity == "patrol";
}
ChangeEntry change_from_json(const boost::json::value& v);

// A revision: one version of a node or edge, with who made it and why.
struct Revision {
  std::string id;
  int64_t rev = 0;
  std::string kind;  // created | updated | deleted | reverted
  std::string author;
  int64_t at_ms = 0;
  std::string comment;
  uint64_t seq = 0;  // the change-log entry that made it
  boost::json::value snapshot;
};

boost::json::object to_json(const Revision& rev);
Revision revision_from_json(const boost::json::value& v);

}  // namespace resgraph
