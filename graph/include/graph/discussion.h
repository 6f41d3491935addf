// What people say about the graph and follow in it, beside editing it: comment threads on nodes
// and trails, marks that a moderator has looked at a change (patrol), how much each person has
// contributed (who counts as new), and the nodes and trails each person watches. All of it is
// written through the change log like any edit.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <string>

#include "graph/status.h"

namespace resgraph {

// One comment in the thread of a node or a trail. The body is Markdown as written; rendering
// it (safely) is for whoever shows it.
struct Comment {
  std::string id;
  std::string entity;    // "node" | "trail"
  std::string target;    // the node's or trail's id
  std::string reply_to;  // a comment in the same thread, or empty
  std::string author;
  std::string body;
  int64_t created_ms = 0;
  bool hidden = false;
  std::string hidden_by;  // the moderator who hid it, while hidden
  int64_t rev = 1;
};
boost::json::object to_json(const Comment& comment);
Result<Comment> comment_from_json(const boost::json::value& v);
inline constexpr size_t kMaxCommentBytes = 10000;

// Edits of nodes, edges, trails and comments made under a name, counted as they are written.
struct Contributions {
  int64_t first_ms = 0;  // 0: none yet
  uint64_t edits = 0;
};
boost::json::object to_json(const Contributions& c);

// Who counts as new, as wikis do it: fewer than `edits` edits, or a first edit less than `days`
// days ago.
struct NewContributorRule {
  uint64_t edits = 10;
  int64_t days = 4;
  bool is_new(const Contributions& c, int64_t now_ms) const {
    return c.edits < edits || now_ms - c.first_ms < days * 24 * 3600 * 1000;
  }
};

// A node or trail someone watches, and the last change they have seen of it.
struct Watch {
  std::string user;
  std::string entity;  // "node" | "trail"
  std::string target;  // id
  uint64_t seen_seq = 0;
  int64_t seen_ms = 0;
  int64_t added_ms = 0;
};
boost::json::object to_json(const Watch& watch);

}  // namespace resgraph
