// The graph's value types. A Node or Edge read from the store is always complete and valid:
// its type is registered, its id and slug are unique, and `rev` counts its revisions from 1.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/status.h"

namespace resgraph {

struct Link {
  std::string url;
  std::string label;
  bool operator==(const Link&) const = default;
};

// Who did something, and when (milliseconds since the Unix epoch, UTC).
struct Stamp {
  std::string who;
  int64_t at_ms = 0;
};

struct Node {
  std::string id;
  std::string slug;
  std::string type;
  std::string title;
  std::string url;  // primary link; may be empty (people, concepts)
  std::vector<Link> links;
  std::string date;  // ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD; may be empty
  int year = 0;      // 0 when unknown
  std::string summary;
  std::vector<std::string> tags;
  boost::json::object attrs;
  boost::json::array provenance;  // where importers found it: {source, file, heading, line}
  int64_t rev = 0;
  Stamp created;
  Stamp updated;
};

struct Edge {
  std::string id;
  std::string from;
  std::string to;
  std::string type;
  boost::json::object attrs;
  boost::json::array provenance;
  int64_t rev = 0;
  Stamp created;
};

// The fields a writer may set. Absent means "leave as is" on update, "default" on create.
struct NodeFields {
  std::optional<std::string> slug, type, title, url, date, summary;
  std::optional<int> year;
  std::optional<std::vector<Link>> links;
  std::optional<std::vector<std::string>> tags;
  std::optional<boost::json::object> attrs;
  std::optional<boost::json::array> provenance;
};

struct EdgeFields {
  std::string from;  // id or slug
  std::string to;    // id or slug
  std::string type;
  boost::json::object attrs;
  boost::json::array provenance;
};

// Registries: the open-but-validated sets of node and edge types.
bool is_node_type(std::string_view type);
bool is_edge_type(std::string_view type);
const std::vector<std::string>& node_types();
const std::vector<std::string>& edge_types();
// Works are what people make and cite (papers, books, talks, posts...): every type but person,
// organization, concept, event and question.
bool is_work_type(std::string_view type);

boost::json::object to_json(const Stamp& stamp);
Stamp stamp_from_json(const boost::json::value* v);  // null or malformed reads as empty
boost::json::object to_json(const Node& node);
boost::json::object to_json(const Edge& edge);
Result<Node> node_from_json(const boost::json::value& v);
Result<Edge> edge_from_json(const boost::json::value& v);

}  // namespace resgraph
