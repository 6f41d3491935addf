#include "graph/identifiers.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "graph/node.h"

namespace resgraph {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Drops the first of `prefixes` the text starts with, compared case-insensitively.
std::string_view drop_prefix(std::string_view s, std::initializer_list<std::string_view> prefixes) {
  const std::string low = lower(s);
  for (auto p : prefixes)
    if (std::string_view(low).starts_with(p)) return s.substr(p.size());
  return s;
}

// %2F and the like, as a DOI copied from a resolver URL carries them.
std::string percent_decoded(std::string_view s) {
  auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) && hex(s[i + 2])) {
      out.push_back(static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

Result<std::string> doi(std::string_view text) {
  text = trim(text);
  std::string_view bare =
      drop_prefix(text, {"https://doi.org/", "http://doi.org/", "https://dx.doi.org/",
                         "http://dx.doi.org/", "doi.org/"});
  const bool from_url = bare.size() != text.size();
  std::string d =
      lower(from_url ? percent_decoded(bare) : std::string(drop_prefix(bare, {"doi:"})));
  d = std::string(trim(d));
  // 10.<registrant, 4-9 digits, optionally dotted sub-codes>/<suffix>
  size_t i = 3;
  if (!d.starts_with("10.")) return invalid("a DOI starts with '10.'");
  while (i < d.size() && (is_digit(d[i]) || d[i] == '.')) ++i;
  const size_t registrant = i - 3;
  if (registrant < 4 || i >= d.size() || d[i] != '/' || !is_digit(d[i - 1]))
    return invalid("a DOI is 10.NNNN/suffix, with a registrant code of 4 or more digits");
  if (i + 1 == d.size()) return invalid("a DOI has a suffix after the '/'");
  if (d.size() > 300) return invalid("a DOI has at most 300 characters");
  if (std::any_of(d.begin(), d.end(),
                  [](unsigned char c) { return c <= ' ' || c == 0x7f || c >= 0x80; }))
    return invalid("a DOI has no spaces or characters outside printable ASCII");
  return d;
}

char isbn10_check(std::string_view nine) {
  int sum = 0;
  for (size_t i = 0; i < 9; ++i) sum += static_cast<int>(10 - i) * (nine[i] - '0');
  int c = (11 - sum % 11) % 11;
  return c == 10 ? 'X' : static_cast<char>('0' + c);
}

char isbn13_check(std::string_view twelve) {
  int sum = 0;
  for (size_t i = 0; i < 12; ++i) sum += (i % 2 ? 3 : 1) * (twelve[i] - '0');
  return static_cast<char>('0' + (10 - sum % 10) % 10);
}

Result<std::string> isbn(std::string_view text) {
  std::string s;
  for (char c : drop_prefix(trim(text), {"isbn-13:", "isbn-10:", "isbn:", "isbn"}))
    if (c != '-' && c != ' ') s.push_back(static_cast<char>(std::toupper(c)));
  auto digits = [&](size_t n) { return std::all_of(s.begin(), s.begin() + n, is_digit); };
  if (s.size() == 10 && digits(9) && (is_digit(s[9]) || s[9] == 'X')) {
    if (isbn10_check(s.substr(0, 9)) != s[9])
      return invalid("the ISBN-10 check digit does not match");
    std::string twelve = "978" + s.substr(0, 9);
    return twelve + isbn13_check(twelve);
  }
  if (s.size() == 13 && digits(13) && (s.starts_with("978") || s.starts_with("979"))) {
    if (isbn13_check(s.substr(0, 12)) != s[12])
      return invalid("the ISBN-13 check digit does not match");
    return s;
  }
  return invalid("an ISBN has 10 digits (the last may be X) or 13 starting 978 or 979");
}

Result<std::string> arxiv(std::string_view text) {
  std::string a = lower(drop_prefix(
      trim(text), {"https://arxiv.org/abs/", "http://arxiv.org/abs/", "https://arxiv.org/pdf/",
                   "http://arxiv.org/pdf/", "arxiv.org/abs/", "arxiv:"}));
  if (a.ends_with(".pdf")) a.resize(a.size() - 4);
  if (auto v = a.rfind('v'); v != std::string::npos && v + 1 < a.size() &&
                             std::all_of(a.begin() + static_cast<long>(v) + 1, a.end(), is_digit))
    a.resize(v);  // one paper, whichever version
  auto all_digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
  };
  if (auto dot = a.find('.'); dot == 4 && all_digits(a.substr(0, 4)) && all_digits(a.substr(5)) &&
                              (a.size() == 9 || a.size() == 10))
    return a;  // 2101.00001
  if (auto slash = a.find('/'); slash != std::string::npos && slash > 0 &&
                                a.size() - slash - 1 == 7 && all_digits(a.substr(slash + 1))) {
    std::string_view archive(a.data(), slash);
    if (std::all_of(archive.begin(), archive.end(), [](char c) {
          return std::islower(static_cast<unsigned char>(c)) || c == '-' || c == '.';
        }))
      return a;  // math.gt/0309136
  }
  return invalid("an arXiv id is YYMM.NNNNN or archive/YYMMNNN");
}

Result<std::string> orcid(std::string_view text) {
  std::string s;
  for (char c :
       drop_prefix(trim(text), {"https://orcid.org/", "http://orcid.org/", "orcid.org/", "orcid:"}))
    if (c != '-') s.push_back(static_cast<char>(std::toupper(c)));
  if (s.size() != 16 || !std::all_of(s.begin(), s.begin() + 15, is_digit) ||
      !(is_digit(s[15]) || s[15] == 'X'))
    return invalid("an ORCID iD is 16 digits in four groups (the last may be X)");
  int total = 0;  // ISO 7064 MOD 11-2
  for (size_t i = 0; i < 15; ++i) total = (total + (s[i] - '0')) * 2;
  const int result = (12 - total % 11) % 11;
  if ((result == 10 ? 'X' : static_cast<char>('0' + result)) != s[15])
    return invalid("the ORCID iD's check digit does not match");
  return s.substr(0, 4) + "-" + s.substr(4, 4) + "-" + s.substr(8, 4) + "-" + s.substr(12, 4);
}

Result<std::string> wikidata(std::string_view text) {
  std::string q(drop_prefix(
      trim(text), {"https://www.wikidata.org/wiki/", "http://www.wikidata.org/wiki/",
                   "https://www.wikidata.org/entity/", "http://www.wikidata.org/entity/", "wd:"}));
  if (q.size() < 2 || q.size() > 12 || (q[0] != 'Q' && q[0] != 'q') || q[1] == '0' ||
      !std::all_of(q.begin() + 1, q.end(), is_digit))
    return invalid("a Wikidata id is Q followed by digits");
  q[0] = 'Q';
  return q;
}

}  // namespace

const std::vector<IdentifierKind>& identifier_kinds() {
  using S = IdentifierScope;
  static const std::vector<IdentifierKind> kinds = {
      {"doi", "DOI, lower case, without a resolver: 10.1145/3458336.3465285", S::works},
      {"isbn", "ISBN-13 digits (an ISBN-10 is converted): 9780754648260", S::works},
      {"arxiv", "arXiv id without version: 2101.00001", S::works},
      {"orcid", "ORCID iD: 0000-0002-1825-0097", S::people},
      {"wikidata", "Wikidata item: Q42", S::any},
  };
  return kinds;
}

bool identifier_applies(const IdentifierKind& kind, std::string_view type) {
  switch (kind.scope) {
    case IdentifierScope::any:
      return true;
    case IdentifierScope::people:
      return type == "person";
    case IdentifierScope::works:
      return is_work_type(type);
  }
  return false;
}

Result<std::string> normalize_identifier(std::string_view kind, std::string_view text) {
  if (text.size() > 1000) return invalid("an identifier has at most 1000 characters");
  if (kind == "doi") return doi(text);
  if (kind == "isbn") return isbn(text);
  if (kind == "arxiv") return arxiv(text);
  if (kind == "orcid") return orcid(text);
  if (kind == "wikidata") return wikidata(text);
  return invalid("'" + std::string(kind) + "' is not an identifier kind");
}

Result<Identifiers> node_identifiers(std::string_view type, const boost::json::object& attrs) {
  Identifiers out;
  for (const auto& kind : identifier_kinds()) {
    const auto* v = attrs.if_contains(kind.name);
    if (!v) continue;
    const std::string field = "attrs." + std::string(kind.name);
    if (!v->is_string()) return invalid(field + " must be a string");
    if (!identifier_applies(kind, type))
      return invalid("a " + std::string(type) + " has no " + std::string(kind.name));
    auto value = normalize_identifier(kind.name, v->get_string());
    if (!value) return invalid(field + ": " + value.status().message());
    out.emplace_back(kind.name, std::move(*value));
  }
  return out;
}

Result<std::pair<std::string, std::string>> parse_identifier_term(std::string_view term) {
  auto colon = term.find(':');
  if (colon == std::string_view::npos) return invalid("an identifier term is kind:value");
  std::string kind = lower(term.substr(0, colon));
  auto value = normalize_identifier(kind, term.substr(colon + 1));
  if (!value) return value.status();
  return std::pair{kind, std::move(*value)};
}

}  // namespace resgraph
