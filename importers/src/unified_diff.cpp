#include "unified_diff.h"

#include <algorithm>
#include <sstream>
#include <vector>

namespace resgraph::importers {
namespace {

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

struct Op {
  char kind;    // ' ', '-', '+'
  size_t a, b;  // line indexes in before and after
};

// The edit script from the longest common subsequence. A list is at most a few thousand lines;
// past 4,000 on either side the texts are compared as wholes (one hunk) to bound the table.
std::vector<Op> edit_script(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<Op> ops;
  if (a.size() > 4000 || b.size() > 4000) {
    for (size_t i = 0; i < a.size(); ++i) ops.push_back({'-', i, 0});
    for (size_t j = 0; j < b.size(); ++j) ops.push_back({'+', a.size(), j});
    return ops;
  }
  std::vector<std::vector<uint16_t>> lcs(a.size() + 1, std::vector<uint16_t>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;)
    for (size_t j = b.size(); j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      ops.push_back({' ', i++, j++});
    } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] > lcs[i + 1][j])) {
      ops.push_back({'+', i, j++});
    } else {
      ops.push_back({'-', i++, j});
    }
  }
  return ops;
}

}  // namespace

std::string unified_diff(const std::string& before, const std::string& after,
                         const std::string& before_name, const std::string& after_name) {
  auto a = lines_of(before), b = lines_of(after);
  auto ops = edit_script(a, b);
  constexpr size_t kContext = 3;
  std::ostringstream out;
  bool any = false;
  size_t printed = 0;  // ops before this were printed in a hunk already
  for (size_t k = 0; k < ops.size();) {
    if (ops[k].kind == ' ') {
      ++k;
      continue;
    }
    // A hunk: kContext lines before the change, every change that follows within 2 * kContext
    // unchanged lines, and kContext lines after the last of them.
    size_t last = k;
    for (size_t x = k; x < ops.size() && x - last <= 2 * kContext; ++x)
      if (ops[x].kind != ' ') last = x;
    size_t from = std::max(printed, k >= kContext ? k - kContext : 0);
    size_t to = std::min(ops.size(), last + 1 + kContext);
    size_t a_count = 0, b_count = 0;
    for (size_t x = from; x < to; ++x) {
      a_count += ops[x].kind != '+';
      b_count += ops[x].kind != '-';
    }
    if (!any) out << "--- " << before_name << "\n+++ " << after_name << "\n";
    any = true;
    out << "@@ -" << ops[from].a + (a_count ? 1 : 0) << "," << a_count << " +"
        << ops[from].b + (b_count ? 1 : 0) << "," << b_count << " @@\n";
    for (size_t x = from; x < to; ++x)
      out << ops[x].kind << (ops[x].kind == '+' ? b[ops[x].b] : a[ops[x].a]) << "\n";
    k = printed = to;
  }
  return out.str();
}

}  // namespace resgraph::importers
