// The importer's classification rules, in one place: what a heading, a URL or a phrase says
// about the type of the items under or behind it. Read this file to know how a list is read.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace resgraph::importers {

// A heading that names a kind of resource ("Selected talks", "Papers", "SRE Podcasts").
std::optional<std::string> type_of_heading(std::string_view heading);
// A heading that is only a type, perhaps qualified: "Articles", "Selected talks", "Blog Posts";
// not "Blameless postmortems", a theme that holds a type's word.
bool is_plain_type_heading(std::string_view heading);
// Headings whose lists are navigation or housekeeping, never resources.
bool is_skipped_heading(std::string_view heading);
// What a URL says about the resource behind it (video sites mean talks, doi/pdf mean papers).
std::optional<std::string> type_of_url(std::string_view url);
// What words in an item's text say ("podcast", "the paper", "talk").
std::optional<std::string> type_of_text(std::string_view text);
// Link texts that annotate an item (slides, video, a review's initials) rather than name one.
bool is_annotation_label(std::string_view label);
// Whether a heading can be a theme its entries are about: not "Introduction", "Resources",
// "Credits" and other headings that only organize the page.
bool is_theme_heading_text(std::string_view heading);
// Titles that say nothing on their own ("Interview", "AMA"): qualified by event or date.
bool is_generic_title(std::string_view title);
// Words that start capitalized yet are not part of a person's name.
bool is_name_stopword(std::string_view word);

// Headings that hold one kind of a person's or organization's output ("Concepts", "Selected
// publications", "Contributions", "Talks", "Blog posts"): written at the same level as the
// person's heading, they still belong to it.
bool is_generic_subsection(std::string_view heading);

// The shapes of list the community keeps, each read by a reader of its own. A section's shape
// comes from its heading (shape_of_heading), else from its parent's, else from its entries.
enum class Shape {
  reading,        // works by theme, with their authors: the default
  people,         // a directory of people, each a heading or an entry, with their works
  organizations,  // entries grouped by organization (headings or <details> blocks)
  incidents,      // a catalogue of incident reports: "[Company](url). What happened."
  glossary,       // terms, laws and concepts, with who named them
  dated,          // a numbered or dated list: offered as a trail
  bibliography,   // "Author: Title, Venue, Year, doi:..." citations
};
std::optional<Shape> shape_of_heading(std::string_view heading);
const char* shape_name(Shape shape);

// A URL that is a site's front page ("https://sre.google/"): an organization or a website,
// never a work.
bool is_home_page(std::string_view url);

}  // namespace resgraph::importers
