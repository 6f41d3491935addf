#include "person_names.h"

#include <algorithm>

#include "graph/text.h"
#include "text_rules.h"

namespace resgraph::importers {
namespace {

// "D.", "D", "D.D." and "R.I." are initials; "Dave" is a given name.
bool is_initials(const std::string& w) {
  size_t letters = 0;
  for (unsigned char c : w) {
    if (c == '.' || c == '-') continue;
    ++letters;
  }
  return w.find('.') != std::string::npos ? letters <= 3 : letters == 1;
}

std::string first_letter(const std::string& w) {
  std::string f = text::folded_words(w);
  if (f.empty()) return "";
  size_t n = 1;  // one UTF-8 code point
  while (n < f.size() && (static_cast<unsigned char>(f[n]) & 0xC0) == 0x80) ++n;
  return f.substr(0, n);
}

}  // namespace

NameForm name_form(const std::string& raw) {
  std::string name = trim(raw);
  for (const char* poss : {"\xE2\x80\x99s", "'s", "\xE2\x80\x99", "'"})
    if (name.ends_with(poss)) {
      name.resize(name.size() - std::string(poss).size());
      break;
    }
  std::string surname, given;
  if (auto comma = name.find(','); comma != std::string::npos) {  // "Woods, D. D."
    surname = trim(name.substr(0, comma));
    given = trim(name.substr(comma + 1));
  } else {
    auto w = words_of(name);
    if (w.empty()) return {};
    surname = w.back();
    w.pop_back();
    for (const auto& x : w) given += (given.empty() ? "" : " ") + x;
  }
  NameForm f;
  f.surname = text::folded_words(surname);
  auto g = words_of(given);
  if (g.empty()) return f;
  f.initial = first_letter(g.front());
  // "W. Ross Ashby" writes a given name out after the initial: a full name.
  f.full = std::any_of(g.begin(), g.end(), [](const std::string& w) { return !is_initials(w); });
  return f;
}

template <typename Id>
void PersonIndex<Id>::add(const std::string& full_name, const Id& id) {
  by_key_.emplace(person_key(full_name), id);
  NameForm f = name_form(full_name);
  if (f.surname.empty()) return;
  auto& list = by_surname_[f.surname];
  for (const auto& [initial, other] : list)
    if (other == id) return;
  list.push_back({f.initial, id});
}

template <typename Id>
std::optional<Id> PersonIndex<Id>::find(const std::string& name) const {
  NameForm f = name_form(name);
  if (f.full) {
    if (auto it = by_key_.find(person_key(name)); it != by_key_.end()) return it->second;
    return std::nullopt;
  }
  auto it = by_surname_.find(f.surname);
  if (it == by_surname_.end()) return std::nullopt;
  std::optional<Id> match;
  for (const auto& [initial, id] : it->second) {
    if (initial.empty() || (!f.initial.empty() && initial != f.initial)) continue;
    if (match && *match != id) return std::nullopt;  // two people fit: say neither
    match = id;
  }
  return match;
}

template class PersonIndex<size_t>;
template class PersonIndex<std::string>;

}  // namespace resgraph::importers
