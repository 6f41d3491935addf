// Reading graph writes from JSON text (request bodies, dataset files) with simdjson. Strict:
// unknown fields, wrong types, invalid UTF-8 and nesting deeper than 32 levels are refused
// with a message naming the field, so nothing half-understood reaches the store.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "graph/node.h"
#include "graph/status.h"
#include "graph/trail.h"

namespace resgraph::importers {

// The request bodies the API reads. One table of fields per body (body_fields.cpp) is what the
// parsers below accept and what body_schema() describes.
enum class Body {
  node,
  edge,
  trail,
  step,
  revert,
  move,
  trail_recipe,
  invitation,     // {role, note, expires_days}
  join,           // {code, name, password}
  sign_in,        // {name, password}
  token,          // {label}
  account,        // {role, suspended}: a moderator's change to an account
  rollback,       // {node} or {since}: what of a user's edits a moderator undoes
  comment,        // {body, reply_to}
  comment_state,  // {hidden}: a moderator hides or restores a comment
  patrol,         // {seqs}: change-log entries a moderator has looked at
};

// The body's JSON Schema (2020-12, as OpenAPI 3.1 uses it); `create` marks required fields as
// required (a PATCH takes any subset).
boost::json::object body_schema(Body body, bool create);

// Parses a JSON object of node fields. `require_create_fields` demands type and title.
Result<NodeFields> parse_node_fields(std::string_view json, bool require_create_fields);
Result<EdgeFields> parse_edge_fields(std::string_view json);
// {title, slug, description, steps: [{node, note}]}; `require_title` on create.
Result<TrailFields> parse_trail_fields(std::string_view json, bool require_title);
// {node, note, position} for inserting one step; position 0 or absent appends.
Result<std::pair<TrailStep, size_t>> parse_step(std::string_view json);
// {"rev": N}: the revision a revert restores.
Result<int64_t> parse_revision(std::string_view json);
// {"to": N}: a step's new position.
Result<size_t> parse_move(std::string_view json);
// {person, types, order, title, slug}: what POST /api/trails/generate makes a trail of.
Result<TrailRecipe> parse_trail_recipe(std::string_view json);
// The account and moderation bodies (invitation, join, sign_in, token, account, rollback), read
// into one shape: the fields a body does not have stay empty.
struct AccountBody {
  std::string role, note, code, name, password, label, node;
  int64_t expires_days = 7;
  std::optional<bool> suspended;
  std::optional<int64_t> since_ms;
};
Result<AccountBody> parse_account_body(Body body, std::string_view json);
// The discussion and patrol bodies (comment, comment_state, patrol), read the same way.
struct DiscussionBody {
  std::string body, reply_to;
  std::optional<bool> hidden;
  std::vector<uint64_t> seqs;
};
Result<DiscussionBody> parse_discussion_body(Body body, std::string_view json);
// Any JSON value, checked (depth, UTF-8) and converted for Boost.JSON-side use.
Result<boost::json::value> parse_json(std::string_view json);

}  // namespace resgraph::importers
