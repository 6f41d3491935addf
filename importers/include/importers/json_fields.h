// Reading graph writes from JSON text (request bodies, dataset files) with simdjson. Strict:
// unknown fields, wrong types, invalid UTF-8 and nesting deeper than 32 levels are refused
// with a message naming the field, so nothing half-understood reaches the store.
#pragma once

#include <string_view>
#include <vector>

#include "graph/node.h"
#include "graph/status.h"
#include "graph/trail.h"

namespace resgraph::importers {

// Parses a JSON object of node fields. `require_create_fields` demands type and title.
Result<NodeFields> parse_node_fields(std::string_view json, bool require_create_fields);
Result<EdgeFields> parse_edge_fields(std::string_view json);
// {title, slug, description, steps: [{node, note}]}; `require_title` on create.
Result<TrailFields> parse_trail_fields(std::string_view json, bool require_title);
// {node, note, position} for inserting one step; position 0 or absent appends.
Result<std::pair<TrailStep, size_t>> parse_step(std::string_view json);
// Any JSON value, checked (depth, UTF-8) and converted for Boost.JSON-side use.
Result<boost::json::value> parse_json(std::string_view json);

}  // namespace resgraph::importers
