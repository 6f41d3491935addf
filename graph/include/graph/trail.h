// Trails: curated, ordered paths through the graph, versioned and in the change log like nodes.
// A step names a node by id and remembers its title, so a node deleted later leaves a visible
// gap ("was: …") rather than a silent hole.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "graph/node.h"

namespace resgraph {

struct TrailStep {
  std::string node;   // node id
  std::string title;  // the node's title when the step was placed
  std::string note;
};

struct Trail {
  std::string id, slug, title, description, owner;
  std::vector<TrailStep> steps;
  boost::json::array provenance;
  int64_t rev = 0;
  Stamp created, updated;
};

struct TrailFields {
  std::optional<std::string> slug, title, description;
  std::optional<std::vector<TrailStep>> steps;  // node may be an id or a slug
  std::optional<boost::json::array> provenance;
};

// What a generated trail is made of: a person's works of some types, in an order.
struct TrailRecipe {
  std::string person;              // id, slug or the person's name
  std::vector<std::string> types;  // node types; empty means every work
  std::string order = "date";      // "date" or "title"
  std::string title;               // empty: "Person: talks and podcasts by date"
  std::string slug;                // empty: from the title
};

boost::json::object to_json(const Trail& trail);
Result<Trail> trail_from_json(const boost::json::value& v);

}  // namespace resgraph
