// Where enrichment reads a work's metadata: Crossref's REST API (GET /works/{doi}, its
// documented {"status":"ok","message":{...}} answer) and a page's citation_* (Highwire, as
// Google Scholar reads them) and Open Graph meta tags. Each answer becomes a Citation; the graph
// side (enrich.cpp) decides what of it to propose.
#include "enrich_sources.h"

#include <algorithm>
#include <boost/json/value.hpp>
#include <cctype>

#include "fetch/http_get.h"
#include "importers/json_fields.h"

namespace resgraph::importers {
namespace json = boost::json;
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// A DOI in a URL path: what a path may hold as it is, the rest percent-encoded.
std::string path_encoded(std::string_view doi) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : doi) {
    if (std::isalnum(c) ||
        std::string_view("-._~/()").find(static_cast<char>(c)) != std::string_view::npos) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string user_agent(const EnrichOptions& o) {
  return "resgraph/1 (https://github.com/resgraph" +
         (o.contact.empty() ? std::string() : "; mailto:" + o.contact) + ")";
}

std::string first_text(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (v && v->is_string()) return std::string(v->get_string());
  if (v && v->is_array() && !v->get_array().empty() && v->get_array()[0].is_string())
    return std::string(v->get_array()[0].get_string());
  return {};
}

// "issued": {"date-parts": [[1983, 11]]}, the first of the dates Crossref gives.
void read_crossref_date(const json::object& m, Citation& c) {
  for (const char* key : {"issued", "published-print", "published-online", "created"}) {
    const auto* d = m.if_contains(key);
    if (!d || !d->is_object()) continue;
    const auto* parts = d->get_object().if_contains("date-parts");
    if (!parts || !parts->is_array() || parts->get_array().empty() ||
        !parts->get_array()[0].is_array())
      continue;
    std::vector<int64_t> ymd;
    for (const auto& p : parts->get_array()[0].get_array())
      if (p.is_int64()) ymd.push_back(p.get_int64());
    if (ymd.empty() || ymd[0] < 1000 || ymd[0] > 2200) continue;
    c.year = static_cast<int>(ymd[0]);
    auto two = [](int64_t n) { return (n < 10 ? "0" : "") + std::to_string(n); };
    if (ymd.size() >= 2 && ymd[1] >= 1 && ymd[1] <= 12) {
      c.date = std::to_string(ymd[0]) + "-" + two(ymd[1]);
      if (ymd.size() >= 3 && ymd[2] >= 1 && ymd[2] <= 31) c.date += "-" + two(ymd[2]);
    }
    return;
  }
}

Citation from_crossref(const json::object& m) {
  Citation c;
  c.title = first_text(m, "title");
  c.venue = first_text(m, "container-title");
  c.publisher = first_text(m, "publisher");
  c.url = first_text(m, "URL");
  read_crossref_date(m, c);
  if (const auto* authors = m.if_contains("author"); authors && authors->is_array())
    for (const auto& a : authors->get_array()) {
      if (!a.is_object()) continue;
      const auto& o = a.get_object();
      PersonName n{first_text(o, "given"), first_text(o, "family"), first_text(o, "name")};
      if (!full_name(n).empty()) c.authors.push_back(std::move(n));
    }
  if (auto doi = normalize_identifier("doi", first_text(m, "DOI"))) c.ids.emplace_back("doi", *doi);
  return c;
}

std::string entity_decoded(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    const size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out += s[i];
      continue;
    }
    std::string name(s.substr(i + 1, semi - i - 1));
    static const std::pair<const char*, const char*> named[] = {
        {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", " "}};
    std::string rep;
    for (auto [n, r] : named)
      if (name == n) rep = r;
    if (rep.empty() && name.size() > 1 && name[0] == '#') {
      const bool hexa = name[1] == 'x' || name[1] == 'X';
      const long code = std::strtol(name.c_str() + (hexa ? 2 : 1), nullptr, hexa ? 16 : 10);
      if (code > 0 && code < 0x110000) {  // as UTF-8
        auto cp = static_cast<uint32_t>(code);
        if (cp < 0x80)
          rep = static_cast<char>(cp);
        else if (cp < 0x800)
          rep = {static_cast<char>(0xC0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3F))};
        else if (cp < 0x10000)
          rep = {static_cast<char>(0xE0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3F)),
                 static_cast<char>(0x80 | (cp & 0x3F))};
        else
          rep = {
              static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
              static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
      }
    }
    if (rep.empty()) {
      out += s[i];
      continue;
    }
    out += rep;
    i = semi;
  }
  return out;
}

// The value of one attribute of a tag's text ("name", "content"), quoted or not.
std::string attribute(std::string_view tag, std::string_view name) {
  const std::string low = lower(std::string(tag));
  for (size_t at = low.find(name); at != std::string::npos; at = low.find(name, at + 1)) {
    if (at > 0 && !std::isspace(static_cast<unsigned char>(low[at - 1]))) continue;
    size_t i = at + name.size();
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    if (i >= tag.size() || tag[i] != '=') continue;
    ++i;
    while (i < tag.size() && std::isspace(static_cast<unsigned char>(tag[i]))) ++i;
    if (i >= tag.size()) return {};
    size_t end;
    if (tag[i] == '"' || tag[i] == '\'') {
      end = tag.find(tag[i], i + 1);
      ++i;
    } else {
      end = tag.find_first_of(" \t\r\n>", i);
    }
    if (end == std::string_view::npos) end = tag.size();
    return entity_decoded(tag.substr(i, end - i));
  }
  return {};
}

// "2019/05/01", "2019-05-01T10:00:00Z", "2019": the date's ISO form, as far as it goes.
void read_meta_date(const std::string& text, Citation& c) {
  if (text.size() < 4 || !std::all_of(text.begin(), text.begin() + 4, ::isdigit)) return;
  c.year = std::stoi(text.substr(0, 4));
  auto digits = [&](size_t at) {
    return at + 2 <= text.size() && std::isdigit(static_cast<unsigned char>(text[at])) &&
           std::isdigit(static_cast<unsigned char>(text[at + 1]));
  };
  if (text.size() >= 7 && (text[4] == '-' || text[4] == '/') && digits(5)) {
    const int month = std::stoi(text.substr(5, 2));
    if (month < 1 || month > 12) return;
    c.date = text.substr(0, 4) + "-" + text.substr(5, 2);
    if (text.size() >= 10 && text[7] == text[4] && digits(8)) {
      const int day = std::stoi(text.substr(8, 2));
      if (day >= 1 && day <= 31) c.date += "-" + text.substr(8, 2);
    }
  }
}

}  // namespace

Result<std::optional<Citation>> crossref_work(std::string_view doi, const EnrichOptions& o,
                                              std::string& looked_up) {
  fetch::GetRequest req;
  req.url = o.crossref_url + "/works/" + path_encoded(doi);
  req.user_agent = user_agent(o);
  req.accept = "application/json";
  req.timeout_ms = o.timeout_ms;
  req.max_bytes = 4u << 20;
  looked_up = req.url;
  auto r = fetch::get(req);
  if (!r) return r.status();
  if (r->status == 404) return std::optional<Citation>();
  if (r->status != 200)
    return upstream("Crossref answered " + std::to_string(r->status) + " for " + req.url);
  auto doc = parse_json(r->body);
  if (!doc || !doc->is_object())
    return upstream("Crossref's answer for " + req.url + " is not JSON");
  const auto* message = doc->get_object().if_contains("message");
  if (!message || !message->is_object())
    return upstream("Crossref's answer for " + req.url + " has no message");
  return std::optional<Citation>(from_crossref(message->get_object()));
}

Result<std::optional<Citation>> page_work(const std::string& url, const EnrichOptions& o) {
  fetch::GetRequest req;
  req.url = url;
  req.user_agent = user_agent(o);
  req.accept = "text/html";
  req.timeout_ms = o.timeout_ms;
  req.max_bytes = 2u << 20;
  auto r = fetch::get(req);
  if (!r) return r.status();
  if (r->status != 200) return std::optional<Citation>();
  if (!r->content_type.empty() && lower(r->content_type).find("html") == std::string::npos)
    return std::optional<Citation>();  // a PDF or an image says nothing we can read here
  return std::optional<Citation>(citation_from_meta_tags(r->body));
}

Citation citation_from_meta_tags(std::string_view html) {
  Citation c;
  std::string og_title, og_site, published, citation_date, author;
  const std::string low =
      lower(std::string(html.substr(0, std::min<size_t>(html.size(), 2u << 20))));
  for (size_t at = low.find("<meta"); at != std::string::npos; at = low.find("<meta", at + 5)) {
    const size_t end = low.find('>', at);
    if (end == std::string::npos) break;
    std::string_view tag = html.substr(at, end - at);
    std::string key = lower(attribute(tag, "name"));
    if (key.empty()) key = lower(attribute(tag, "property"));
    const std::string content = attribute(tag, "content");
    if (key.empty() || content.empty()) continue;
    if (key == "citation_title" && c.title.empty())
      c.title = content;
    else if (key == "citation_author")
      c.authors.push_back(split_name(content));
    else if ((key == "citation_journal_title" || key == "citation_conference_title") &&
             c.venue.empty())
      c.venue = content;
    else if ((key == "citation_publication_date" || key == "citation_date") &&
             citation_date.empty())
      citation_date = content;
    else if (key == "citation_doi" && c.ids.empty()) {
      if (auto doi = normalize_identifier("doi", content)) c.ids.emplace_back("doi", *doi);
    } else if (key == "og:title" && og_title.empty())
      og_title = content;
    else if (key == "og:site_name" && og_site.empty())
      og_site = content;
    else if (key == "article:published_time" && published.empty())
      published = content;
    else if (key == "author" && author.empty())
      author = content;
  }
  if (c.title.empty()) c.title = og_title;
  if (c.venue.empty()) c.venue = og_site;
  // One name; "A, B" or "A and B" could be one person's "Family, Given" or two people.
  if (c.authors.empty() && !author.empty() && author.find(',') == std::string::npos &&
      author.find(" and ") == std::string::npos)
    c.authors.push_back(split_name(author));
  read_meta_date(citation_date.empty() ? published : citation_date, c);
  return c;
}

}  // namespace resgraph::importers
