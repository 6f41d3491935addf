#include "text_rules.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <sstream>

#include "classification_rules.h"

namespace resgraph::importers {
namespace {

bool is_upper_start(const std::string& w) {
  if (w.empty()) return false;
  unsigned char c = static_cast<unsigned char>(w[0]);
  return std::isupper(c) || c >= 0xC0;  // accented capitals in UTF-8 lead bytes
}

std::vector<std::string> words_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

// Reads a run of capitalized words starting at `words[i]`, as a name.
std::string read_name(const std::vector<std::string>& words, size_t& i) {
  std::string name;
  size_t count = 0;
  for (; i < words.size() && count < 4; ++i) {
    std::string w = words[i];
    bool ends_clause = !w.empty() && (w.back() == ',' || w.back() == '.' || w.back() == ';' ||
                                      w.back() == ')' || w.back() == ':');
    std::string bare = w;
    while (!bare.empty() && (bare.back() == ',' || bare.back() == ';' || bare.back() == ')' ||
                             bare.back() == ':' || (bare.back() == '.' && bare.size() > 2)))
      bare.pop_back();
    if (bare.ends_with("'s") || bare.ends_with("\xE2\x80\x99s")) break;
    if (!name.empty() &&
        (bare == "PhD" || bare == "Jr" || bare == "MD")) {  // "Nicole Forsgren PhD,"
      if (ends_clause) {
        ++i;
        break;
      }
      continue;
    }
    if (!is_upper_start(bare) || is_name_stopword(bare)) break;
    name += (name.empty() ? "" : " ") + bare;
    ++count;
    if (ends_clause && !(bare.size() == 2 && bare[1] == '.')) {  // "I." is an initial
      ++i;
      break;
    }
  }
  return name;
}

}  // namespace

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  size_t e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string clean_description(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
    } else {
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
  }
  while (!out.empty() && (out[0] == '-' || out[0] == ':' || out[0] == ',' || out[0] == ' ' ||
                          out[0] == '.' || out[0] == '&'))
    out.erase(0, 1);
  if (out.starts_with("\xE2\x80\x93 ") || out.starts_with("\xE2\x80\x94 ")) out.erase(0, 4);
  return trim(out);
}

ItemText parse_item_text(const std::string& text) {
  ItemText t;
  std::string s = trim(text);
  static const std::regex leading_date(R"(^(\d{4}-\d{2}-\d{2}|\d{4}-\d{2})\b\s*[:\-–]?\s*)");
  std::smatch m;
  if (std::regex_search(s, m, leading_date)) {
    t.date = m[1];
    s = m.suffix();
  }
  static const std::regex with(R"(\s*\((?:w/|with)\s+([^)]+)\))");
  while (std::regex_search(s, m, with)) {
    std::string names = m[1];
    static const std::regex sep(R"(\s*(?:,|&|\band\b)\s*)");
    for (std::sregex_token_iterator it(names.begin(), names.end(), sep, -1), end; it != end; ++it)
      if (!trim(*it).empty()) t.with.push_back(trim(*it));
    s = std::string(m.prefix()) + std::string(m.suffix());
  }
  // "from EVENT" at the end names where a talk was given (or the show a podcast is part of).
  static const std::regex from(R"((?:^|\s+)from\s+([A-Z][^,;]*)$)");
  if (std::regex_search(s, m, from)) {
    t.event = trim(m[1]);
    s = m.prefix();
  }
  t.rest = trim(s);
  return t;
}

int find_year(const std::string& text) {
  static const std::regex patterns[] = {
      std::regex(R"(\((1[89]\d\d|20\d\d)\))"),
      std::regex(R"((?:published|written|released|presented)(?: \w+)? in (1[89]\d\d|20\d\d)\b)"),
      std::regex(R"(\b[A-Z][A-Za-z]+(?: [A-Z]{2,})? (19\d\d|20\d\d)\b)"),  // "Velocity 2014",
                                                                           // "Velocity EU 2011"
      std::regex(R"(, (1[89]\d\d|20\d\d)(?:[.;]|$))"),  // a citation's closing year: "by L.
                                                        // Bainbridge, 1983"
  };
  std::smatch m;
  for (const auto& re : patterns)
    if (std::regex_search(text, m, re)) return std::stoi(m[1]);
  return 0;
}

std::vector<std::string> authors_in(const std::string& text) {
  std::vector<std::string> out;
  auto words = words_of(text);
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (words[i] != "by") continue;
    size_t j = i + 1;
    for (;;) {
      while (j < words.size() && (words[j] == "and" || words[j] == "&")) ++j;
      std::string name = read_name(words, j);
      if (name.empty()) break;
      out.push_back(name);
      bool comma = j > 0 && !words[j - 1].empty() && words[j - 1].back() == ',';
      if (j < words.size() && (words[j] == "and" || words[j] == "&")) {
        ++j;
        continue;
      }
      if (j + 1 < words.size() && words[j] == "et" && words[j + 1].starts_with("al")) break;
      if (comma) continue;
      break;
    }
    if (!out.empty()) break;
  }
  return out;
}

std::string possessive_name(const std::string& before) {
  static const std::regex re(
      R"(((?:[A-Z][\w.\-]+ ){0,3}[A-Z][\w\-]+)(?:'s|’s|'|’)\s+(?:\w+\s+)?$)");
  std::smatch m;
  if (std::regex_search(before, m, re)) {
    std::string name = m[1];
    auto words = words_of(name);
    while (!words.empty() && is_name_stopword(words.front())) words.erase(words.begin());
    std::string joined;
    for (const auto& w : words) joined += (joined.empty() ? "" : " ") + w;
    return joined;
  }
  return "";
}

std::string person_key(const std::string& name) {
  auto words = words_of(name);
  if (words.empty()) return "";
  std::string first = words.front(), last = words.back();
  std::string key = words.size() == 1 ? last : first + " " + last;
  std::string out;
  for (unsigned char c : key)
    if (std::isalnum(c) || c == ' ' || c >= 0x80) out.push_back(static_cast<char>(std::tolower(c)));
  return out;
}

bool looks_like_name(const std::string& text, size_t min_words) {
  auto words = words_of(text);
  if (words.size() < min_words || words.size() > 4) return false;
  for (const auto& w : words) {
    if (!is_upper_start(w) || is_name_stopword(w)) return false;
    // Acronyms (SRE, USENIX) name things, not people.
    if (w.size() >= 3 &&
        std::all_of(w.begin(), w.end(), [](unsigned char c) { return std::isupper(c); }))
      return false;
    for (unsigned char c : w)
      if (!(std::isalpha(c) || c == '.' || c == '-' || c == '\'' || c >= 0x80)) return false;
  }
  return true;
}

}  // namespace resgraph::importers
