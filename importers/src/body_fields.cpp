#include "body_fields.h"

namespace resgraph::importers {
namespace {

using K = FieldKind;

constexpr BodyField kNode[] = {
    {"type", K::node_type, true, "The node's type, one of GET /api/types"},
    {"title", K::text, true, "A person's name, a work's title, a concept's term"},
    {"slug", K::text, false, "The node's readable id; made from the title when absent"},
    {"url", K::text, false, "The primary link: a work's own page, a person's home page"},
    {"links", K::links, false, "Further links, each {url, label}"},
    {"date", K::text, false, "ISO 8601: YYYY, YYYY-MM or YYYY-MM-DD"},
    {"year", K::year, false, "The year, or null when unknown"},
    {"summary", K::text, false, "One line on what it is"},
    {"tags", K::texts, false, "Free-form tags"},
    {"attrs", K::object, false, "Further facts by name (doi, venue, ...)"},
    {"provenance", K::array, false, "Where importers found it: {source, file, heading, line}"},
};

constexpr BodyField kEdge[] = {
    {"from", K::text, true, "The node the edge starts at (id or slug)"},
    {"to", K::text, true, "The node the edge ends at (id or slug)"},
    {"type", K::edge_type, true, "The edge's type, one of GET /api/types"},
    {"attrs", K::object, false, "Further facts by name (order, role, ...)"},
    {"provenance", K::array, false, "Where importers found it"},
};

constexpr BodyField kTrail[] = {
    {"title", K::text, true, "The trail's title"},
    {"slug", K::text, false, "The trail's readable id; made from the title when absent"},
    {"description", K::text, false, "What the trail is for"},
    {"steps", K::steps, false, "The steps in order, each {node, note}"},
};

constexpr BodyField kStep[] = {
    {"node", K::text, true, "The step's node (id or slug)"},
    {"note", K::text, false, "Why the step is there"},
    {"position", K::position, false, "Where to insert it, from 1; 0 or absent appends"},
};

constexpr BodyField kRevert[] = {
    {"rev", K::count, true, "The revision whose content becomes current again"},
};

constexpr BodyField kMove[] = {
    {"to", K::count, true, "The step's new position, from 1"},
};

constexpr BodyField kRecipe[] = {
    {"person", K::text, true, "The person whose works the trail walks (id, slug or name)"},
    {"types", K::node_types, false, "Node types of the works; absent or empty: every work"},
    {"order", K::order, false, "date (the default) or title"},
    {"title", K::text, false, "The trail's title; made from the person and types when absent"},
    {"slug", K::text, false, "The trail's readable id"},
};

constexpr BodyField kInvitation[] = {
    {"role", K::role, true, "The role the invited person gets"},
    {"note", K::text, false, "For moderators: who it is for (shown in the list, never public)"},
    {"expires_days", K::days, false, "Days until it expires unused (default 7)"},
};

constexpr BodyField kJoin[] = {
    {"code", K::text, true, "The invitation's code, from its link"},
    {"name", K::text, true, "The name to sign in with: a-z, 0-9, '-' and '_'"},
    {"password", K::text, true, "At least 10 characters"},
};

constexpr BodyField kSignIn[] = {
    {"name", K::text, true, "The account's name"},
    {"password", K::text, true, "Its password"},
};

constexpr BodyField kToken[] = {
    {"label", K::text, true, "What the token is for (a script, a machine)"},
};

constexpr BodyField kAccount[] = {
    {"role", K::role, false, "The account's new role"},
    {"suspended", K::flag, false, "true suspends the account, false restores it"},
};

constexpr BodyField kRollback[] = {
    {"node", K::text, false, "Undo the user's latest run of edits on this node (id or slug)"},
    {"since", K::position, false,
     "Or undo every edit of the user since this time (milliseconds since 1970, the change "
     "log's at)"},
};

constexpr BodyField kComment[] = {
    {"body", K::text, true, "Markdown (no raw HTML); at most 10,000 bytes"},
    {"reply_to", K::text, false, "The comment this one answers, in the same thread"},
};

constexpr BodyField kCommentState[] = {
    {"hidden", K::flag, true, "true hides the comment from everyone but moderators"},
};

constexpr BodyField kPatrol[] = {
    {"seqs", K::counts, true, "The sequence numbers of the change-log entries looked at"},
};

}  // namespace

std::span<const BodyField> fields_of(Body body) {
  switch (body) {
    case Body::node:
      return kNode;
    case Body::edge:
      return kEdge;
    case Body::trail:
      return kTrail;
    case Body::step:
      return kStep;
    case Body::revert:
      return kRevert;
    case Body::move:
      return kMove;
    case Body::trail_recipe:
      return kRecipe;
    case Body::invitation:
      return kInvitation;
    case Body::join:
      return kJoin;
    case Body::sign_in:
      return kSignIn;
    case Body::token:
      return kToken;
    case Body::account:
      return kAccount;
    case Body::rollback:
      return kRollback;
    case Body::comment:
      return kComment;
    case Body::comment_state:
      return kCommentState;
    case Body::patrol:
      return kPatrol;
  }
  return {};
}

std::string_view body_noun(Body body) {
  switch (body) {
    case Body::node:
      return "a node";
    case Body::edge:
      return "an edge";
    case Body::trail:
      return "a trail";
    case Body::step:
      return "a step";
    case Body::revert:
      return "a revert";
    case Body::move:
      return "a move";
    case Body::trail_recipe:
      return "a generated trail";
    case Body::invitation:
      return "an invitation";
    case Body::join:
      return "a join";
    case Body::sign_in:
      return "a sign-in";
    case Body::token:
      return "a token";
    case Body::account:
      return "an account change";
    case Body::rollback:
      return "a rollback";
    case Body::comment:
      return "a comment";
    case Body::comment_state:
      return "a comment's state";
    case Body::patrol:
      return "a patrol mark";
  }
  return "the body";
}

}  // namespace resgraph::importers
