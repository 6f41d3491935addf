#include "graph/store.h"
#include "graph/walks.h"
#include "handlers.h"
#include "importers/json_fields.h"

namespace resgraph::server {
namespace json = boost::json;
namespace {

Result<size_t> step_number(std::string_view s) {
  auto n = positive_number(s, "steps are numbered from 1");
  if (!n) return n.status();
  return static_cast<size_t>(*n);
}

// A trail as readers see it: each step with its node's current title, or marked as a gap
// when the node was deleted since.
json::object trail_json(const Trail& t, const Store& store) {
  json::object o = to_json(t);
  json::array steps;
  size_t n = 0;
  for (const auto& s : t.steps) {
    auto node = store.get_node(s.node);
    json::object step{{"n", ++n}, {"node", s.node}, {"note", s.note}, {"gap", !node.is_ok()}};
    step["title"] = node ? node->title : s.title;
    if (node) step["slug"] = node->slug, step["type"] = node->type;
    steps.push_back(std::move(step));
  }
  o["steps"] = std::move(steps);
  return o;
}

Response trail_response(unsigned status, const Trail& t, const Store& store) {
  return with_etag(json_response(status, trail_json(t, store)), t.rev);
}

json::value step_ref(const Trail& t, size_t n, const Store& store) {
  if (n < 1 || n > t.steps.size()) return nullptr;
  const auto& s = t.steps[n - 1];
  auto node = store.get_node(s.node);
  return json::object{
      {"n", n}, {"node", s.node}, {"title", node ? node->title : s.title}, {"gap", !node.is_ok()}};
}

// Every change to a trail, not only its deletion, is its owner's or a moderator's to make; a
// deleted trail is a moderator's to restore.
Status owner_rule(const Request& r, const Services& s) {
  auto current = s.store.get_trail(r.params[0]);
  if (!current && current.status().code() == Code::not_found && r.user.role >= Role::moderator)
    return Status::ok();
  if (!current) return current.status();
  if (current->owner == r.user.name || r.user.role >= Role::moderator) return Status::ok();
  return Status(Code::forbidden,
                "only the trail's owner (" + current->owner + ") or a moderator may change it");
}

}  // namespace

Response list_trails(const Request& r, Services& s) {
  auto limit = static_cast<size_t>(integer_arg(r, "limit"));
  auto trails = s.store.list_trails(text_arg(r, "cursor"), limit + 1);
  if (!trails) return problem(trails.status());
  json::array out;
  for (size_t i = 0; i < trails->size() && i < limit; ++i) {
    const Trail& t = (*trails)[i];
    out.push_back(json::object{{"id", t.id},
                               {"slug", t.slug},
                               {"title", t.title},
                               {"description", t.description},
                               {"owner", t.owner},
                               {"length", t.steps.size()},
                               {"rev", t.rev}});
  }
  json::object body{{"trails", std::move(out)}};
  body["next_cursor"] =
      trails->size() > limit ? json::value((*trails)[limit - 1].id) : json::value(nullptr);
  return json_response(200, body);
}

Response create_trail(const Request& r, Services& s) {
  auto fields = importers::parse_trail_fields(r.body, true);
  if (!fields) return problem(fields.status());
  auto t = s.store.create_trail(*fields, write_meta(r));
  if (!t) return problem(t.status(), &s);
  Response res = trail_response(201, *t, s.store);
  res.headers.emplace_back("Location", "/api/trails/" + t->slug);
  return res;
}

Response get_trail(const Request& r, Services& s) {
  auto t = s.store.get_trail(r.params[0]);
  if (!t) return problem(t.status());
  return trail_response(200, *t, s.store);
}

Response patch_trail(const Request& r, Services& s) {
  auto rev = if_match(r);
  if (!rev) return problem(rev.status());
  if (auto owner = owner_rule(r, s); !owner.is_ok()) return problem(owner);
  auto fields = importers::parse_trail_fields(r.body, false);
  if (!fields) return problem(fields.status());
  auto t = s.store.update_trail(r.params[0], *fields, *rev, write_meta(r));
  if (!t) return problem(t.status(), &s);
  return trail_response(200, *t, s.store);
}

Response delete_trail(const Request& r, Services& s) {
  auto rev = if_match(r);
  if (!rev) return problem(rev.status());
  if (auto owner = owner_rule(r, s); !owner.is_ok()) return problem(owner);
  auto t = s.store.delete_trail(r.params[0], *rev, write_meta(r));
  if (!t) return problem(t.status(), &s);
  return json_response(200, json::object{{"deleted", t->id}, {"rev", t->rev}});
}

Response insert_step(const Request& r, Services& s) {
  auto rev = if_match(r);
  if (!rev) return problem(rev.status());
  if (auto owner = owner_rule(r, s); !owner.is_ok()) return problem(owner);
  auto step = importers::parse_step(r.body);
  if (!step) return problem(step.status());
  auto t = s.store.insert_step(r.params[0], step->second, step->first, *rev, write_meta(r));
  if (!t) return problem(t.status(), &s);
  return trail_response(200, *t, s.store);
}

// Body: {"to": N}
Response move_step(const Request& r, Services& s) {
  auto rev = if_match(r);
  if (!rev) return problem(rev.status());
  if (auto owner = owner_rule(r, s); !owner.is_ok()) return problem(owner);
  auto from = step_number(r.params[1]);
  if (!from) return problem(from.status());
  auto to = importers::parse_move(r.body);
  if (!to) return problem(to.status());
  auto t = s.store.move_step(r.params[0], *from, *to, *rev, write_meta(r));
  if (!t) return problem(t.status(), &s);
  return trail_response(200, *t, s.store);
}

Response remove_step(const Request& r, Services& s) {
  auto rev = if_match(r);
  if (!rev) return problem(rev.status());
  if (auto owner = owner_rule(r, s); !owner.is_ok()) return problem(owner);
  auto n = step_number(r.params[1]);
  if (!n) return problem(n.status());
  auto t = s.store.remove_step(r.params[0], *n, *rev, write_meta(r));
  if (!t) return problem(t.status(), &s);
  return trail_response(200, *t, s.store);
}

// A trail's history is read by its id, which a deleted trail keeps; its slug names it while it
// exists.
std::string trail_id(const Request& r, const Services& s) {
  auto t = s.store.get_trail(r.params[0]);
  return t ? t->id : r.params[0];
}

Response trail_history(const Request& r, Services& s) { return history_of(r, s, trail_id(r, s)); }

Response trail_revision(const Request& r, Services& s) { return revision_of(r, s, trail_id(r, s)); }

// Body: {"rev": N}, the revision whose title, description and steps become current again.
Response revert_trail(const Request& r, Services& s) {
  auto match = if_match(r);
  if (!match) return problem(match.status());
  if (auto owner = owner_rule(r, s); !owner.is_ok()) return problem(owner);
  auto rev = importers::parse_revision(r.body);
  if (!rev) return problem(rev.status());
  auto t = s.store.revert_trail(trail_id(r, s), *rev, *match, write_meta(r));
  if (!t) return problem(t.status(), &s);
  return trail_response(200, *t, s.store);
}

// Step n of m: the step, its node (or the gap it left), previous and next, and the node's
// immediate neighbourhood to branch off into.
Response get_step(const Request& r, Services& s) {
  auto t = s.store.get_trail(r.params[0]);
  if (!t) return problem(t.status());
  auto n = step_number(r.params[1]);
  if (!n) return problem(n.status());
  if (*n > t->steps.size())
    return problem(not_found("trail '" + t->slug + "' has " + std::to_string(t->steps.size()) +
                             " steps, not " + std::to_string(*n)));
  const TrailStep& step = t->steps[*n - 1];
  auto node = s.store.get_node(step.node);
  json::object body{
      {"trail", {{"id", t->id}, {"slug", t->slug}, {"title", t->title}, {"rev", t->rev}}},
      {"position", *n},
      {"of", t->steps.size()},
      {"step", step_ref(*t, *n, s.store)},
      {"note", step.note},
      {"prev", step_ref(*t, *n - 1, s.store)},
      {"next", step_ref(*t, *n + 1, s.store)}};
  body["node"] = node ? json::value(to_json(*node)) : json::value(nullptr);
  if (!node) body["gap"] = "the node '" + step.title + "' was deleted; the step stays as a gap";
  if (node)
    if (auto around =
            neighbours(s.store, node->id, 1, {}, {}, {50, std::chrono::milliseconds(100)}))
      body["neighbourhood"] = neighbourhood_json(*around);
  return json_response(200, body);
}

Response node_trails(const Request& r, Services& s) {
  auto trails = s.store.trails_through(r.params[0], 200);
  if (!trails) return problem(trails.status());
  auto node = s.store.get_node(r.params[0]);
  json::array out;
  for (const auto& t : *trails) {
    json::array positions;
    for (size_t i = 0; i < t.steps.size(); ++i)
      if (node && t.steps[i].node == node->id) positions.push_back(i + 1);
    out.push_back(json::object{{"slug", t.slug},
                               {"title", t.title},
                               {"length", t.steps.size()},
                               {"positions", std::move(positions)}});
  }
  return json_response(200, json::object{{"trails", std::move(out)}});
}

// Body: {"person": "John Allspaw", "types": ["talk", "podcast"], "order": "date", "title"?,
// "slug"?}
Response generate_trail(const Request& r, Services& s) {
  auto recipe = importers::parse_trail_recipe(r.body);
  if (!recipe) return problem(recipe.status());
  auto t = resgraph::generate_trail(s.store, *recipe, write_meta(r));
  if (!t) return problem(t.status(), &s);
  return trail_response(201, *t, s.store);
}

}  // namespace resgraph::server
