// CSL-JSON both ways: the citeproc data format Zotero exports and imports ("Better CSL JSON"
// is the same shape). Required by its schema: id and type; dates as date-parts.
#include <boost/json/serialize.hpp>
#include <cctype>

#include "citation.h"
#include "importers/json_fields.h"

namespace resgraph::importers {
namespace json = boost::json;
namespace {

json::array date_parts(const std::string& date) {
  json::array parts{std::stoi(date.substr(0, 4))};
  if (date.size() >= 7) parts.push_back(std::stoi(date.substr(5, 2)));
  if (date.size() >= 10) parts.push_back(std::stoi(date.substr(8, 2)));
  return json::array{parts};
}

json::object csl_item(const Citation& w) {
  const CitationType& t = citation_type_of(w.type);
  json::object o{{"id", w.key}, {"type", t.csl}, {"title", w.title}};
  json::array authors;
  for (const auto& a : w.authors) {
    if (!a.literal.empty())
      authors.push_back(json::object{{"literal", a.literal}});
    else
      authors.push_back(json::object{{"family", a.family}, {"given", a.given}});
  }
  if (!authors.empty()) o["author"] = std::move(authors);
  if (!w.date.empty())
    o["issued"] = json::object{{"date-parts", date_parts(w.date)}};
  else if (w.year)
    o["issued"] = json::object{{"date-parts", json::array{json::array{w.year}}}};
  if (!w.venue.empty()) o["container-title"] = w.venue;
  if (!w.publisher.empty()) o["publisher"] = w.publisher;
  if (!w.event.empty()) o["event-title"] = w.event;
  if (!w.url.empty()) o["URL"] = w.url;
  for (const auto& [kind, value] : w.ids)
    o[kind == "doi" ? "DOI" : kind == "isbn" ? "ISBN" : "number"] = value;
  for (const auto& [kind, value] : w.ids)
    if (kind == "arxiv") o["archive"] = "arXiv";
  if (!t.howpublished.empty() && t.csl != "speech") o["genre"] = t.howpublished;
  if (!w.note.empty()) o["note"] = w.note;
  return o;
}

std::string text_of(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) return {};
  if (v->is_string()) return std::string(v->get_string());
  if (v->is_int64()) return std::to_string(v->get_int64());
  return {};
}

std::vector<PersonName> names_of(const json::object& item) {
  std::vector<PersonName> out;
  for (const char* role : {"author", "editor"}) {
    const auto* list = item.if_contains(role);
    if (!list || !list->is_array() || !out.empty()) continue;
    for (const auto& a : list->get_array()) {
      if (!a.is_object()) continue;
      const auto& n = a.get_object();
      PersonName p{text_of(n, "given"), text_of(n, "family"), text_of(n, "literal")};
      if (p.literal.empty() && p.given.empty()) std::swap(p.literal, p.family);
      if (!full_name(p).empty()) out.push_back(std::move(p));
    }
  }
  return out;
}

// "issued": {"date-parts": [[2012, 6, 26]]}, or {"raw": "2012-06-26"}.
void read_issued(const json::object& item, Citation& c) {
  const auto* issued = item.if_contains("issued");
  if (!issued || !issued->is_object()) return;
  const auto* parts = issued->get_object().if_contains("date-parts");
  std::vector<int> ymd;
  if (parts && parts->is_array() && !parts->get_array().empty() && parts->get_array()[0].is_array())
    for (const auto& p : parts->get_array()[0].get_array()) {
      if (p.is_int64())
        ymd.push_back(static_cast<int>(p.get_int64()));
      else if (p.is_string())
        ymd.push_back(std::atoi(std::string(p.get_string()).c_str()));
    }
  if (ymd.empty() || ymd[0] < 1000 || ymd[0] > 2200) return;
  c.year = ymd[0];
  auto two = [](int n) { return (n < 10 ? "0" : "") + std::to_string(n); };
  if (ymd.size() >= 2 && ymd[1] >= 1 && ymd[1] <= 12) {
    c.date = std::to_string(ymd[0]) + "-" + two(ymd[1]);
    if (ymd.size() >= 3 && ymd[2] >= 1 && ymd[2] <= 31) c.date += "-" + two(ymd[2]);
  }
}

// The line each element of the top-level array starts on, so that provenance and problems
// point into the file as a reader opens it.
std::vector<int> item_lines(std::string_view text) {
  std::vector<int> out;
  int line = 1, depth = 0;
  bool in_string = false, expecting = false;  // expecting: an element of the array is next
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') ++line;
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) continue;
    if (expecting && !(depth == 1 && c == ']')) out.push_back(line);
    expecting = false;
    if (c == '"') in_string = true;
    if (c == '[' || c == '{') ++depth;
    if (c == ']' || c == '}') --depth;
    if ((c == '[' && depth == 1) || (c == ',' && depth == 1)) expecting = true;
  }
  return out;
}

}  // namespace

std::string write_csl_json(const std::vector<Citation>& works) {
  json::array items;
  for (const auto& w : works) items.push_back(csl_item(w));
  return json::serialize(items);
}

Result<ReadCitations> read_csl_json(std::string_view text) {
  auto doc = parse_json(text);
  if (!doc) return doc.status();
  const json::array* items = nullptr;
  if (doc->is_array()) items = &doc->get_array();
  if (!items) return invalid("CSL-JSON is an array of items, each with an id, a type and a title");
  ReadCitations out;
  const std::vector<int> lines = item_lines(text);
  size_t position = 0;
  for (const auto& v : *items) {
    // The item's line; its position when the scan and the parser disagree (they should not).
    const int line = position < lines.size() && lines.size() == items->size()
                         ? lines[position]
                         : static_cast<int>(position + 1);
    ++position;
    if (!v.is_object()) {
      out.problems.push_back(Skip{line, "not an object"});
      continue;
    }
    const auto& item = v.get_object();
    Citation c;
    c.line = line;
    c.key = text_of(item, "id");
    c.type = node_type_from_csl(text_of(item, "type"), text_of(item, "genre"));
    c.title = text_of(item, "title");
    if (c.title.empty()) {
      out.problems.push_back(Skip{line, "the item has no title"});
      continue;
    }
    c.authors = names_of(item);
    read_issued(item, c);
    c.venue = text_of(item, "container-title");
    c.publisher = text_of(item, "publisher");
    c.event = text_of(item, "event-title");
    if (c.event.empty()) c.event = text_of(item, "event");
    c.url = text_of(item, "URL");
    c.note = text_of(item, "note");
    read_identifier(c, "doi", text_of(item, "DOI"), line, out.problems);
    read_identifier(c, "isbn", text_of(item, "ISBN"), line, out.problems);
    if (text_of(item, "archive") == "arXiv")
      read_identifier(c, "arxiv", text_of(item, "number"), line, out.problems);
    out.works.push_back(std::move(c));
  }
  return out;
}

}  // namespace resgraph::importers
