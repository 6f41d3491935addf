// Reading BibTeX: our own scan finds each entry and bounds it, btparse parses it, and TeX's
// escapes and accents become plain UTF-8.
#include <btparse.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <map>
#include <mutex>

#include "citation.h"
#include "graph/text.h"

namespace resgraph::importers {
namespace {

constexpr size_t kMaxEntryBytes = size_t{64} * 1024;
constexpr int kMaxDepth = 32;
constexpr size_t kMaxFields = 200;
constexpr size_t kMaxEntries = 20000;
constexpr size_t kMaxMacros = 1000 + 12;  // a file's own, and the months

struct RawEntry {
  std::string type;  // lower case
  std::string text;
  int line = 0;
};

// Finds "@type{...}" and "@type(...)" entries, their braces balanced; text between entries is
// a comment, as BibTeX reads it.
std::vector<RawEntry> scan_entries(std::string_view s, std::vector<Skip>& problems) {
  std::vector<RawEntry> out;
  int line = 1;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\n') ++line;
    if (s[i] != '@') continue;
    const size_t start = i;
    const int start_line = line;
    size_t j = i + 1;
    while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '_')) ++j;
    std::string type(s.substr(i + 1, j - i - 1));
    for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) {
      if (s[j] == '\n') ++line;
      ++j;
    }
    if (type.empty() || j >= s.size() || (s[j] != '{' && s[j] != '(')) continue;
    const char close = s[j] == '{' ? '}' : ')';
    int depth = 0, deepest = 0;
    size_t fields = 0, end = std::string_view::npos;
    for (size_t k = j; k < s.size(); ++k) {
      const char c = s[k];
      if (c == '\n') ++line;
      if (c == '{') deepest = std::max(deepest, ++depth);
      if (c == '}') --depth;
      if (c == '=' && depth == (close == '}' ? 1 : 0)) ++fields;
      if ((close == '}' && depth == 0 && c == '}') || (close == ')' && depth == 0 && c == ')')) {
        end = k;
        break;
      }
      if (depth < 0) break;
    }
    if (end == std::string_view::npos) {
      problems.push_back(
          Skip{start_line, "the entry is not closed; the rest of the file is not read"});
      break;
    }
    i = end;
    if (type == "comment") continue;
    if (end - start + 1 > kMaxEntryBytes || deepest > kMaxDepth || fields > kMaxFields) {
      problems.push_back(Skip{start_line, "the entry is too large or nested too deeply to read"});
      continue;
    }
    if (out.size() == kMaxEntries) {
      problems.push_back(
          Skip{start_line, "a file holds at most 20000 entries; the rest is not read"});
      break;
    }
    out.push_back({type, std::string(s.substr(start, end - start + 1)), start_line});
  }
  return out;
}

std::string combining_mark(char accent) {
  static const std::map<char, std::string> marks = {
      {'`', "\xCC\x80"}, {'\'', "\xCC\x81"}, {'^', "\xCC\x82"}, {'~', "\xCC\x83"},
      {'=', "\xCC\x84"}, {'u', "\xCC\x86"},  {'.', "\xCC\x87"}, {'"', "\xCC\x88"},
      {'H', "\xCC\x8B"}, {'v', "\xCC\x8C"},  {'c', "\xCC\xA7"}, {'k', "\xCC\xA8"}};
  auto it = marks.find(accent);
  return it == marks.end() ? "" : it->second;
}

std::string named_symbol(const std::string& command) {
  static const std::map<std::string, std::string> symbols = {{"ss", "ß"},
                                                             {"o", "ø"},
                                                             {"O", "Ø"},
                                                             {"ae", "æ"},
                                                             {"AE", "Æ"},
                                                             {"oe", "œ"},
                                                             {"OE", "Œ"},
                                                             {"aa", "å"},
                                                             {"AA", "Å"},
                                                             {"l", "ł"},
                                                             {"L", "Ł"},
                                                             {"i", "ı"},
                                                             {"textbackslash", "\\"},
                                                             {"textbraceleft", "{"},
                                                             {"textbraceright", "}"},
                                                             {"textasciitilde", "~"},
                                                             {"textasciicircum", "^"},
                                                             {"textendash", "–"},
                                                             {"textemdash", "—"},
                                                             {"textquoteright", "’"},
                                                             {"textquoteleft", "‘"},
                                                             {"textquotedblleft", "“"},
                                                             {"textquotedblright", "”"}};
  auto it = symbols.find(command);
  return it == symbols.end() ? "" : it->second;
}

}  // namespace

// TeX as BibTeX files write it, as the text it prints: "{\"o}", "\\&", "--" and braces.
std::string tex_to_text(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '{' || c == '}') continue;
    if (c == '~') {
      out += ' ';
      continue;
    }
    if (c == '-' && s.substr(i, 3) == "---") {
      out += "—";
      i += 2;
      continue;
    }
    if (c == '-' && s.substr(i, 2) == "--") {
      out += "–";
      i += 1;
      continue;
    }
    if (c != '\\' || i + 1 == s.size()) {
      out += c;
      continue;
    }
    const char next = s[i + 1];
    if (std::string_view("&%$#_{} ").find(next) != std::string_view::npos) {
      out += next;
      ++i;
      continue;
    }
    size_t j = i + 1;
    std::string command;
    if (std::isalpha(static_cast<unsigned char>(next))) {
      while (j < s.size() && std::isalpha(static_cast<unsigned char>(s[j]))) command += s[j++];
    } else {
      command = std::string(1, next);
      ++j;
    }
    std::string mark = command.size() == 1 ? combining_mark(command[0]) : "";
    if (!mark.empty()) {
      // The accented letter: "\'e", "\'{e}" or "\' e".
      while (j < s.size() && (s[j] == ' ' || s[j] == '{')) ++j;
      // A dotless i or j under an accent ("\'{\i}") is the letter the accent sits on.
      if (j + 1 < s.size() && s[j] == '\\' && (s[j + 1] == 'i' || s[j + 1] == 'j')) ++j;
      if (j < s.size() && s[j] != '}' && s[j] != '\\') {
        out += s[j];
        out += mark;
        ++j;
      }
      i = j - 1;
      continue;
    }
    out += named_symbol(command);  // unknown commands print nothing; their argument stays
    if (j < s.size() && s.substr(j, 2) == "{}") j += 2;
    i = j - 1;
  }
  std::string collapsed;
  for (char c : out)
    if (!(c == ' ' && (collapsed.empty() || collapsed.back() == ' '))) collapsed += c;
  while (!collapsed.empty() && collapsed.back() == ' ') collapsed.pop_back();
  return text::composed(collapsed);
}

}  // namespace resgraph::importers

namespace resgraph::importers {
namespace {

std::mutex& btparse_lock() {
  static std::mutex mu;
  return mu;
}

struct Fields {
  std::map<std::string, std::string> values;  // lower-case name -> text, macros expanded
  std::string type, key;
};

// btparse writes the text it cannot read into its messages through printf, as the format: a
// "%s" there reads the stack. What reaches it has each % as a stand-in byte (and the byte
// itself, never meaningful in a file, as a space); what comes back has the % again.
constexpr char kPercentStandIn = '\x01';

std::string shielded(std::string s) {
  for (auto& c : s) c = c == kPercentStandIn ? ' ' : c == '%' ? kPercentStandIn : c;
  return s;
}

std::string unshielded(std::string s) {
  for (auto& c : s) c = c == kPercentStandIn ? '%' : c;
  return s;
}

// A name part's tokens; btparse leaves a part's pointers null for names such as ", Jr., X".
std::string joined_tokens(char** parts, int n) {
  std::string out;
  for (int i = 0; parts && i < n; ++i)
    if (parts[i]) out += (out.empty() ? "" : " ") + unshielded(parts[i]);
  return out;
}

// "Woods, , David" or ", Jr., X" as "Woods, David" and "Jr., X": btparse's name splitter
// reads past its tokens on an empty part between commas.
std::string without_empty_parts(const std::string& name) {
  std::string out, part;
  int depth = 0;
  auto flush = [&] {
    const size_t b = part.find_first_not_of(" \t\n\r");
    if (b != std::string::npos) {
      const size_t e = part.find_last_not_of(" \t\n\r");
      out += (out.empty() ? "" : ", ") + part.substr(b, e - b + 1);
    }
    part.clear();
  };
  for (char c : name) {
    if (c == '{') ++depth;
    if (c == '}') --depth;
    if (c == ',' && depth == 0)
      flush();
    else
      part += c;
  }
  flush();
  return out;
}

std::vector<PersonName> split_authors(const std::string& field, int line) {
  std::vector<PersonName> out;
  std::string copy = shielded(field);
  bt_stringlist* list = bt_split_list(copy.data(), const_cast<char*>("and"), nullptr, line,
                                      const_cast<char*>("name"));
  if (!list) return out;
  for (int i = 0; i < list->num_items; ++i) {
    if (!list->items[i]) continue;
    std::string one = list->items[i];
    if (one.size() > 2 && one.front() == '{' && one.back() == '}') {  // {Google SRE}: one name
      out.push_back({"", "", tex_to_text(unshielded(one))});
      continue;
    }
    one = without_empty_parts(one);
    if (one.empty()) continue;
    bt_name* name = bt_split_name(one.data(), nullptr, line, i);
    if (!name) continue;
    std::string given = joined_tokens(name->parts[BTN_FIRST], name->part_len[BTN_FIRST]);
    std::string family = joined_tokens(name->parts[BTN_VON], name->part_len[BTN_VON]);
    std::string last = joined_tokens(name->parts[BTN_LAST], name->part_len[BTN_LAST]);
    std::string jr = joined_tokens(name->parts[BTN_JR], name->part_len[BTN_JR]);
    bt_free_name(name);
    family += (family.empty() ? "" : " ") + last + (jr.empty() ? "" : " " + jr);
    PersonName p{tex_to_text(given), tex_to_text(family), ""};
    if (p.given.empty()) p = {"", "", p.family};
    if (!full_name(p).empty()) out.push_back(std::move(p));
  }
  bt_free_list(list);
  return out;
}

using Macros = std::map<std::string, std::string>;  // lower-case name -> text

// "@string{name = "text"}" or "{text}" or a number: the forms reference managers write, read
// by us. btparse never holds a macro: its @string reading crashes on a definition that uses a
// macro it does not know ("@string{a = x # y}"), and the names it keeps fill a table it never
// reclaims, which ends the process when full.
bool define_macro(const std::string& entry, Macros& macros) {
  const size_t open = entry.find_first_of("{(");
  const size_t eq = entry.find('=', open);
  if (open == std::string::npos || eq == std::string::npos) return false;
  auto trim = [](const std::string& t) {
    const size_t b = t.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return std::string();
    return t.substr(b, t.find_last_not_of(" \t\r\n") - b + 1);
  };
  std::string name = trim(entry.substr(open + 1, eq - open - 1));
  std::string value = trim(entry.substr(eq + 1, entry.size() - eq - 2));  // without the closer
  if (name.empty() || name.size() > 64 ||
      !std::all_of(name.begin(), name.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '_' || c == '-' || c == ':' || c == '.';
      }))
    return false;
  std::string text;
  if (value.size() >= 2 && ((value.front() == '"' && value.back() == '"') ||
                            (value.front() == '{' && value.back() == '}'))) {
    text = value.substr(1, value.size() - 2);
    int depth = 0;
    for (char c : text) {
      depth += c == '{' ? 1 : c == '}' ? -1 : 0;
      if (depth < 0 || (value.front() == '"' && c == '"')) return false;
    }
    if (depth != 0) return false;
  } else if (!value.empty() && std::all_of(value.begin(), value.end(), ::isdigit)) {
    text = value;
  } else {
    return false;
  }
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  macros[name] = text;
  return true;
}

Macros month_macros() {
  Macros m;
  static const char* names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                "jul", "aug", "sep", "oct", "nov", "dec"};
  for (int i = 0; i < 12; ++i) m[names[i]] = std::to_string(i + 1);
  return m;
}

// The entry with each macro standing as a value (after "=" or "#", at the entry's top level)
// replaced by its text in braces; a name no @string defines is empty, as BibTeX reads it.
std::string with_macros_expanded(const std::string& entry, const Macros& macros) {
  std::string out;
  out.reserve(entry.size());
  const size_t opener = entry.find_first_of("{(");
  int depth = 0;
  bool in_quote = false, expect_value = false;
  for (size_t i = 0; i < entry.size(); ++i) {
    const char c = entry[i];
    const bool top = depth == 1 && !in_quote;
    if (top && expect_value && std::isalpha(static_cast<unsigned char>(c))) {
      size_t j = i;
      while (j < entry.size() &&
             (std::isalnum(static_cast<unsigned char>(entry[j])) ||
              std::string_view("_-:.+/'").find(entry[j]) != std::string_view::npos))
        ++j;
      std::string name = entry.substr(i, j - i);
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      auto it = macros.find(name);
      out += "{" + (it == macros.end() ? std::string() : it->second) + "}";
      i = j - 1;
      expect_value = false;
      continue;
    }
    if (i == opener || c == '{')
      ++depth;
    else if ((c == ')' && depth == 1 && !in_quote && entry[opener] == '(') || c == '}')
      --depth;
    else if (c == '"' && depth == 1)
      in_quote = !in_quote;
    if (top && (c == '=' || c == '#'))
      expect_value = true;
    else if (!std::isspace(static_cast<unsigned char>(c)))
      expect_value = false;
    out += c;
  }
  return out;
}

// One entry through btparse: its type, key and fields, or nothing when btparse refuses it.
std::optional<Fields> parse_entry(RawEntry& e) {
  boolean ok = 0;
  std::string text = shielded(e.text);
  AST* ast = bt_parse_entry_s(text.data(), nullptr, e.line, 0, &ok);
  if (!ast) return std::nullopt;
  std::optional<Fields> out;
  if (ok && bt_entry_metatype(ast) == BTE_REGULAR) {
    out.emplace();
    out->type = e.type;
    if (const char* key = bt_entry_key(ast)) out->key = unshielded(key);
    char* name = nullptr;
    for (AST* f = bt_next_field(ast, nullptr, &name); f; f = bt_next_field(ast, f, &name)) {
      char* value = bt_get_text(f);
      if (!value || !name) continue;
      std::string field = name;
      for (auto& c : field) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out->values[field] = unshielded(value);
      std::free(value);
    }
  }
  bt_free_ast(ast);
  return out;
}

std::string month_number(std::string m) {
  for (auto& c : m) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const char* names[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                "jul", "aug", "sep", "oct", "nov", "dec"};
  for (int i = 0; i < 12; ++i)
    if (m.starts_with(names[i])) return (i < 9 ? "0" : "") + std::to_string(i + 1);
  if (!m.empty() && m.size() <= 2 && std::all_of(m.begin(), m.end(), ::isdigit)) {
    int n = std::stoi(m);
    if (n >= 1 && n <= 12) return (n < 10 ? "0" : "") + std::to_string(n);
  }
  return "";
}

// The first four-digit year in the text; 0 if none.
int year_in(const std::string& s) {
  for (size_t i = 0; i + 4 <= s.size(); ++i)
    if (std::all_of(s.begin() + static_cast<long>(i), s.begin() + static_cast<long>(i) + 4,
                    ::isdigit) &&
        (i + 4 == s.size() || !std::isdigit(static_cast<unsigned char>(s[i + 4]))) &&
        (i == 0 || !std::isdigit(static_cast<unsigned char>(s[i - 1]))))
      return std::stoi(s.substr(i, 4));
  return 0;
}

Citation to_citation(Fields& f, int line, std::vector<Skip>& problems) {
  auto get = [&](const char* name) {
    auto it = f.values.find(name);
    return it == f.values.end() ? std::string() : it->second;
  };
  Citation c;
  c.key = f.key;
  c.line = line;
  std::string how = tex_to_text(get("howpublished"));
  std::string how_kind = how.substr(0, how.find(" at "));
  c.type = node_type_from_bibtex(f.type, how_kind.empty() ? tex_to_text(get("type")) : how_kind);
  c.title = tex_to_text(get("title"));
  c.authors = split_authors(get("author"), line);
  if (c.authors.empty()) c.authors = split_authors(get("editor"), line);
  const std::string date = get("date");
  c.year = year_in(date.empty() ? get("year") : date);
  if (date.size() >= 7 && year_in(date) && date[4] == '-')
    c.date = date.substr(0, date.size() >= 10 && date[7] == '-' ? 10 : 7);
  else if (c.year && !month_number(get("month")).empty())
    c.date = std::to_string(c.year) + "-" + month_number(get("month"));
  for (const char* venue : {"journal", "journaltitle", "booktitle", "series"})
    if (c.venue.empty()) c.venue = tex_to_text(get(venue));
  for (const char* pub : {"publisher", "institution", "school"})
    if (c.publisher.empty()) c.publisher = tex_to_text(get(pub));
  c.event = tex_to_text(get("eventtitle"));
  if (c.event.empty() && how.find(" at ") != std::string::npos)
    c.event = how.substr(how.find(" at ") + 4);
  if (c.event.empty() && c.type == "talk") c.event = tex_to_text(get("organization"));
  c.url = get("url");
  c.note = tex_to_text(get("note"));
  read_identifier(c, "doi", get("doi"), line, problems);
  read_identifier(c, "isbn", get("isbn"), line, problems);
  std::string prefix = get("archiveprefix") + get("eprinttype");
  for (auto& ch : prefix) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  if (prefix == "arxiv") read_identifier(c, "arxiv", get("eprint"), line, problems);
  return c;
}

}  // namespace

Result<ReadCitations> read_bibtex(std::string_view text) {
  ReadCitations out;
  std::vector<RawEntry> entries = scan_entries(text, out.problems);
  if (entries.empty() && out.problems.empty())
    return invalid("no BibTeX entry (@article{...}, @book{...}) in the file");
  std::lock_guard lock(btparse_lock());
  static const bool initialized = [] {
    bt_initialize();  // once: btparse is never asked to forget, so it holds nothing to forget
    return true;
  }();
  (void)initialized;
  Macros macros = month_macros();
  bool parsed = false;
  for (auto& e : entries) {
    if (e.type == "preamble") continue;  // TeX for the typesetter: nothing to cite
    if (e.type == "string") {
      if (macros.size() >= kMaxMacros)
        out.problems.push_back({e.line, "a file defines at most 1000 @string macros"});
      else if (!define_macro(e.text, macros))
        out.problems.push_back({e.line, "an @string is read when it is name = \"text\" or {text}"});
      continue;
    }
    parsed = true;
    e.text = with_macros_expanded(e.text, macros);
    if (e.text.size() > kMaxEntryBytes) {
      out.problems.push_back({e.line, "the entry is too large once its macros are expanded"});
      continue;
    }
    auto fields = parse_entry(e);
    if (!fields) {
      out.problems.push_back({e.line, "not a BibTeX entry btparse can read"});
      continue;
    }
    Citation c = to_citation(*fields, e.line, out.problems);
    if (c.title.empty()) {
      out.problems.push_back({e.line, "the entry has no title"});
      continue;
    }
    out.works.push_back(std::move(c));
  }
  // Frees btparse's lexical buffer, which only a parse allocates: freeing it unallocated
  // aborts the process.
  if (parsed) bt_parse_entry_s(nullptr, nullptr, 1, 0, nullptr);
  return out;
}

}  // namespace resgraph::importers
