// Reading facts out of an item's plain text: dates, events, co-presenters and the people a
// sentence names. Pure functions over strings, tested on their own.
#pragma once

#include <string>
#include <vector>

namespace resgraph::importers {

struct ItemText {
  std::string date;               // YYYY-MM-DD, YYYY-MM or YYYY; empty when none
  std::string event;              // from "from Velocity 2014"
  std::vector<std::string> with;  // from "(w/ Paul Hammond)"
  std::string rest;               // the text with the date, "(w/ …)" and "from …" taken out
};

// Splits "2009-06-23 10+ Deploys Per Day (w/ Paul Hammond) from Velocity 2009".
ItemText parse_item_text(const std::string& text);
// A date written in words or digits: "2017-02-28", "February 28, 2017", "28 Feb 2017",
// "March 2017" -> "2017-02-28", "2017-03"; empty when none.
std::string find_date(const std::string& text);
// A year in "(2012)", "published in 1997", "written in 1983", or an event such as "Velocity 2014".
int find_year(const std::string& text);
// People a sentence names as authors: "by Richard I. Cook", "by Christoffersen and Woods",
// "by Nicole Forsgren PhD, Jez Humble, and Gene Kim".
std::vector<std::string> authors_in(const std::string& text);
// A possessive naming a person before a link: "John Allspaw's talk", "Woods's".
std::string possessive_name(const std::string& text_before_link);
// Whether text reads like a person's name: 1 to 4 capitalized words, no title words.
bool looks_like_name(const std::string& text, size_t min_words = 2);
// A key under which variants of one person's name meet: first and last word, lower-case
// ("Richard I. Cook" and "Richard Cook" give "richard cook"; "Woods" gives "woods").
std::string person_key(const std::string& name);
std::string trim(const std::string& s);
// The whitespace-separated words of a text.
std::vector<std::string> words_of(const std::string& s);
// Collapses whitespace and trims leading list punctuation ("- ", ": ", "– ").
std::string clean_description(const std::string& s);

}  // namespace resgraph::importers
