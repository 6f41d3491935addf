// The fields of every JSON request body, in one table per body: the parser (json_fields.cpp)
// reads bodies by it and body_schema() describes them by it, so the API description cannot
// drift from what is accepted.
#pragma once

#include <span>
#include <string_view>

#include "importers/json_fields.h"

namespace resgraph::importers {

// How a field's value is read; each kind has one JSON Schema (body_schema.cpp).
enum class FieldKind {
  text,        // a string
  node_type,   // a string naming a registered node type
  edge_type,   // a string naming a registered edge type
  node_types,  // an array of registered node types
  order,       // "date" or "title"
  year,        // an integer 1..9999, or null for unknown
  texts,       // an array of strings
  links,       // an array of {url, label}
  object,      // any object
  array,       // any array
  steps,       // an array of {node, note}
  count,       // an integer from 1 (a revision, a step position)
  position,    // an integer from 0 (0: at the end)
  role,        // "reader", "contributor" or "moderator"
  flag,        // true or false
  days,        // an integer from 1 to 365
  counts,      // an array of 1 to 1000 integers from 1
};

struct BodyField {
  std::string_view name;
  FieldKind kind;
  bool required;  // on create (a PATCH takes any subset)
  std::string_view description;
};

std::span<const BodyField> fields_of(Body body);
// "a node", for messages: "unknown field 'x'; a node has type, title, …".
std::string_view body_noun(Body body);

}  // namespace resgraph::importers
