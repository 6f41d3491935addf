// Which QueryParser features a search query is parsed with (see parser_flags in impl.h).
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "impl.h"

namespace resgraph::search {
namespace {

constexpr unsigned kFlags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PARTIAL |
                            Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE;

// Queries naming NEAR or ADJ. Xapian 1.4.22's parser leaks the query it was building when a
// query with NEAR or ADJ fails to parse and it retries with fewer features: "-a ADJ b/c",
// "OR k(s]ADJ 1:1", "NOT e\xd7s]ADJ\xf7n" (the query fuzzer found them). Such a query keeps its
// operators only when it is plain, a shape Xapian always parses: words (or field:word) separated
// by spaces, with each operator (AND, OR, NOT, XOR, NEAR, ADJ, NEAR/n, ADJ/n) between two words.
// Any other such query is read with its operators as words, so the parser never fails on it.
// Neither way has +/- or completes the last word: a completed last word is a wildcard, which NEAR
// and ADJ cannot place by position ("complex NEAR systems" would find nothing). Words are read
// as the parser reads them: UTF-8 (a byte that is not, as Latin-1) and Xapian's word characters.
std::vector<std::string_view> words(std::string_view q) {
  std::vector<std::string_view> out;
  Xapian::Utf8Iterator it(q.data(), q.size()), end;
  while (it != end) {
    if (!Xapian::Unicode::is_wordchar(*it)) {
      ++it;
      continue;
    }
    const char* from = it.raw();
    while (it != end && Xapian::Unicode::is_wordchar(*it)) ++it;
    out.emplace_back(from,
                     static_cast<size_t>((it == end ? q.data() + q.size() : it.raw()) - from));
  }
  return out;
}

bool is_proximity(std::string_view token) {
  size_t slash = token.find('/');
  std::string w = ascii_lower(token.substr(0, slash));
  if (w != "near" && w != "adj") return false;
  if (slash == std::string_view::npos) return true;
  std::string_view n = token.substr(slash + 1);
  return !n.empty() && n.size() <= 3 &&
         std::all_of(n.begin(), n.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool is_operator(std::string_view token) {
  std::string w = ascii_lower(token);
  return w == "and" || w == "or" || w == "not" || w == "xor" || is_proximity(token);
}

// One word, or field:word, and nothing else.
bool is_word(std::string_view token) {
  size_t colon = token.find(':');
  auto whole = [](std::string_view w) {
    auto ws = words(w);
    return ws.size() == 1 && ws[0].size() == w.size();
  };
  if (colon == std::string_view::npos) return whole(token);
  return whole(token.substr(0, colon)) && whole(token.substr(colon + 1));
}

bool names_proximity(std::string_view q) {
  auto ws = words(q);
  return std::any_of(ws.begin(), ws.end(), is_proximity);
}

bool plain(std::string_view q) {
  std::vector<std::string_view> ts;
  for (size_t i = 0; i < q.size();) {
    size_t j = std::min(q.find(' ', i), q.size());
    if (j > i) ts.push_back(q.substr(i, j - i));
    i = j + 1;
  }
  if (ts.empty()) return false;
  for (size_t i = 0; i < ts.size(); ++i) {
    bool op = is_operator(ts[i]);
    if (op && (i == 0 || i + 1 == ts.size() || is_operator(ts[i - 1]))) return false;
    if (!op && !is_word(ts[i])) return false;
  }
  return true;
}

}  // namespace

unsigned parser_flags(std::string_view q) {
  using QP = Xapian::QueryParser;
  if (!names_proximity(q)) return kFlags;
  unsigned flags = kFlags & ~unsigned(QP::FLAG_LOVEHATE | QP::FLAG_PARTIAL);
  return plain(q) ? flags : flags & ~unsigned(QP::FLAG_BOOLEAN | QP::FLAG_BOOLEAN_ANY_CASE);
}

}  // namespace resgraph::search
