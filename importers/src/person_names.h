// Where the forms of one person's name meet: "Richard I. Cook", "Richard Cook", "R. Cook",
// "Cook, R. I." and, when the list or the graph knows exactly one Cook, "Cook". The file's
// reader and the merge into the store resolve names with this one index.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace resgraph::importers {

struct NameForm {
  std::string surname;  // folded
  std::string initial;  // the folded first letter of the given name; empty for a bare surname
  bool full = false;    // a given name written out, not only initials
};

// "Woods, D. D." -> {woods, d, false}; "David D. Woods" -> {woods, d, true}; "Woods" -> {woods}.
NameForm name_form(const std::string& name);

// One person per full name; short forms found when exactly one full name fits them.
template <typename Id>
class PersonIndex {
 public:
  void add(const std::string& full_name, const Id& id);
  // The person a name means: its full form, else the one person whose surname (and initial,
  // when given) it matches.
  std::optional<Id> find(const std::string& name) const;

 private:
  std::map<std::string, Id> by_key_;
  std::map<std::string, std::vector<std::pair<std::string, Id>>> by_surname_;  // -> (initial, id)
};

}  // namespace resgraph::importers
