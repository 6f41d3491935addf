// The shapes whose entries have a form of their own: a catalogue's incident report, a
// glossary's law and who named it, a bibliography's citation.
#include <regex>

#include "graph/url_key.h"
#include "markdown_walker.h"
#include "text_rules.h"

namespace resgraph::importers {
namespace {

// "Amazon", "Google Cloud", "Stack Exchange": a short name of capitalized words.
bool looks_like_org_name(const std::string& s) {
  auto w = words_of(s);
  if (w.empty() || w.size() > 4) return false;
  for (const auto& x : w)
    if (!(std::isupper(static_cast<unsigned char>(x[0])) ||
          std::isdigit(static_cast<unsigned char>(x[0])) || x == "of" || x == "and" || x == "&" ||
          x == "de"))
      return false;
  return true;
}

// The first sentence of a description, cut at a word before 140 bytes.
std::string first_sentence(const std::string& text) {
  std::string s = text;
  for (size_t p = s.find(". "); p != std::string::npos; p = s.find(". ", p + 1))
    if (std::count(s.begin(), s.begin() + static_cast<long>(p), ' ') >= 3) {
      s = s.substr(0, p);
      break;
    }
  while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.pop_back();
  if (s.size() > 140) {
    size_t cut = s.rfind(' ', 137);
    s = s.substr(0, cut == std::string::npos ? 137 : cut) + "\xE2\x80\xA6";
  }
  return s;
}

}  // namespace

// "[Company](url). What happened." in a catalogue of incident reports: the company as an
// organization, the report titled from what happened, dated when the text gives a date.
std::optional<size_t> Walker::incident_entry(const std::vector<Segment>& segs, size_t main,
                                             int at) {
  std::string before, after;
  for (size_t i = 0; i < main; ++i) before += segs[i].text;
  std::vector<Link> annotations;
  for (size_t i = main + 1; i < segs.size(); ++i) {
    if (segs[i].url.empty())
      after += segs[i].text;
    else if (is_external(segs[i].url) && !segs[i].image)
      annotations.push_back({segs[i].url, trim(segs[i].text)});
  }
  std::string company = trim(segs[main].text);
  std::string what = trim(after);
  bool separated = what.starts_with(".") || what.starts_with(":") || what.starts_with("-") ||
                   what.starts_with("\xE2\x80\x94") || what.starts_with("\xE2\x80\x93");
  what = clean_description(what);
  if (!trim(before).empty() || !separated || !looks_like_org_name(company) ||
      words_of(what).size() < 3)
    return std::nullopt;
  auto prov = provenance(at);
  DraftNode org;
  org.type = "organization";
  org.title = company;
  org.provenance = prov;
  org.why = "the company an incident report in a catalogue is from";
  size_t org_node = g_.add_node(std::move(org));

  DraftNode report;
  report.type = "postmortem";
  report.title = first_sentence(what);
  if (g_.has_title("postmortem", report.title)) report.title += " (" + company + ")";
  report.url = segs[main].url;
  if (report.title.size() + 2 < what.size()) report.summary = what;
  report.date = find_date(what);
  report.year = report.date.empty() ? find_year(what) : std::stoi(report.date.substr(0, 4));
  report.links = annotations;
  if (!stack_.empty() && !title_key(stack_.back().text).empty())
    report.attrs["category"] = stack_.back().text;
  report.provenance = prov;
  report.why = "an entry of an incident catalogue, titled from its description";
  size_t n = g_.add_node(std::move(report));
  g_.add_edge(n, org_node, "published_by", prov);
  link_theme(n, at);
  return n;
}

// The people a glossary entry credits: "coined by Lisanne Bainbridge", "(David Woods, 2006)",
// "named after Melvin Conway", or the possessive of the term itself ("Woods' theorem"), which
// meets the full name the file or the graph knows and otherwise stays text.
void Walker::glossary_people(size_t concept_node, const std::string& term,
                             const std::string& definition, int at) {
  auto prov = provenance(at);
  std::vector<std::string> names = authors_in(definition);
  static const std::regex named(
      R"((?:named after|coined by|after|\()\s*((?:[A-Z][\w.\-']+ ){1,3}[A-Z][\w\-']+))");
  for (std::sregex_iterator it(definition.begin(), definition.end(), named), end; it != end; ++it)
    if (looks_like_name((*it)[1])) names.push_back((*it)[1]);
  for (const auto& who : names)
    g_.add_edge(person(who, "", at, "a glossary entry credits them"), concept_node, "authored",
                prov);
  static const std::regex possessive(R"(^((?:[A-Z][\w.\-]+ ){0,2}[A-Z][\w\-]+)(?:'s|'|’s|’) )");
  std::smatch m;
  if (!std::regex_search(term, m, possessive)) return;
  std::string who = m[1];
  if (who.find(' ') != std::string::npos && looks_like_name(who))
    g_.add_edge(person(who, "", at, "the term is named after them"), concept_node, "authored",
                prov);
  else if (auto known = g_.known_person(who))
    g_.add_edge(*known, concept_node, "authored", prov);
}

namespace {

// "Cook, R. I., Woods, D. D., & Miller, C." or "Richard Cook and David Woods" -> names.
std::vector<std::string> citation_authors(const std::string& text) {
  std::vector<std::string> out;
  static const std::regex sep(R"(\s*(?:;|&|\band\b|,\s*&)\s*)");
  for (std::sregex_token_iterator it(text.begin(), text.end(), sep, -1), end; it != end; ++it) {
    std::string chunk = trim(*it);
    // Within a chunk, "Surname, I. I." pairs, or full names separated by commas.
    static const std::regex pair(R"(([A-Z][\w'\-]+(?: [A-Z][\w'\-]+)?),\s*((?:[A-Z]\.\s*)+))");
    bool any = false;
    for (std::sregex_iterator p(chunk.begin(), chunk.end(), pair), pend; p != pend; ++p) {
      out.push_back(trim((*p)[1].str() + ", " + trim((*p)[2])));
      any = true;
    }
    if (any) continue;
    static const std::regex comma(R"(\s*,\s*)");
    for (std::sregex_token_iterator n(chunk.begin(), chunk.end(), comma, -1), nend; n != nend; ++n)
      if (looks_like_name(trim(*n), 2)) out.push_back(trim(*n));
  }
  return out;
}

}  // namespace

// A citation in text: "Bainbridge, L. (1983). Ironies of automation. Automatica, 19(6).",
// "Lisanne Bainbridge: Ironies of automation, Automatica, 1983, doi:10.1016/…".
std::optional<size_t> Walker::citation_entry(const std::vector<Segment>& segs, int at) {
  std::string full, url;
  for (const auto& s : segs) {
    if (!s.url.empty() && url.empty() && is_external(s.url)) url = s.url;
    full += s.text;
  }
  full = clean_description(full);
  // A citation is a line or two; std::regex would recurse through a longer text.
  if (full.size() > 1000) return std::nullopt;
  static const std::regex apa(
      R"(^(.{3,200}?)\s*\(((?:1[89]|20)\d\d)[a-z]?\)\.?\s+(.+?[.?!])(?:\s+(.*))?$)");
  static const std::regex colon(
      R"(^([^:]{3,120}):\s+(.+?),\s+(.+?),?\s+((?:1[89]|20)\d\d)\b(.*)$)");
  std::smatch m;
  std::string authors, title, venue;
  int year = 0;
  if (std::regex_match(full, m, apa)) {
    authors = m[1];
    year = std::stoi(m[2]);
    title = m[3];
    venue = m[4];
  } else if (context_shape() == Shape::bibliography && std::regex_match(full, m, colon)) {
    authors = m[1];
    title = m[2];
    venue = m[3];
    year = std::stoi(m[4]);
  } else {
    return std::nullopt;
  }
  auto names = citation_authors(authors);
  if (names.empty()) return std::nullopt;
  while (!title.empty() && title.back() == '.') title.pop_back();
  static const std::regex doi(R"(\b(10\.\d{4,9}/[^\s,;]+[^\s,;.)]))");
  DraftNode d;
  d.type = context_type().value_or("paper");
  if (d.type == "person" || d.type == "concept") d.type = "paper";
  d.title = clean_description(title);
  d.year = year;
  if (std::regex_search(full, m, doi)) {
    std::string id = m[1];
    for (auto& c : id) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    d.attrs["doi"] = id;
    if (url.empty()) url = "https://doi.org/" + id;
  }
  d.url = url;
  venue = trim(std::regex_replace(venue, doi, ""));
  while (!venue.empty() &&
         (venue.back() == '.' || venue.back() == ',' || venue.back() == ' ' || venue.back() == ':'))
    venue.pop_back();
  if (venue.starts_with("doi") || venue.starts_with("http")) venue.clear();
  if (!venue.empty() && venue.size() < 200) d.attrs["venue"] = venue;
  d.attrs["byline"] = trim(authors);
  d.provenance = provenance(at);
  d.why = "a citation (authors, year, title, venue)";
  if (title_key(d.title).empty()) return std::nullopt;
  size_t n = g_.add_node(std::move(d));
  for (const auto& who : names)
    g_.add_edge(person(who, "", at, "an author of a citation"), n, "authored", provenance(at));
  link_theme(n, at);
  return n;
}

}  // namespace resgraph::importers
