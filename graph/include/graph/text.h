// The one check every string passes before it can reach the store. Stored JSON is read back
// with a strict UTF-8 parser, so a single invalid byte written once would make its record,
// and every reader of the change log, fail for good: text is checked where it enters, and the
// store checks again before it commits.
#pragma once

#include <boost/json/fwd.hpp>
#include <cstddef>
#include <string>
#include <string_view>

#include "graph/status.h"

namespace resgraph::text {

enum class Shape {
  line,       // a title, a name, a label: no control characters at all
  multiline,  // a summary, a note, a description: tab and line breaks allowed
  any,        // opaque values (attributes, provenance): valid UTF-8 is all that is asked
};

// The offset of the first byte that does not begin a well-formed UTF-8 sequence (RFC 3629: no
// overlong forms, no surrogates, nothing past U+10FFFF), or npos.
size_t invalid_utf8_at(std::string_view s);
inline bool valid_utf8(std::string_view s) { return invalid_utf8_at(s) == std::string_view::npos; }

// ok, or `invalid` naming `field` and what is wrong with it, e.g.
// "title is not valid UTF-8 (byte 4)" or "title holds a control character (U+0000)".
Status check(std::string_view field, std::string_view value, Shape shape);

// Every string and key inside a JSON value, as Shape::any; `field` names the value, and the
// message names the path inside it ("attrs.note").
Status check(std::string_view field, const boost::json::value& value);

// `s` with each ill-formed sequence replaced by U+FFFD: how text written by an older build is
// read back and repaired.
std::string repair_utf8(std::string_view s);

// Canonically composed (NFC): "e" followed by a combining acute accent becomes "é". Text
// that is not valid UTF-8 comes back unchanged.
std::string composed(std::string_view s);

// The form under which two spellings of one name or title meet: NFKC, case-folded, accents
// removed ("Dédale", "DEDALE" and "Dedale" give "dedale"). Comparison only; never stored as text
// a reader sees. Invalid UTF-8 is returned as it is.
std::string folded(std::string_view s);

// folded() cut into words: letters and digits kept, apostrophes dropped ("Allspaw's" and
// "Allspaw’s" are "allspaws"), every other character a single space between words.
std::string folded_words(std::string_view s);

}  // namespace resgraph::text
