// BibTeX both ways. Written as Zotero and biber read it (UTF-8, TeX's special characters
// escaped, titles braced so styles keep their capitals); read with btparse, the Debian library
// behind Text::BibTeX. btparse keeps state in globals and may end the process on input it
// cannot recover from, so entries reach it one at a time, under one lock, only after a scan of
// our own has bounded their size and nesting.
#include <btparse.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <sstream>

#include "citation.h"
#include "graph/text.h"

namespace resgraph::importers {
namespace {

constexpr std::array<const char*, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};

std::string tex_escaped(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\\':
        out += "\\textbackslash{}";
        break;
      case '{':
        out += "\\textbraceleft{}";
        break;
      case '}':
        out += "\\textbraceright{}";
        break;
      case '~':
        out += "\\textasciitilde{}";
        break;
      case '^':
        out += "\\textasciicircum{}";
        break;
      case '&':
      case '%':
      case '$':
      case '#':
      case '_':
        out += '\\';
        out += c;
        break;
      case '\n':
      case '\r':
      case '\t':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

// URLs and DOIs are written verbatim, as url fields are read; only what would unbalance the
// braces (or start a TeX command) is percent-encoded.
std::string verbatim(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '{')
      out += "%7B";
    else if (c == '}')
      out += "%7D";
    else if (c == '\\')
      out += "%5C";
    else if (c == ' ' || c == '\n')
      out += "%20";
    else
      out += c;
  }
  return out;
}

std::string bibtex_name(const PersonName& n) {
  if (!n.literal.empty()) return "{" + tex_escaped(n.literal) + "}";  // one name, not split
  return tex_escaped(n.family) + (n.given.empty() ? "" : ", " + tex_escaped(n.given));
}

void field(std::ostringstream& out, std::string_view name, const std::string& value,
           bool raw = false) {
  if (value.empty()) return;
  out << "  " << name << " = {" << (raw ? value : tex_escaped(value)) << "},\n";
}

void write_entry(std::ostringstream& out, const Citation& w) {
  const CitationType& t = citation_type_of(w.type);
  out << "@" << t.bibtex << "{" << w.key << ",\n";
  out << "  title = {{" << tex_escaped(w.title) << "}},\n";
  std::string authors;
  for (const auto& a : w.authors) authors += (authors.empty() ? "" : " and ") + bibtex_name(a);
  field(out, "author", authors, true);
  if (w.year) out << "  year = {" << w.year << "},\n";
  const int month = w.date.size() >= 7 ? std::atoi(w.date.substr(5, 2).c_str()) : 0;
  if (month >= 1 && month <= 12) out << "  month = " << kMonths[month - 1] << ",\n";
  if (w.date.size() > 4) field(out, "date", w.date);
  std::string how(t.howpublished);
  if (t.bibtex == "misc" && !how.empty() && !w.event.empty()) how += " at " + w.event;
  if (t.bibtex == "misc")
    field(out, "howpublished", how);
  else
    field(out, "type", how);  // a techreport's kind: "Incident report"
  const bool in_journal = t.bibtex == "article";
  field(out, in_journal ? "journal" : "series", w.venue);
  if (t.bibtex != "misc" || how.empty()) field(out, "organization", w.event);
  field(out,
        t.bibtex == "techreport"  ? "institution"
        : t.bibtex == "phdthesis" ? "school"
                                  : "publisher",
        w.publisher);
  for (const auto& [kind, value] : w.ids) {
    if (kind == "arxiv") {
      field(out, "eprint", value, true);
      field(out, "archiveprefix", "arXiv");
    } else {
      field(out, kind, verbatim(value), true);
    }
  }
  field(out, "url", verbatim(w.url), true);
  field(out, "note", w.note);
  out << "}\n\n";
}

}  // namespace

std::string write_bibtex(const std::vector<Citation>& works) {
  std::ostringstream out;
  for (const auto& w : works) write_entry(out, w);
  return out.str();
}

}  // namespace resgraph::importers
