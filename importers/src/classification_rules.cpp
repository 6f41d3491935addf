#include "classification_rules.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <utility>

namespace resgraph::importers {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool has_word(const std::string& text, std::string_view word) {
  for (size_t pos = text.find(word); pos != std::string::npos; pos = text.find(word, pos + 1)) {
    bool left = pos == 0 || !std::isalpha(static_cast<unsigned char>(text[pos - 1]));
    size_t end = pos + word.size();
    bool right = end >= text.size() || !std::isalpha(static_cast<unsigned char>(text[end]));
    if (left && right) return true;
  }
  return false;
}

// Heading words -> node type. Checked in order; the first word found decides.
constexpr std::array<std::pair<std::string_view, std::string_view>, 47> kHeadingTypes = {{
    {"incident reports", "postmortem"},
    {"postmortems", "postmortem"},
    {"post-mortems", "postmortem"},
    {"post mortems", "postmortem"},
    {"major incidents", "postmortem"},
    {"analysis reports", "postmortem"},
    {"incident reviews", "postmortem"},
    {"outages", "postmortem"},
    {"reports", "report"},
    {"theses", "thesis"},
    {"dissertations", "thesis"},
    {"publications", "paper"},
    {"papers", "paper"},
    {"paper", "paper"},
    {"readings", "paper"},
    {"reading list", "paper"},
    {"research", "paper"},
    {"talks", "talk"},
    {"talk", "talk"},
    {"videos", "talk"},
    {"video", "talk"},
    {"presentations", "talk"},
    {"keynotes", "talk"},
    {"webinars", "talk"},
    {"podcasts", "podcast"},
    {"podcast", "podcast"},
    {"books", "book"},
    {"book", "book"},
    {"newsletters", "newsletter"},
    {"blogs", "blog"},
    {"blog posts", "article"},
    {"articles", "article"},
    {"concepts", "concept"},
    {"conferences", "event"},
    {"meetups", "event"},
    {"events", "event"},
    {"tools", "tool"},
    {"courses", "course"},
    {"organizations", "organization"},
    {"topics", "concept"},
    {"questions", "question"},
    {"websites", "website"},
    {"video collections", "video"},
    {"companies", "organization"},
    {"people", "person"},
    {"researchers", "person"},
    {"laws", "concept"},
}};

// Sub-section headings that belong to the person or organization heading above them.
constexpr std::array<std::string_view, 9> kGenericSubsectionWords = {
    "selected", "key", "notable", "recent", "other", "some", "contributions", "bio", "biography"};

// Heading words -> the shape of the section's list. Checked in order.
constexpr std::array<std::pair<std::string_view, Shape>, 27> kHeadingShapes = {{
    {"people", Shape::people},
    {"researchers", Shape::people},
    {"authors", Shape::people},
    {"speakers", Shape::people},
    {"who to follow", Shape::people},
    {"organizations", Shape::organizations},
    {"organisations", Shape::organizations},
    {"companies", Shape::organizations},
    {"incident reports", Shape::incidents},
    {"postmortems", Shape::incidents},
    {"post-mortems", Shape::incidents},
    {"post mortems", Shape::incidents},
    {"outages", Shape::incidents},
    {"major incidents", Shape::incidents},
    {"glossary", Shape::glossary},
    {"laws", Shape::glossary},
    {"terms", Shape::glossary},
    {"terminology", Shape::glossary},
    {"definitions", Shape::glossary},
    {"principles", Shape::glossary},
    {"concepts", Shape::glossary},
    {"bibliography", Shape::bibliography},
    {"references", Shape::bibliography},
    {"works cited", Shape::bibliography},
    {"citations", Shape::bibliography},
    {"timeline", Shape::dated},
    {"trail", Shape::dated},
}};

// A list's own housekeeping: who made it, how to help, where its banner image is from.
constexpr std::array<std::string_view, 13> kSkippedHeadings = {
    "contents", "table of contents", "contributing",    "license", "toc",
    "index",    "acknowledgements",  "acknowledgments", "credits", "see also",
    "sponsors", "code of conduct",   "changelog"};

// URL fragments -> node type. Checked in order: the more specific patterns first.
constexpr std::array<std::pair<std::string_view, std::string_view>, 30> kUrlTypes = {{
    {"youtube.com/playlist", "video"},
    {"youtube.com/watch", "talk"},
    {"youtu.be/", "talk"},
    {"vimeo.com/", "talk"},
    {"infoq.com/presentations", "talk"},
    {"/presentation/", "talk"},
    {"slideshare.net/", "talk"},
    {"speakerdeck.com/", "talk"},
    {"podcasts.apple.com", "podcast"},
    {"open.spotify.com/show", "podcast"},
    {"podcast", "podcast"},
    {"doi.org/", "paper"},
    {"arxiv.org/", "paper"},
    {"researchgate.net/publication", "paper"},
    {"researchgate.net/profile", "paper"},
    {"sciencedirect.com/", "paper"},
    {"ieeexplore.ieee.org", "paper"},
    {"link.springer.com/article", "paper"},
    {"citeseerx", "paper"},
    {"dl.acm.org", "paper"},
    {".pdf", "paper"},
    {"amazon.com/", "book"},
    {"goodreads.com/book", "book"},
    {"/book", "book"},
    {"/blob/", "article"},
    {"meetup.com/", "event"},
    {"://twitter.com/", "website"},
    {"://www.twitter.com/", "website"},
    {"github.com/", "tool"},
    {"medium.com/", "article"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kTextTypes = {{
    {"podcast", "podcast"},
    {"the paper", "paper"},
    {"white paper", "paper"},
    {"talk", "talk"},
    {"keynote", "talk"},
    {"video", "talk"},
    {"the book", "book"},
    {"newsletter", "newsletter"},
    {"blog", "blog"},
    {"consultancy", "organization"},
    {"company", "organization"},
    {"community", "organization"},
}};

constexpr std::array<std::string_view, 16> kAnnotationLabels = {
    "slides", "video",     "videos", "transcript", "pdf",  "review", "notes", "summary",
    "audio",  "recording", "paper",  "code",       "demo", "part1",  "part2", "part3"};

constexpr auto kAnnotationWords = std::to_array<std::string_view>(
    {"version", "read online", "read free", "download", "mirror", "archived", "archive copy",
     "free copy", "read it here", "full text", "preprint"});

// Headings that organize a page without being a theme its entries are about.
constexpr auto kNonThemeHeadings = std::to_array<std::string_view>({"introduction",
                                                                    "overview",
                                                                    "resources",
                                                                    "other resources",
                                                                    "misc",
                                                                    "miscellaneous",
                                                                    "general",
                                                                    "other",
                                                                    "more",
                                                                    "links",
                                                                    "extras",
                                                                    "credits",
                                                                    "about",
                                                                    "related",
                                                                    "references",
                                                                    "bibliography",
                                                                    "further reading",
                                                                    "sources",
                                                                    "notes",
                                                                    "works cited",
                                                                    "citations"});

constexpr std::array<std::string_view, 10> kGenericTitles = {
    "interview", "ama",  "video ama",     "keynote",          "panel",
    "q&a",       "talk", "fireside chat", "panel discussion", "lightning talk"};

// Capitalized words that start titles and name things, never people.
constexpr auto kNameStopwords = std::to_array<std::string_view>({
    "The",         "A",           "An",           "In",      "On",          "Of",
    "And",         "For",         "To",           "With",    "From",        "At",
    "By",          "Is",          "This",         "That",    "How",         "Why",
    "What",        "When",        "Where",        "Who",     "Engineering", "Systems",
    "System",      "Safety",      "Resilience",   "Complex", "Human",       "Site",
    "Reliability", "Software",    "Google",       "Netflix", "Etsy",        "PhD",
    "Dr",          "Prof",        "Part",         "Chapter", "Association", "Account",
    "Team",        "Teams",       "Weekly",       "Blog",    "Podcast",     "Labs",
    "Community",   "Conference",  "Group",        "Company", "Inc",         "Tech",
    "Summit",      "Meetup",      "Using",        "Our",     "Your",        "My",
    "We",          "It",          "All",          "New",     "Open",        "Source",
    "Web",         "Data",        "Cloud",        "Service", "Services",    "Platform",
    "Incident",    "Incidents",   "Production",   "Project", "Other",       "Resources",
    "Not",         "Introducing", "Introduction", "Guide",   "Report",      "Review",
});

}  // namespace

std::optional<std::string> type_of_heading(std::string_view heading) {
  std::string h = lower(heading);
  // A heading that asks ("What if I have other questions?") is a FAQ's entry, not a type.
  if (!h.empty() && h.back() == '?') return std::nullopt;
  // "Researchers" heads a list of people; "How organizations run reliability" is a title.
  bool short_heading = std::count(h.begin(), h.end(), ' ') < 3;
  for (const auto& [word, type] : kHeadingTypes)
    if (has_word(h, word) && (short_heading || (type != "person" && type != "organization")))
      return std::string(type);
  return std::nullopt;
}

bool is_skipped_heading(std::string_view heading) {
  std::string h = lower(heading);
  return std::find(kSkippedHeadings.begin(), kSkippedHeadings.end(), h) != kSkippedHeadings.end();
}

std::optional<std::string> type_of_url(std::string_view url) {
  std::string u = lower(url);
  for (const auto& [fragment, type] : kUrlTypes)
    if (u.find(fragment) != std::string::npos) return std::string(type);
  return std::nullopt;
}

std::optional<std::string> type_of_text(std::string_view text) {
  std::string t = lower(text);
  for (const auto& [word, type] : kTextTypes)
    if (has_word(t, word)) return std::string(type);
  return std::nullopt;
}

bool is_annotation_label(std::string_view label) {
  std::string l = lower(label);
  if (l.size() >= 2 && l.front() == '[' && l.back() == ']') l = l.substr(1, l.size() - 2);
  if (std::find(kAnnotationLabels.begin(), kAnnotationLabels.end(), l) != kAnnotationLabels.end())
    return true;
  if (l.starts_with("part ") || l.starts_with("episode ")) return true;
  // "Read free online version hosted by Google", "Portable version", "archived copy": another
  // way to the same work.
  if (std::count(l.begin(), l.end(), ' ') < 7)
    for (auto word : kAnnotationWords)
      if (has_word(l, word)) return true;
  // Reviewers' initials, as in ([TWRR](...)) or ([BH](...)).
  return label.size() >= 2 && label.size() <= 5 &&
         std::all_of(label.begin(), label.end(), [](unsigned char c) { return std::isupper(c); });
}

bool is_theme_heading_text(std::string_view heading) {
  std::string h = lower(heading);
  if (is_generic_subsection(heading)) return false;  // "Contributions" is no theme
  return std::find(kNonThemeHeadings.begin(), kNonThemeHeadings.end(), h) ==
         kNonThemeHeadings.end();
}

bool is_generic_title(std::string_view title) {
  std::string t = lower(title);
  return std::find(kGenericTitles.begin(), kGenericTitles.end(), t) != kGenericTitles.end();
}

bool is_generic_subsection(std::string_view heading) {
  std::string h = lower(heading);
  size_t words = 1 + std::count(h.begin(), h.end(), ' ');
  if (words > 3) return false;
  for (auto w : kGenericSubsectionWords)
    if (has_word(h, w)) return true;
  auto type = type_of_heading(heading);
  return type && *type != "person" && *type != "organization" && *type != "event";
}

bool is_plain_type_heading(std::string_view heading) {
  static const std::set<std::string, std::less<>> qualifiers = {
      "selected", "key",  "recent", "notable", "other", "some", "more", "further",
      "major",    "blog", "video",  "and",     "&",     "our",  "my"};
  std::string h = lower(heading);
  if (!type_of_heading(heading)) return false;
  std::string word;
  for (char c : h + " ") {
    if (c != ' ') {
      word.push_back(c);
      continue;
    }
    if (word.empty()) continue;
    bool type_word = std::any_of(kHeadingTypes.begin(), kHeadingTypes.end(),
                                 [&](const auto& t) { return t.first == word; });
    if (!type_word && !qualifiers.count(word)) return false;
    word.clear();
  }
  return true;
}

std::optional<Shape> shape_of_heading(std::string_view heading) {
  std::string h = lower(heading);
  // "People" or "Companies" heads a directory; "How organizations run reliability" is a title.
  bool short_heading = std::count(h.begin(), h.end(), ' ') < 3;
  for (const auto& [word, shape] : kHeadingShapes)
    if (has_word(h, word) &&
        (short_heading || (shape != Shape::people && shape != Shape::organizations)))
      return shape;
  return std::nullopt;
}

const char* shape_name(Shape shape) {
  switch (shape) {
    case Shape::reading:
      return "reading";
    case Shape::people:
      return "people";
    case Shape::organizations:
      return "organizations";
    case Shape::incidents:
      return "incidents";
    case Shape::glossary:
      return "glossary";
    case Shape::dated:
      return "dated";
    case Shape::bibliography:
      return "bibliography";
  }
  return "reading";
}

bool is_home_page(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return false;
  auto path = url.find('/', scheme + 3);
  if (path == std::string_view::npos) return url.find('?') == std::string_view::npos;
  std::string_view rest = url.substr(path);
  return rest == "/" || rest == "/index.html" || rest == "/en/" || rest == "/en";
}

bool is_name_stopword(std::string_view word) {
  return std::find(kNameStopwords.begin(), kNameStopwords.end(), word) != kNameStopwords.end();
}

}  // namespace resgraph::importers
