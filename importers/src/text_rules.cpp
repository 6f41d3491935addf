#include "text_rules.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <sstream>

#include "classification_rules.h"
#include "graph/text.h"

namespace resgraph::importers {
namespace {

bool is_upper_start(const std::string& w) {
  if (w.empty()) return false;
  unsigned char c = static_cast<unsigned char>(w[0]);
  return std::isupper(c) || c >= 0xC0;  // accented capitals in UTF-8 lead bytes
}

// A word as a name has it: "Cook", "McKinley", "O'Hara", "Jean-Luc", "DeBrand"; not a product's
// "GitHub" or "HAProxy", whose capitals inside the word a name never has.
bool name_shaped(const std::string& w) {
  size_t start = 0;
  for (const char* prefix : {"Mc", "Mac", "O'", "D'", "De", "Di", "La", "Le", "Van", "Von"})
    if (w.starts_with(prefix) && w.size() > std::string(prefix).size() + 1) {
      start = std::string(prefix).size();
      break;
    }
  for (size_t i = std::max<size_t>(start, 1); i < w.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(w[i]);
    bool after_break = w[i - 1] == '-' || w[i - 1] == '.' || w[i - 1] == '\'';
    if (std::isupper(c) && !after_break && i != start) return false;
    if (w[i - 1] == '-' && std::islower(c)) return false;  // "Real-time", not "Jean-Luc"
  }
  return true;
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
    if (!is_upper_start(bare) || is_name_stopword(bare) || !name_shaped(bare)) break;
    // "by Using HAProxy", "by Thinking like …": a verb, not a given name.
    if (name.empty() && bare.size() > 5 && bare.ends_with("ing")) break;
    name += (name.empty() ? "" : " ") + bare;
    ++count;
    if (ends_clause && !(bare.size() == 2 && bare[1] == '.')) {  // "I." is an initial
      ++i;
      break;
    }
  }
  return name;
}

// "Velocity 2009", "SREcon19 Americas", "PreAccident Investigation Podcast": capitalized words
// (two or more, or one with a digit), a year in parentheses allowed at the end.
bool looks_like_event_name(std::string name) {
  static const std::regex year(R"(\s*\((?:19|20)\d\d\)$)");
  name = std::regex_replace(name, year, "");
  auto words = words_of(name);
  if (words.empty() || words.size() > 6) return false;
  bool digit = false;
  for (const auto& w : words) {
    if (!is_upper_start(w) && !std::isdigit(static_cast<unsigned char>(w[0])) && w != "of" &&
        w != "the" && w != "on" && w != "&")
      return false;
    digit =
        digit || std::any_of(w.begin(), w.end(), [](unsigned char c) { return std::isdigit(c); });
  }
  return words.size() >= 2 || digit;
}

}  // namespace

std::vector<std::string> words_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

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
  // "from EVENT" at the end names where a talk was given (or the show a podcast is part of):
  // the last "from", followed by a name ("Velocity 2009", "Greater Than Code"), not by the rest
  // of a title ("Learning from Failure and Success").
  // Found by hand, not by a regex: std::regex recurses once per character of a long entry.
  size_t at = s.starts_with("from ") ? 0 : std::string::npos;
  if (size_t last = s.rfind(" from "); last != std::string::npos) at = last + 1;
  if (at != std::string::npos) {
    std::string event = trim(s.substr(at + 5));
    bool clause_free = event.find_first_of(",;") == std::string::npos;
    if (clause_free && !event.empty() && std::isupper(static_cast<unsigned char>(event[0])) &&
        looks_like_event_name(event)) {
      t.event = event;
      s = trim(s.substr(0, at));
    }
  }
  t.rest = trim(s);
  return t;
}

std::string find_date(const std::string& text) {
  static const std::regex iso(R"(\b((?:19|20)\d\d)-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?\b)");
  std::smatch m;
  if (std::regex_search(text, m, iso))
    return m[3].matched ? m[1].str() + "-" + m[2].str() + "-" + m[3].str()
                        : m[1].str() + "-" + m[2].str();
  static const char* months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  static const std::regex month_day_year(
      R"(\b([A-Z][a-z]{2,8})\.? (\d{1,2})(?:st|nd|rd|th)?,? ((?:19|20)\d\d)\b)");
  static const std::regex day_month_year(R"(\b(\d{1,2}) ([A-Z][a-z]{2,8})\.?,? ((?:19|20)\d\d)\b)");
  static const std::regex month_year(R"(\b([A-Z][a-z]{2,8})\.?,? ((?:19|20)\d\d)\b)");
  auto month_of = [&](std::string name) -> int {
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (int i = 0; i < 12; ++i)
      if (name.starts_with(months[i]) &&
          (name.size() == 3 || std::string("january february march april may june july august "
                                           "september october november december sept")
                                       .find(name) != std::string::npos))
        return i + 1;
    return 0;
  };
  auto two = [](int v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  if (std::regex_search(text, m, month_day_year))
    if (int mo = month_of(m[1]); mo && std::stoi(m[2]) <= 31)
      return m[3].str() + "-" + two(mo) + "-" + two(std::stoi(m[2]));
  if (std::regex_search(text, m, day_month_year))
    if (int mo = month_of(m[2]); mo && std::stoi(m[1]) <= 31)
      return m[3].str() + "-" + two(mo) + "-" + two(std::stoi(m[1]));
  if (std::regex_search(text, m, month_year))
    if (int mo = month_of(m[1])) return m[2].str() + "-" + two(mo);
  return "";
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
  std::string ordered = name;
  if (auto comma = name.find(','); comma != std::string::npos)  // "Woods, David" is David Woods
    ordered = name.substr(comma + 1) + " " + name.substr(0, comma);
  auto words = words_of(text::folded_words(ordered));
  if (words.empty()) return "";
  return words.size() == 1 ? words.back() : words.front() + " " + words.back();
}

bool looks_like_name(const std::string& text, size_t min_words) {
  auto words = words_of(text);
  if (words.size() < min_words || words.size() > 4) return false;
  for (const auto& w : words) {
    if (!is_upper_start(w) || is_name_stopword(w) || !name_shaped(w)) return false;
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
