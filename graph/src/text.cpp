#include "graph/text.h"

#include <utf8proc.h>

#include <boost/json/value.hpp>
#include <cstdio>
#include <cstdlib>

namespace resgraph::text {
namespace {

// The length of the well-formed sequence that starts at s[i], or 0 (Unicode's table 3-7).
size_t sequence_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  const unsigned char c = byte(0);
  if (c < 0x80) return 1;
  size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (c >= 0xC2 && c <= 0xDF)
    n = 2;
  else if (c == 0xE0)
    n = 3, lo = 0xA0;
  else if (c == 0xED)
    n = 3, hi = 0x9F;  // no surrogates
  else if ((c >= 0xE1 && c <= 0xEC) || (c >= 0xEE && c <= 0xEF))
    n = 3;
  else if (c == 0xF0)
    n = 4, lo = 0x90;
  else if (c >= 0xF1 && c <= 0xF3)
    n = 4;
  else if (c == 0xF4)
    n = 4, hi = 0x8F;  // nothing past U+10FFFF
  else
    return 0;
  if (i + n > s.size() || byte(1) < lo || byte(1) > hi) return 0;
  for (size_t k = 2; k < n; ++k)
    if (byte(k) < 0x80 || byte(k) > 0xBF) return 0;
  return n;
}

bool allowed_control(unsigned char c, Shape shape) {
  return shape == Shape::any ||
         (shape == Shape::multiline && (c == '\t' || c == '\n' || c == '\r'));
}

std::string code_point_name(unsigned c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", c);
  return buf;
}

Status check_json(std::string& path, const boost::json::value& v) {
  if (v.is_string()) return check(path, std::string_view(v.get_string()), Shape::any);
  if (v.is_array()) {
    const size_t len = path.size();
    for (size_t i = 0; i < v.get_array().size(); ++i) {
      path += "[" + std::to_string(i) + "]";
      auto s = check_json(path, v.get_array()[i]);
      path.resize(len);
      if (!s.is_ok()) return s;
    }
  } else if (v.is_object()) {
    const size_t len = path.size();
    for (const auto& [key, child] : v.get_object()) {
      if (auto s = check("a key in " + (path.empty() ? "the record" : path), key, Shape::any);
          !s.is_ok())
        return s;
      path += (path.empty() ? "" : ".") + std::string(key);
      auto s = check_json(path, child);
      path.resize(len);
      if (!s.is_ok()) return s;
    }
  }
  return Status::ok();
}

}  // namespace

size_t invalid_utf8_at(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    // Most text is ASCII: step over it a byte at a time without the table.
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t n = sequence_length(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

Status check(std::string_view field, std::string_view value, Shape shape) {
  if (size_t at = invalid_utf8_at(value); at != std::string_view::npos)
    return invalid(std::string(field) + " is not valid UTF-8 (byte " + std::to_string(at + 1) +
                   ")");
  if (shape == Shape::any) return Status::ok();
  for (size_t i = 0; i < value.size(); ++i) {
    auto c = static_cast<unsigned char>(value[i]);
    // C0 controls and DEL; then the C1 controls U+0080..U+009F, encoded C2 80..C2 9F.
    bool control = c < 0x20 || c == 0x7F;
    unsigned code = c;
    if (c == 0xC2 && i + 1 < value.size() && static_cast<unsigned char>(value[i + 1]) <= 0x9F) {
      control = true;
      code = static_cast<unsigned char>(value[i + 1]);
    }
    if (control && !allowed_control(c, shape))
      return invalid(std::string(field) + " holds a control character (" + code_point_name(code) +
                     ") at byte " + std::to_string(i + 1));
  }
  return Status::ok();
}

Status check(std::string_view field, const boost::json::value& value) {
  std::string path(field);
  return check_json(path, value);
}

std::string repair_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    size_t n = sequence_length(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s, i, n);
      i += n;
    }
  }
  return out;
}

namespace {

// The text through utf8proc with the options; as it was when it is not valid UTF-8.
std::string utf8_mapped(std::string_view s, int options) {
  utf8proc_uint8_t* mapped = nullptr;
  utf8proc_ssize_t n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                                    static_cast<utf8proc_ssize_t>(s.size()), &mapped,
                                    static_cast<utf8proc_option_t>(options));
  if (n < 0) return std::string(s);
  std::string out(reinterpret_cast<char*>(mapped), static_cast<size_t>(n));
  std::free(mapped);
  return out;
}

}  // namespace

std::string composed(std::string_view s) {
  return utf8_mapped(s, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
}

std::string folded(std::string_view s) {
  bool ascii = true;
  for (unsigned char c : s) ascii = ascii && c < 0x80;
  if (ascii) {  // the common case needs no Unicode tables
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }
  return utf8_mapped(s, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                            UTF8PROC_STRIPMARK);
}

std::string folded_words(std::string_view s) {
  std::string f = folded(s);
  std::string out;
  bool pending_space = false;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(f.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(f.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) break;  // invalid UTF-8: the rest says nothing comparable
    auto category = utf8proc_category(cp);
    bool word = (category >= UTF8PROC_CATEGORY_LU && category <= UTF8PROC_CATEGORY_LO) ||
                (category >= UTF8PROC_CATEGORY_ND && category <= UTF8PROC_CATEGORY_NO);
    bool apostrophe = cp == '\'' || cp == 0x60 || cp == 0x2018 || cp == 0x2019;
    if (word) {
      if (pending_space && !out.empty()) out.push_back(' ');
      pending_space = false;
      out.append(reinterpret_cast<const char*>(p), static_cast<size_t>(n));
    } else if (!apostrophe) {
      pending_space = true;
    }
    p += n;
    left -= n;
  }
  return out;
}

}  // namespace resgraph::text
