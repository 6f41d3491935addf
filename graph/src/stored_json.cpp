#include "stored_json.h"

#include <boost/json/parse.hpp>

#include "graph/text.h"

namespace resgraph {
namespace json = boost::json;
namespace {

void repair_strings(json::value& v) {
  if (v.is_string()) {
    if (!text::valid_utf8(v.get_string())) v = json::string(text::repair_utf8(v.get_string()));
  } else if (v.is_array()) {
    for (auto& x : v.get_array()) repair_strings(x);
  } else if (v.is_object()) {
    json::object fixed;
    for (auto& [key, child] : v.get_object()) {
      repair_strings(child);
      fixed[text::valid_utf8(key) ? std::string(key) : text::repair_utf8(key)] = std::move(child);
    }
    v = std::move(fixed);
  }
}

}  // namespace

StoredJson read_stored(std::string_view raw) {
  StoredJson out;
  json::error_code ec;
  out.value = json::parse(raw, ec);
  if (!ec) return out;
  json::parse_options lenient;
  lenient.allow_invalid_utf8 = true;
  ec.clear();
  out.value = json::parse(raw, ec, {}, lenient);
  if (ec) {
    out.value = nullptr;
    return out;
  }
  repair_strings(out.value);
  out.repaired = true;
  return out;
}

}  // namespace resgraph
