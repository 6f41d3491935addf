// RIS both ways: tagged lines ("TY  - JOUR" ... "ER  - "), as Zotero, EndNote and most
// publishers' "export citation" buttons write them.
#include <cctype>
#include <map>
#include <sstream>

#include "citation.h"

namespace resgraph::importers {
namespace {

std::string one_line(std::string_view s) {
  std::string out;
  for (char c : s) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  return out;
}

void tag(std::ostringstream& out, std::string_view name, const std::string& value) {
  if (!value.empty()) out << name << "  - " << one_line(value) << "\r\n";
}

std::string ris_name(const PersonName& n) {
  if (!n.literal.empty()) return n.literal;
  return n.family + (n.given.empty() ? "" : ", " + n.given);
}

// "Woods, David D." -> {David D., Woods}; "David D. Woods" -> split as a reader would.
PersonName read_name(const std::string& s) {
  auto comma = s.find(',');
  if (comma == std::string::npos) return split_name(s);
  auto trim = [](std::string t) {
    while (!t.empty() && t.front() == ' ') t.erase(t.begin());
    while (!t.empty() && t.back() == ' ') t.pop_back();
    return t;
  };
  PersonName p{trim(s.substr(comma + 1)), trim(s.substr(0, comma)), ""};
  if (auto jr = p.given.find(','); jr != std::string::npos)  // "Family, Given, Jr."
    p = {trim(p.given.substr(0, jr)), p.family + " " + trim(p.given.substr(jr + 1)), ""};
  if (p.given.empty()) p = {"", "", p.family};
  return p;
}

// "2012/06/26/", "2012///", "2012-06-26": the date as far as it is given.
void read_date(const std::string& s, Citation& c) {
  if (s.size() < 4 || !std::isdigit(static_cast<unsigned char>(s[0]))) return;
  const int year = std::atoi(s.substr(0, 4).c_str());
  if (year < 1000 || year > 2200) return;
  c.year = year;
  auto two = [&](size_t at) {
    return at + 2 <= s.size() && std::isdigit(static_cast<unsigned char>(s[at])) &&
           std::isdigit(static_cast<unsigned char>(s[at + 1]));
  };
  if (s.size() >= 7 && (s[4] == '/' || s[4] == '-') && two(5)) {
    c.date = s.substr(0, 4) + "-" + s.substr(5, 2);
    if (s.size() >= 10 && (s[7] == '/' || s[7] == '-') && two(8)) c.date += "-" + s.substr(8, 2);
  }
}

Citation to_citation(const std::multimap<std::string, std::string>& tags, int line,
                     std::vector<Skip>& problems) {
  auto first = [&](std::initializer_list<const char*> names) {
    for (const char* n : names)
      if (auto it = tags.find(n); it != tags.end() && !it->second.empty()) return it->second;
    return std::string();
  };
  Citation c;
  c.line = line;
  c.key = first({"ID"});
  c.type = node_type_from_ris(first({"TY"}), first({"M3"}));
  c.title = first({"TI", "T1", "CT", "BT"});
  for (const char* role : {"AU", "A1"}) {
    auto [from, to] = tags.equal_range(role);
    for (auto it = from; it != to; ++it)
      if (!it->second.empty()) c.authors.push_back(read_name(it->second));
  }
  if (c.authors.empty()) {
    auto [from, to] = tags.equal_range("A2");
    for (auto it = from; it != to; ++it) c.authors.push_back(read_name(it->second));
  }
  read_date(first({"DA", "PY", "Y1"}), c);
  if (c.date.empty() && c.year == 0) read_date(first({"Y2"}), c);
  const std::string container = first({"T2", "JO", "JF", "JA", "T3"});
  (c.type == "talk" ? c.event : c.venue) = container;
  c.publisher = first({"PB"});
  c.url = first({"UR", "L2"});
  c.note = first({"N1"});
  read_identifier(c, "doi", first({"DO"}), line, problems);
  // SN is an ISSN as often as an ISBN: only a DOI that cannot be read is news.
  read_identifier(c, "isbn", first({"SN"}), line, problems, false);
  return c;
}

}  // namespace

std::string write_ris(const std::vector<Citation>& works) {
  std::ostringstream out;
  for (const auto& w : works) {
    const CitationType& t = citation_type_of(w.type);
    tag(out, "TY", std::string(t.ris));
    tag(out, "M3", std::string(t.howpublished));
    tag(out, "ID", w.key);
    tag(out, "TI", w.title);
    for (const auto& a : w.authors) tag(out, "AU", ris_name(a));
    if (w.year) tag(out, "PY", std::to_string(w.year));
    if (!w.date.empty()) {
      std::string d = w.date;
      for (auto& ch : d) ch = ch == '-' ? '/' : ch;
      tag(out, "DA", d + (w.date.size() == 7 ? "//" : "/"));
    }
    tag(out, "T2", w.venue.empty() ? w.event : w.venue);
    tag(out, "PB", w.publisher);
    for (const auto& [kind, value] : w.ids) {
      if (kind == "doi") tag(out, "DO", value);
      if (kind == "isbn") tag(out, "SN", value);
    }
    tag(out, "UR", w.url);
    tag(out, "N1", w.note);
    out << "ER  - \r\n\r\n";
  }
  return out.str();
}

Result<ReadCitations> read_ris(std::string_view text) {
  ReadCitations out;
  std::multimap<std::string, std::string> tags;
  std::string last;
  int line = 0, record_line = 0;
  bool any = false;
  std::istringstream in{std::string(text)};
  for (std::string l; std::getline(in, l);) {
    ++line;
    if (!l.empty() && l.back() == '\r') l.pop_back();
    if (line == 1 && l.starts_with("\xEF\xBB\xBF")) l.erase(0, 3);  // a byte-order mark
    const bool tagged = l.size() >= 5 && std::isupper(static_cast<unsigned char>(l[0])) &&
                        std::isalnum(static_cast<unsigned char>(l[1])) && l.substr(2, 3) == "  -";
    if (!tagged) {
      if (!last.empty() && !l.empty()) {  // a long value wrapped onto the next line
        auto it = std::prev(tags.upper_bound(last));
        it->second += " " + l;
      }
      continue;
    }
    std::string name = l.substr(0, 2);
    std::string value = l.size() > 6 ? l.substr(6) : "";
    while (!value.empty() && value.back() == ' ') value.pop_back();
    if (name == "TY") {
      tags.clear();
      record_line = line;
    }
    if (name == "ER") {
      any = true;
      if (tags.count("TY") == 0) {
        out.problems.push_back({line, "a record without TY"});
      } else {
        Citation c = to_citation(tags, record_line, out.problems);
        if (c.title.empty())
          out.problems.push_back({record_line, "the record has no title"});
        else
          out.works.push_back(std::move(c));
      }
      tags.clear();
      last.clear();
      continue;
    }
    tags.emplace(name, value);
    last = name;
  }
  if (!tags.empty()) out.problems.push_back({record_line, "the last record has no ER"});
  if (!any && out.works.empty()) return invalid("no RIS record (TY  - ... ER  - ) in the file");
  return out;
}

}  // namespace resgraph::importers
