// The graph a file's readers build up: draft nodes met again by URL, by type and title, and
// people by any form of their name; edges once each. Readers say what they found; this class
// decides when two findings are the same thing.
#pragma once

#include <map>
#include <set>
#include <string>

#include "importers/markdown_importer.h"
#include "person_names.h"

namespace resgraph::importers {

class DraftGraph {
 public:
  // `weak`: the title is a prose link's text, to be replaced by a list entry's title for the
  // same resource.
  size_t add_node(DraftNode d, bool weak = false);
  // The person a name means: one already met (in any form of the name), else a new person.
  // A surname or initials alone that meet nobody make a tentative person, which the merge
  // resolves against the store or keeps as text.
  size_t person(const std::string& name, const std::string& url,
                const boost::json::object& provenance, const std::string& why);
  // The person already met that a name means, if any.
  std::optional<size_t> known_person(const std::string& name) const;
  void add_edge(size_t from, size_t to, const std::string& type,
                const boost::json::object& provenance);
  bool has_edge_between(size_t a, size_t b) const;
  // Whether a node of this type already has this title (compared as title_key does).
  bool has_title(const std::string& type, const std::string& title) const;
  // "mentions" edges to the people the text names in full.
  void mention_known_people(size_t n, const std::string& text,
                            const boost::json::object& provenance);
  // Once the file is read: a tentative person met later in full ("Dekker" before "Sidney
  // Dekker") is that person. Edges move; the tentative node goes.
  ImportPlan finish();

  ImportPlan& plan() { return plan_; }
  const DraftNode& node(size_t i) const { return plan_.nodes[i]; }
  DraftNode& node(size_t i) { return plan_.nodes[i]; }

 private:
  size_t merge_into(size_t idx, const DraftNode& d, bool weak);

  ImportPlan plan_;
  PersonIndex<size_t> people_;
  std::map<std::string, size_t> by_title_, by_url_;
  std::set<std::string> edge_keys_;
  std::set<std::pair<size_t, size_t>> edges_;
  std::set<size_t> weak_titles_;
};

}  // namespace resgraph::importers
