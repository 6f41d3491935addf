// The RocksDB key layout (docs/data-model.md). Components are joined by '\0' so that no
// user-supplied text (a tag, a title) can make one prefix match another's keys.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace resgraph::keys {

inline std::string join(std::initializer_list<std::string_view> parts) {
  std::string k;
  bool first = true;
  for (auto p : parts) {
    if (!first) k.push_back('\0');
    k.append(p);
    first = false;
  }
  return k;
}
inline std::string prefix(std::initializer_list<std::string_view> parts) {
  return join(parts) + std::string(1, '\0');
}
// The first key after every key that starts with prefix(parts): for backward scans.
inline std::string prefix_end(std::initializer_list<std::string_view> parts) {
  return join(parts) + std::string(1, '\x01');
}
inline std::string num(uint64_t n) {  // fixed width so byte order is numeric order
  char buf[24];
  std::snprintf(buf, sizeof buf, "%020llu", static_cast<unsigned long long>(n));
  return buf;
}

inline std::string node(std::string_view id) { return join({"n", id}); }
inline std::string slug(std::string_view s) { return join({"s", s}); }
inline std::string url(std::string_view key) { return join({"u", key}); }
inline std::string title(std::string_view type, std::string_view key) {
  return join({"t", type, key});
}
inline std::string by_type(std::string_view type, std::string_view id) {
  return join({"xt", type, id});
}
inline std::string by_tag(std::string_view tag, std::string_view id) {
  return join({"xg", tag, id});
}
inline std::string identifier(std::string_view kind, std::string_view value) {
  return join({"d", kind, value});
}
// Set once every node's identifiers are in the "d" index (stores from before it get it at open).
inline std::string identifiers_indexed() { return join({"meta", "identifiers-indexed"}); }
inline std::string edge(std::string_view id) { return join({"e", id}); }
inline std::string out_edge(std::string_view from, std::string_view type, std::string_view to,
                            std::string_view id) {
  return join({"o", from, type, to, id});
}
inline std::string in_edge(std::string_view to, std::string_view type, std::string_view from,
                           std::string_view id) {
  return join({"i", to, type, from, id});
}
inline std::string revision(std::string_view id, int64_t rev) {
  return join({"r", id, num(static_cast<uint64_t>(rev))});
}
inline std::string change(uint64_t seq) { return join({"c", num(seq)}); }
inline std::string user(std::string_view name) { return join({"a", name}); }
inline std::string trail(std::string_view id) { return join({"tr", id}); }
inline std::string trail_slug(std::string_view slug) { return join({"ts", slug}); }
inline std::string source(std::string_view id) { return join({"src", id}); }
// A checked URL's health, by its normalized key (graph/url_key.h).
inline std::string link(std::string_view url_key) { return join({"lk", url_key}); }
// Invitations and sessions by the SHA-256 of their secret: the secret itself is never stored.
inline std::string invitation(std::string_view code_hash) { return join({"inv", code_hash}); }
inline std::string session(std::string_view id_hash) { return join({"ss", id_hash}); }
// A comment under its thread (a node's or trail's id), and its thread by the comment's id.
inline std::string comment(std::string_view target, std::string_view id) {
  return join({"cm", target, id});
}
inline std::string comment_thread(std::string_view id) { return join({"cmi", id}); }
// A moderator's mark that a change-log entry has been looked at.
inline std::string patrolled(uint64_t seq) { return join({"pt", num(seq)}); }
// How many edits a name has made and when the first was (graph/discussion.h).
inline std::string contributions(std::string_view name) { return join({"us", name}); }
inline std::string contributions_counted() { return join({"meta", "contributions-counted"}); }
inline std::string watch(std::string_view user, std::string_view target) {
  return join({"w", user, target});
}
inline std::string trail_node(std::string_view node, std::string_view trail) {
  return join({"tn", node, trail});
}

}  // namespace resgraph::keys
