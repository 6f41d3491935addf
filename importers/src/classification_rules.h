// The importer's classification rules, in one place: what a heading, a URL or a phrase says
// about the type of the items under or behind it. Read this file to know how a list is read.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace resgraph::importers {

// A heading that names a kind of resource ("Selected talks", "Papers", "SRE Podcasts").
std::optional<std::string> type_of_heading(std::string_view heading);
// Headings whose lists are navigation or housekeeping, never resources.
bool is_skipped_heading(std::string_view heading);
// What a URL says about the resource behind it (video sites mean talks, doi/pdf mean papers).
std::optional<std::string> type_of_url(std::string_view url);
// What words in an item's text say ("podcast", "the paper", "talk").
std::optional<std::string> type_of_text(std::string_view text);
// Link texts that annotate an item (slides, video, a review's initials) rather than name one.
bool is_annotation_label(std::string_view label);
// Titles that say nothing on their own ("Interview", "AMA"): qualified by event or date.
bool is_generic_title(std::string_view title);
// Words that start capitalized yet are not part of a person's name.
bool is_name_stopword(std::string_view word);

}  // namespace resgraph::importers
