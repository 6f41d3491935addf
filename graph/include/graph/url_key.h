// Normalization keys for deduplication: two inputs that name the same resource give one key.
#pragma once

#include <string>
#include <string_view>

#include "graph/status.h"

namespace resgraph {

// Scheme-less, lower-case host without "www.", default port dropped, trailing slash and
// tracking parameters (utm_*, fbclid, gclid, ...) removed, remaining query sorted, no fragment.
// http and https therefore give the same key. Fails on text that is not an absolute http(s) URL.
Result<std::string> url_key(std::string_view url);

// The words of the title as text::folded_words gives them: case, accents, width and punctuation
// do not tell two titles apart.
std::string title_key(std::string_view title);

// A URL-safe slug from a title: lower-case ASCII letters, digits and single dashes.
std::string slugify(std::string_view title);

}  // namespace resgraph
