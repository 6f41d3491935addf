// Merging an import plan into the store: the same resource is found again (by identifier, by
// URL, by type and title, people by name), provenance and links are united, empty fields are
// filled, and nothing a contributor edited by hand is overwritten: a disagreement is reported as a
// conflict.
#include <algorithm>
#include <map>
#include <set>

#include "graph/identifiers.h"
#include "graph/url_key.h"
#include "importers/markdown_importer.h"
#include "person_names.h"
#include "text_rules.h"

namespace resgraph::importers {
namespace json = boost::json;
namespace {

bool by_importer(const Node& n) { return n.updated.who.starts_with("import"); }

// Attributes the store lacks are added (a DOI, a venue); one it has is never written over.
void fill_attrs(const json::object& mine, const json::object& theirs, NodeFields& patch,
                std::vector<std::string>& differs) {
  json::object merged = mine;
  for (const auto& [key, value] : theirs) {
    const auto* have = mine.if_contains(key);
    if (!have)
      merged[key] = value;
    else if (*have != value && value.is_string())
      differs.push_back("attrs." + std::string(key) + " '" + std::string(value.get_string()) + "'");
  }
  if (merged.size() != mine.size()) patch.attrs = std::move(merged);
}

// "date, attrs.doi": what an update fills in, for the list of changes a dry run shows.
std::string filled_fields(const NodeFields& patch, const json::object& attrs_before) {
  std::string out;
  auto add = [&](bool set, const std::string& name) {
    if (set) out += (out.empty() ? "" : ", ") + name;
  };
  add(patch.url.has_value(), "url");
  add(patch.date.has_value(), "date");
  add(patch.year.has_value(), "year");
  add(patch.summary.has_value(), "summary");
  if (patch.attrs)
    for (const auto& [key, value] : *patch.attrs)
      add(!attrs_before.contains(key), "attrs." + std::string(key));
  return out;
}

// A DOI or ISBN both carry names one work, whatever the titles and dates say.
bool same_identifier(const Node& existing, const DraftNode& draft) {
  auto mine = node_identifiers(existing.type, existing.attrs);
  auto theirs = node_identifiers(draft.type, draft.attrs);
  if (!mine || !theirs) return false;
  for (const auto& id : *theirs)
    if (std::find(mine->begin(), mine->end(), id) != mine->end()) return true;
  return false;
}

bool same_origin(const json::value& a, const json::object& b) {
  if (!a.is_object()) return false;
  const auto& o = a.as_object();
  for (const char* k : {"source", "file", "heading"})
    if (o.if_contains(k) == nullptr || b.if_contains(k) == nullptr || o.at(k) != b.at(k))
      return false;
  return true;
}

std::string key_of(const std::string& url) {
  auto k = url_key(url);
  return k ? *k : url;
}

class Merger {
 public:
  Merger(Store& store, const WriteMeta& meta, bool dry_run)
      : store_(store), meta_(meta), dry_(dry_run) {
    NodeQuery q;
    q.type = "person";
    q.limit = 1000;
    for (int pages = 0; pages < 100; ++pages) {
      auto page = store_.list_nodes(q);
      if (!page) {
        unreadable_ = page.status();
        break;
      }
      for (const auto& p : page->nodes) people_.add(p.title, p.id);
      if (page->next.empty()) break;
      q.after = page->next;
    }
  }

  Status run(const ImportPlan& plan, ImportSummary& out, const Progress& progress) {
    // Without the people already known, every byline would make a new person.
    if (!unreadable_.is_ok()) return unreadable_;
    ids_.assign(plan.nodes.size(), "");
    const size_t total = plan.nodes.size() + plan.edges.size() + plan.trails.size();
    size_t done = 0;
    auto step = [&] {
      if (progress) progress(++done, total);
    };
    for (size_t i = 0; i < plan.nodes.size(); ++i) {
      if (auto s = node(plan.nodes[i], i, out); !s.is_ok()) return s;
      step();
    }
    for (const auto& e : plan.edges) {
      if (auto s = edge(plan, e, out); !s.is_ok()) return s;
      step();
    }
    for (const auto& t : plan.trails) {
      if (auto s = trail(t, out); !s.is_ok()) return s;
      step();
    }
    return Status::ok();
  }

  // An ordered list offered as a trail: created once, refreshed while only imports touched
  // it, reported as a conflict once someone edited it by hand.
  Status trail(const DraftTrail& t, ImportSummary& out) {
    std::vector<TrailStep> steps;
    for (size_t i : t.steps)
      if (!ids_[i].empty()) steps.push_back({ids_[i], "", ""});
    if (steps.size() < 2) return Status::ok();
    std::string slug = slugify(t.title);
    auto existing = store_.get_trail(slug);
    if (existing) {
      bool same =
          existing->steps.size() == steps.size() &&
          std::equal(steps.begin(), steps.end(), existing->steps.begin(),
                     [](const TrailStep& a, const TrailStep& b) { return a.node == b.node; });
      if (same) return Status::ok();
      if (!existing->updated.who.starts_with("import")) {
        out.conflicts.push_back("trail '" + slug + "' was edited by " + existing->updated.who +
                                "; the import's order differs; kept the edited trail");
        return Status::ok();
      }
      out.changes.push_back("reorder trail '" + t.title + "'");
      ++out.trails;
      if (dry_) return Status::ok();
      TrailFields f;
      f.steps = steps;
      auto r = store_.update_trail(existing->id, f, existing->rev, meta_);
      return r || r.status().code() != Code::unavailable ? Status::ok() : r.status();
    }
    out.changes.push_back("create trail '" + t.title + "' (" + std::to_string(steps.size()) +
                          " steps)");
    ++out.trails;
    if (dry_) return Status::ok();
    TrailFields f;
    f.title = t.title;
    f.slug = slug;
    f.steps = steps;
    f.provenance = json::array{t.provenance};
    auto r = store_.create_trail(f, meta_);
    if (!r && r.status().code() == Code::unavailable) return r.status();
    if (!r) out.skips.push_back("trail '" + t.title + "': " + r.status().message());
    return Status::ok();
  }

 private:
  std::string find_person(const std::string& name) { return people_.find(name).value_or(""); }

  Status node(const DraftNode& d, size_t i, ImportSummary& out) {
    DraftNode draft = d;
    std::string id;
    if (draft.type == "person") {
      id = find_person(draft.title);
      // A surname or initials alone, meeting no one in the store: kept as text (the work's
      // byline), never made a person.
      if (id.empty() && draft.tentative) {
        out.skips.push_back(
            "line " + std::to_string(draft.provenance.at("line").to_number<int64_t>()) + ": '" +
            draft.title + "' names no person known in full; kept as text in the byline");
        return Status::ok();
      }
    } else {
      for (int attempt = 0; attempt < 2 && id.empty(); ++attempt) {
        auto found = store_.find_duplicate(draft.type, draft.title, draft.url, draft.attrs);
        if (!found) return found.status();
        if (!*found) break;
        auto read = if_found(store_.get_node(**found));
        if (!read) return read.status();
        if (!*read) break;
        const Node* existing = &**read;
        // One title, two dates: another talk of the same name, not this one. A date that only
        // says less ("2009" beside "2009-06-23") is the same one.
        bool url_match = (!draft.url.empty() && !existing->url.empty() &&
                          key_of(existing->url) == key_of(draft.url)) ||
                         same_identifier(*existing, draft);
        bool from_here =
            std::any_of(existing->provenance.begin(), existing->provenance.end(),
                        [&](const json::value& p) { return same_origin(p, draft.provenance); });
        if (!url_match && !from_here && !existing->date.empty() && !draft.date.empty() &&
            !existing->date.starts_with(draft.date) && !draft.date.starts_with(existing->date) &&
            existing->type == draft.type) {
          auto* ev = draft.attrs.if_contains("event");
          draft.title +=
              " (" +
              (ev && ev->is_string() ? std::string(ev->as_string()) : draft.date.substr(0, 4)) +
              ")";
          continue;
        }
        id = **found;
      }
    }
    if (id.empty()) return create(draft, i, out);
    ids_[i] = id;
    return update(id, draft, out);
  }

  Status create(const DraftNode& d, size_t i, ImportSummary& out) {
    NodeFields f;
    f.type = d.type;
    f.title = d.title;
    if (!d.url.empty()) f.url = d.url;
    if (!d.date.empty()) f.date = d.date;
    if (d.year && d.date.empty()) f.year = d.year;
    if (!d.summary.empty()) f.summary = d.summary;
    std::vector<Link> links;
    std::set<std::string> seen{d.url.empty() ? "" : key_of(d.url)};
    for (const auto& l : d.links)
      if (url_key(l.url) && seen.insert(key_of(l.url)).second) links.push_back(l);
    if (!links.empty()) f.links = links;
    if (!d.attrs.empty()) f.attrs = d.attrs;
    f.provenance = json::array{d.provenance};
    out.changes.push_back("create " + d.type + " '" + d.title + "'");
    if (dry_) {
      ids_[i] = "new:" + std::to_string(i);
      ++out.created;
      return Status::ok();
    }
    auto n = store_.create_node(f, meta_);
    if (!n) {
      if (n.status().code() == Code::unavailable) return n.status();
      out.changes.pop_back();
      out.skips.push_back("line " + std::to_string(d.provenance.at("line").to_number<int64_t>()) +
                          ": " + n.status().message());
      ++out.skipped;
      return Status::ok();
    }
    ids_[i] = n->id;
    if (d.type == "person") people_.add(d.title, n->id);
    ++out.created;
    return Status::ok();
  }

  Status update(const std::string& id, const DraftNode& d, ImportSummary& out) {
    auto current = store_.get_node(id);
    if (!current) return Status::ok();
    const Node& n = *current;
    NodeFields patch;
    bool changed = false;
    // Provenance: one entry per source, file and heading; a moved line is refreshed.
    json::array prov = n.provenance;
    bool found = false;
    for (auto& p : prov)
      if (same_origin(p, d.provenance)) {
        found = true;
        // A moved line, or a new copy of a fetched file, refreshes where it was read.
        for (const char* k : {"line", "etag"})
          if (auto* v = d.provenance.if_contains(k); v && p.as_object()[k] != *v) {
            p.as_object()[k] = *v;
            changed = true;
          }
      }
    if (!found) {
      prov.push_back(d.provenance);
      changed = true;
    }
    if (changed) patch.provenance = prov;
    // Links: the union, by normalized URL.
    std::set<std::string> have;
    if (!n.url.empty()) have.insert(key_of(n.url));
    for (const auto& l : n.links) have.insert(key_of(l.url));
    std::vector<Link> links = n.links;
    auto add_link = [&](const Link& l) {
      if (url_key(l.url) && have.insert(key_of(l.url)).second) links.push_back(l);
    };
    for (const auto& l : d.links) add_link(l);
    if (!d.url.empty() && !n.url.empty())
      add_link({d.url, d.provenance.at("source").as_string().c_str()});
    if (links.size() != n.links.size()) patch.links = links;
    // Empty fields are filled; a different value is never written over.
    std::vector<std::string> differs;
    auto fill = [&](const std::string& mine, const std::string& theirs,
                    std::optional<std::string>& slot, const char* name) {
      if (theirs.empty() || mine == theirs) return;
      if (mine.empty())
        slot = theirs;
      else
        differs.push_back(std::string(name) + " '" + theirs + "' (store has '" + mine + "')");
    };
    if (n.url.empty() && !d.url.empty()) patch.url = d.url;
    fill(n.date, d.date, patch.date, "date");
    fill(n.summary, d.summary, patch.summary, "summary");
    if (!n.year && d.year && !patch.date) patch.year = d.year;
    fill_attrs(n.attrs, d.attrs, patch, differs);
    if (!differs.empty() && !by_importer(n)) {
      std::string what;
      for (const auto& x : differs) what += (what.empty() ? "" : ", ") + x;
      out.conflicts.push_back("node '" + n.slug + "' was edited by " + n.updated.who +
                              "; the import says " + what + "; kept the edited version");
    }
    const std::string filled = filled_fields(patch, n.attrs);
    if (filled.empty() && !patch.provenance && !patch.links) {
      ++out.unchanged;
      return Status::ok();
    }
    out.changes.push_back("update " + n.type + " '" + n.title + "'" +
                          (filled.empty() ? "" : ": fill " + filled));
    ++out.updated;
    if (dry_) return Status::ok();
    auto r = store_.update_node(id, patch, n.rev, meta_);
    if (!r && r.status().code() == Code::unavailable) return r.status();
    if (!r) {
      --out.updated;
      out.changes.pop_back();
      out.skips.push_back("node '" + n.slug + "': " + r.status().message());
      ++out.skipped;
    }
    return Status::ok();
  }

  Status edge(const ImportPlan& plan, const DraftEdge& e, ImportSummary& out) {
    const std::string& from = ids_[e.from];
    const std::string& to = ids_[e.to];
    if (from.empty() || to.empty()) return Status::ok();  // an end was skipped
    std::string what = e.type + " " + plan.nodes[e.from].title + " -> " + plan.nodes[e.to].title;
    if (dry_) {
      bool exists = false;
      if (!from.starts_with("new:") && !to.starts_with("new:")) {
        auto edges = store_.edges_of(from, Direction::out, e.type, 10000);
        if (!edges) return edges.status();
        for (const auto& x : *edges) exists = exists || x.to == to;
      }
      if (exists)
        ++out.edges_existing;
      else {
        ++out.edges_created;
        out.changes.push_back("link " + what);
      }
      return Status::ok();
    }
    auto r = store_.create_edge({from, to, e.type, {}, json::array{e.provenance}}, meta_);
    if (r) {
      ++out.edges_created;
      out.changes.push_back("link " + what);
    } else if (r.status().code() == Code::conflict) {
      ++out.edges_existing;
    } else if (r.status().code() == Code::unavailable) {
      return r.status();
    } else {
      out.skips.push_back("edge " + what + ": " + r.status().message());
      ++out.skipped;
    }
    return Status::ok();
  }

  Store& store_;
  WriteMeta meta_;
  bool dry_;
  std::vector<std::string> ids_;
  PersonIndex<std::string> people_;
  Status unreadable_;  // the people could not all be read
};

}  // namespace

Result<ImportSummary> apply_plan(Store& store, const ImportPlan& plan, const WriteMeta& meta,
                                 bool dry_run, const Progress& progress) {
  ImportSummary out;
  for (const auto& s : plan.skipped)
    out.skips.push_back("line " + std::to_string(s.line) + ": " + s.reason);
  out.skipped = plan.skipped.size();
  out.shapes = plan.shapes;
  Merger merger(store, meta, dry_run);
  // Every change is its own write and change-log entry; the import syncs once, at the end.
  if (auto s = store.with_one_sync([&] { return merger.run(plan, out, progress); }); !s.is_ok())
    return s;
  return out;
}

Result<ImportSummary> import_markdown(Store& store, std::string_view markdown,
                                      const MarkdownSource& source, const WriteMeta& meta,
                                      bool dry_run, bool explain, const Progress& progress) {
  if (markdown.size() > (8u << 20))
    return Status(Code::too_large, "a Markdown file is limited to 8 MiB");
  ImportPlan plan = plan_markdown(markdown, source);
  auto summary = apply_plan(store, plan, meta, dry_run, progress);
  if (summary && explain) summary->explanation = importers::explain(plan);
  return summary;
}

json::object to_json(const ImportSummary& s) {
  auto strings = [](const std::vector<std::string>& v) {
    json::array a;
    for (const auto& x : v) a.push_back(json::string(x));
    return a;
  };
  json::object shapes;
  for (const auto& [name, c] : s.shapes)
    shapes[name] = {{"seen", c.seen}, {"understood", c.understood}, {"skipped", c.skipped}};
  json::object out = {{"created", s.created},
                      {"updated", s.updated},
                      {"unchanged", s.unchanged},
                      {"skipped", s.skipped},
                      {"edges_created", s.edges_created},
                      {"edges_existing", s.edges_existing},
                      {"trails", s.trails},
                      {"skips", strings(s.skips)},
                      {"conflicts", strings(s.conflicts)},
                      {"changes", strings(s.changes)},
                      {"shapes", shapes}};
  if (!s.explanation.empty()) out["explain"] = strings(s.explanation);
  return out;
}

}  // namespace resgraph::importers
