// Reading a record back from the store without ever throwing. Every record read is parsed here,
// so one damaged record (or one written with invalid UTF-8 by an older build) costs its own
// readers a repaired or empty value, never the process.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

namespace resgraph {

struct StoredJson {
  boost::json::value value;  // null when the text is not JSON at all
  bool repaired = false;     // it held invalid UTF-8, now replaced by U+FFFD
};

StoredJson read_stored(std::string_view raw);
inline boost::json::value parse_stored(std::string_view raw) { return read_stored(raw).value; }

}  // namespace resgraph
