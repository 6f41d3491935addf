// One entry of a list (or a paragraph that opens with a link) and one link in prose: the
// resource it names, its annotation links, its people, event, date and theme.
#include <algorithm>
#include <regex>

#include "graph/url_key.h"
#include "markdown_walker.h"
#include "text_rules.h"

namespace resgraph::importers {
namespace {

// An entry names a resource in a line or two; a huge one is not an entry, and the text rules
// would only spend time on it.
constexpr size_t kMaxEntryText = 16 << 10;

std::string creator_edge(const std::string& type) {
  return type == "talk" || type == "podcast" || type == "video" ? "presented" : "authored";
}

// "Title (2011)" without the year, which the caller has already read.
std::string without_year(const std::string& s) {
  static const std::regex year(R"(\s*\((?:1[89]|20)\d\d\)\s*)");
  return trim(std::regex_replace(s, year, " "));
}

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Titles that introduce a guest: "Interview with Jez Humble", "A conversation with …".
bool introduces_guest(const std::string& title) {
  std::string t = lower(title);
  for (const char* lead : {"interview", "a conversation", "conversation", "fireside chat", "chat",
                           "ama", "q&a", "podcast", "episode", "an evening"})
    if (t.starts_with(lead)) return true;
  return false;
}

}  // namespace

bool Walker::is_annotation(const std::string& label) const {
  if (is_annotation_label(label)) return true;
  std::string key = title_key(label);
  return !key.empty() && legend_.count(key) > 0;
}

// A link names a person when its text reads like a name and either the file already knows that
// person or the URL is a profile (a social account, a staff or member page).
bool Walker::names_person(const std::string& title, const std::string& url) const {
  if (!looks_like_name(title)) return false;
  if (title.find(' ') != std::string::npos && g_.known_person(title)) return true;
  std::string u = lower(url);
  for (const char* profile : {"twitter.com/", "linkedin.com/in/", "/people/", "member", "/about",
                              "/author/", "/profile", "/staff/", "/~", "wikipedia.org/wiki/",
                              "orcid.org/", "://x.com/", "mastodon.", "bsky.app/profile"})
    if (u.find(profile) != std::string::npos) return true;
  // github.com/USER (one path segment) is a person's page; github.com/USER/REPO is a project.
  static const std::regex github_user(R"(^https?://github\.com/[A-Za-z0-9-]+/?$)");
  return std::regex_match(u, github_user);
}

std::string Walker::item_type(const std::string& url, const std::string& title,
                              const std::string& outside, bool credited) const {
  std::optional<std::string> heading = context_type();
  std::optional<std::string> by_url = url.empty() ? std::nullopt : type_of_url(url);
  // What the entry says of itself ("- a consultancy", "the podcast"); a title's words say what
  // it is about ("Why Every Company Can…"), so only a medium named in it counts.
  std::optional<std::string> by_text = type_of_text(outside);
  if (!by_text)
    if (auto in_title = type_of_text(title); in_title && *in_title != "organization")
      by_text = in_title;
  // A site's front page is the site, not a work in it, unless someone is credited with it
  // (a work with a site of its own, such as Cook's "How Complex Systems Fail").
  if (!url.empty() && is_home_page(url) && !credited) {
    static const std::set<std::string> sites = {"blog",   "newsletter", "podcast", "tool",
                                                "course", "event",      "website", "organization"};
    if (heading && sites.count(*heading)) return *heading;
    if (by_text && sites.count(*by_text)) return *by_text;
    return "website";
  }
  // A specific heading wins; a generic one ("Readings", "Incidents") yields to the URL.
  bool generic = heading && (*heading == "paper" || *heading == "postmortem");
  if (heading && !generic) return *heading;
  if (by_url && *by_url != "website" && *by_url != "tool" && *by_url != "article") return *by_url;
  if (heading && *heading == "postmortem" && by_url == std::optional<std::string>("tool"))
    return "tool";
  if (heading) return *heading;
  if (by_text) return *by_text;
  if (by_url) return *by_url;
  return "article";
}

std::optional<size_t> Walker::entry(const std::vector<Segment>& segs, int at,
                                    std::optional<size_t> parent) {
  size_t text_bytes = 0;
  for (const auto& s : segs) text_bytes += s.text.size();
  if (text_bytes > kMaxEntryText) {
    g_.plan().skipped.push_back({at, "an entry of more than 16 KiB of text"});
    return std::nullopt;
  }
  size_t main = segs.size();
  for (size_t i = 0; i < segs.size(); ++i) {
    const auto& s = segs[i];
    if (s.url.empty() || s.image || !is_external(s.url) || trim(s.text).empty()) continue;
    main = i;
    break;
  }
  if (main == segs.size()) {
    // Links only to other files of the same list ("topics/x.md") or within the page ("back to
    // top") are navigation.
    bool words_outside_links = false, to_file = false, in_page = false;
    for (const auto& s : segs) {
      if (s.url.empty())
        words_outside_links = words_outside_links || title_key(s.text).size() > 0;
      else if (!is_external(s.url))
        (s.url.starts_with("#") ? in_page : to_file) = true;
    }
    if (to_file || (in_page && !words_outside_links)) {
      g_.plan().skipped.push_back({at, to_file ? "links to another file of the list (navigation)"
                                               : "a link within the page (navigation)"});
      return std::nullopt;
    }
    if (auto cited = citation_entry(segs, at)) return cited;
    // A catalogue's entry names its report by a link; a dated line is one as a timeline has it.
    if (context_shape() == Shape::incidents &&
        parse_item_text(trim(segs.empty() ? "" : segs[0].text)).date.empty()) {
      g_.plan().skipped.push_back(
          {at, "an entry of an incident catalogue with no link to its report"});
      return std::nullopt;
    }
    return plain_entry(segs, at);
  }
  // "Cook, R. I. (1998). How complex systems fail. https://…": a citation with a bare link.
  if (trim(segs[main].text).starts_with("http") && main > 0)
    if (auto cited = citation_entry(segs, at)) return cited;
  if (context_shape() == Shape::incidents)
    if (auto report = incident_entry(segs, main, at)) return report;
  return linked_entry(segs, main, at, parent);
}

std::optional<size_t> Walker::linked_entry(const std::vector<Segment>& segs, size_t main, int at,
                                           std::optional<size_t> parent) {
  AroundLink around =
      around_link(segs, main, [&](const std::string& label) { return is_annotation(label); });
  std::string main_text = trim(segs[main].text);
  // A nested item that is only an annotation ("- [slides](...)") belongs to its parent.
  if (parent && is_annotation(main_text) && trim(around.before).empty()) {
    g_.node(*parent).links.push_back({segs[main].url, main_text});
    for (auto& a : around.annotations) g_.node(*parent).links.push_back(a);
    return std::nullopt;
  }
  // A legend's marker leading an entry names nothing; the entry is what follows it.
  if (is_annotation(main_text) && legend_.count(title_key(main_text)) &&
      trim(around.before).empty())
    around.annotations.insert(around.annotations.begin(), {segs[main].url, main_text});

  std::string full;
  for (const auto& s : segs) full += s.text;
  ItemText parsed = parse_item_text(around.before + segs[main].text + around.after);
  DraftNode d;
  d.provenance = provenance(at);
  d.url = segs[main].url;
  d.title = clean_description(segs[main].text);
  std::string lead = clean_description(parse_item_text(around.before).rest);
  // "The Makeup of … Teams - [Part1](…) & [Part2](…)": the text names it, the links are parts.
  if ((is_annotation(d.title) || d.title.size() < 4) && lead.find(' ') != std::string::npos) {
    d.links.push_back({d.url, d.title});
    d.title = lead;
    while (!d.title.empty() && (d.title.back() == '-' || d.title.back() == ' ')) d.title.pop_back();
  }
  ItemText tail = parse_item_text(clean_description(around.after));
  if (parsed.date.empty()) parsed.date = tail.date;  // "[Title](url) 2012-05-22 - …"
  parsed.event = tail.event;                         // "from …" in the title is part of the title
  d.summary = clean_description(without_year(tail.rest));
  if (d.summary.starts_with("by ") || d.summary.starts_with("with ")) d.summary.clear();
  if (d.summary.size() < 15) d.summary.clear();
  for (auto& a : around.annotations) d.links.push_back(a);
  if (d.title.empty() || title_key(d.title).empty()) {
    g_.plan().skipped.push_back({at, "item has no title"});
    return std::nullopt;
  }
  d.date = parsed.date;
  d.year = d.date.empty() ? find_year(full) : std::stoi(d.date.substr(0, 4));
  bool credited = context_owner(HeadingKind::person) || !parsed.with.empty() ||
                  !authors_in(around.before + " " + around.after).empty() ||
                  !possessive_name(around.before).empty() ||
                  d.title.find(" by ") != std::string::npos;
  // A long title names a work even behind a site's front page (often a moved article).
  credited = credited || std::count(d.title.begin(), d.title.end(), ' ') >= 6;
  d.type = item_type(d.url, d.title, around.before + " " + around.after, credited);
  if (d.type == "person" || names_person(d.title, d.url)) {
    size_t p = person(d.title, d.url, at,
                      d.type == "person" ? "an entry under a people heading"
                                         : "a link to a profile page with a person's name");
    for (size_t i : around.secondary)
      if (names_person(trim(segs[i].text), segs[i].url))
        link_theme(person(trim(segs[i].text), segs[i].url, at, "a profile link"), at);
    link_theme(p, at);
    return p;
  }
  if (d.type == "postmortem" && d.date.empty()) {  // "Availability Report: August 2024"
    d.date = find_date(d.title);
    if (!d.date.empty()) d.year = std::stoi(d.date.substr(0, 4));
  }
  d.why = "a link in a list entry, typed " + d.type + " by " +
          (context_type() ? "its section's heading" : "its URL and wording");
  // "from …" is where a talk was given; for a podcast episode it is the show.
  if (!parsed.event.empty()) d.attrs[d.type == "podcast" ? "series" : "event"] = parsed.event;
  if (is_generic_title(d.title))
    d.title += parsed.event.empty() ? " (" + (d.date.empty() ? std::to_string(at) : d.date) + ")"
                                    : " at " + parsed.event;
  std::string type = d.type, title = d.title;
  size_t n = g_.add_node(std::move(d));
  // People named outside the title, and in it only as a byline ("Keys to SRE by Ben Treynor").
  link_people(n, around.before + " " + around.after, title, around.before, parsed.with, at);
  g_.mention_known_people(n, full, provenance(at));
  link_event(n, parsed.event, type, at);
  for (size_t i : around.secondary)
    g_.add_edge(n, secondary_node(segs[i], at), "mentions", provenance(at));
  if (parent) g_.add_edge(n, *parent, "related", provenance(at));
  link_theme(n, at);
  return n;
}

// The people of a work: the section's person (or its organization), co-presenters, "by …"
// authors outside the title or as the title's byline, possessives, an interview's guest.
void Walker::link_people(size_t n, const std::string& outside, const std::string& title,
                         const std::string& before, const std::vector<std::string>& with, int at) {
  std::string creator = creator_edge(g_.node(n).type);
  auto prov = provenance(at);
  std::vector<size_t> creators;
  auto credit = [&](const std::string& who, const char* why) {
    size_t p = person(who, "", at, why);
    g_.add_edge(p, n, creator, prov);
    creators.push_back(p);
  };
  if (auto owner = context_owner(HeadingKind::person)) {
    g_.add_edge(*owner, n, creator, prov);
    creators.push_back(*owner);
  }
  if (auto org = context_owner(HeadingKind::organization))
    g_.add_edge(n, *org, "published_by", prov);
  for (const auto& who : with) credit(who, "\"(w/ NAME)\" after a talk");
  for (const auto& who : authors_in(outside)) credit(who, "\"by NAME\" beside an entry");
  if (auto by = title.rfind(" by "); by != std::string::npos)  // "Keys to SRE by Ben Treynor"
    for (const auto& who : authors_in(title.substr(by)))
      if (looks_like_name(who)) credit(who, "a byline in the title");
  if (creator == "authored")  // "(2017) with David Woods and Richard Cook": co-authors
    if (auto w = outside.find(" with "); w != std::string::npos)
      for (const auto& who : authors_in(" by " + outside.substr(w + 6)))
        credit(who, "\"with NAME\" beside a paper");
  if (std::string owner = possessive_name(before); !owner.empty())
    credit(owner, "a possessive before the link (\"NAME's\")");
  static const std::regex with_person(R"(\bwith ((?:[A-Z][\w.\-]+ ?){2,4})$)");
  std::smatch m;
  if (introduces_guest(title) && std::regex_search(title, m, with_person) &&
      looks_like_name(trim(m[1])))
    g_.add_edge(n, person(trim(m[1]), "", at, "the guest a title introduces"), "mentions", prov);
  // A surname that meets nobody is kept as text, so the work still says who made it.
  std::string byline;
  bool tentative = false;
  for (size_t p : creators) {
    byline += (byline.empty() ? "" : ", ") + g_.node(p).title;
    tentative = tentative || g_.node(p).tentative;
  }
  if (tentative) g_.node(n).attrs["byline"] = byline;
}

size_t Walker::secondary_node(const Segment& seg, int at) {
  std::string title = trim(seg.text);
  if (names_person(title, seg.url)) return person(title, seg.url, at, "a profile link");
  DraftNode s;
  s.title = title;
  s.url = seg.url;
  s.type = is_home_page(seg.url) ? "website" : type_of_url(s.url).value_or("website");
  s.provenance = provenance(at);
  s.why = "a second link in an entry";
  return g_.add_node(std::move(s));
}

// An entry without a link: "Drift into Failure (2011) - a description", "Safety-II: a
// description" (concepts), "2012-09-25 Interview with Jez Humble" (a dated list).
std::optional<size_t> Walker::plain_entry(const std::vector<Segment>& segs, int at) {
  std::string full;
  for (const auto& s : segs) full += s.text;
  ItemText parsed = parse_item_text(full);
  std::optional<std::string> type = context_type();
  bool dated = !parsed.date.empty();
  // Under a person's own section ("Contributions"): a dated title is a work of theirs, an
  // undated phrase an idea of theirs.
  if (!type && !dated && context_owner(HeadingKind::person))
    type = find_year(full) ? std::optional<std::string>("paper")
                           : std::optional<std::string>("concept");
  if (!(type || dated)) {
    g_.plan().skipped.push_back({at, "no link and no section that names a type"});
    return std::nullopt;
  }
  DraftNode d;
  d.provenance = provenance(at);
  std::string text = clean_description(parsed.rest);
  // Dated chronological lists use " - " inside titles ("PAPod 57 - System Reliability").
  size_t cut = dated ? std::string::npos : text.find(" - ");
  if (cut != std::string::npos) {
    std::string rest = text.substr(cut + 3);
    bool prose =
        std::any_of(rest.begin(), rest.end(), [](unsigned char c) { return std::islower(c); }) &&
        std::count(rest.begin(), rest.end(), ' ') >= 1;
    if (!prose) cut = std::string::npos;
  }
  bool glossary = type == std::optional<std::string>("concept");
  if (cut == std::string::npos && glossary) cut = text.find(": ");
  if (cut != std::string::npos) {
    d.summary = clean_description(text.substr(cut + 2));
    text = text.substr(0, cut);
  }
  d.title = clean_description(without_year(text));
  if (d.title.empty() || title_key(d.title).empty()) {
    g_.plan().skipped.push_back({at, "item has no title"});
    return std::nullopt;
  }
  d.date = parsed.date;
  d.year = d.date.empty() ? find_year(full) : std::stoi(d.date.substr(0, 4));
  d.type = context_type() || !type ? item_type("", d.title, d.summary, true) : *type;
  if (d.type == "person") {
    if (!looks_like_name(d.title)) {
      g_.plan().skipped.push_back({at, "'" + d.title + "' under a people heading is no name"});
      return std::nullopt;
    }
    size_t p = person(d.title, "", at, "an entry under a people heading");
    link_theme(p, at);
    return p;
  }
  d.why = dated ? "a dated entry of a chronological list"
                : "an entry without a link under a heading that names its type (" + d.type + ")";
  if (!parsed.event.empty()) d.attrs[d.type == "podcast" ? "series" : "event"] = parsed.event;
  if (is_generic_title(d.title))
    d.title += parsed.event.empty() ? " (" + (d.date.empty() ? std::to_string(at) : d.date) + ")"
                                    : " at " + parsed.event;
  std::string type_name = d.type, title = d.title, term = d.title, definition = d.summary;
  size_t n = g_.add_node(std::move(d));
  if (glossary) {
    if (auto owner = context_owner(HeadingKind::person))
      g_.add_edge(*owner, n, "authored", provenance(at));
    glossary_people(n, term, definition, at);
  } else {
    link_people(n, definition, title, "", parsed.with, at);
  }
  g_.mention_known_people(n, full, provenance(at));
  link_event(n, parsed.event, type_name, at);
  link_theme(n, at);
  return n;
}

void Walker::prose_link(const std::vector<Segment>& segs, size_t i, int at) {
  // The sentence around link i: back to the last ". ", forward to the next ". " or link.
  std::string before, after;
  for (size_t j = 0; j < i; ++j) before += segs[j].text;
  for (size_t j = i + 1; j < segs.size() && segs[j].url.empty(); ++j) after += segs[j].text;
  if (auto p = before.rfind(". "); p != std::string::npos) before = before.substr(p + 2);
  if (auto p = after.find(". "); p != std::string::npos) after = after.substr(0, p + 1);
  std::string title = trim(segs[i].text);
  std::string url = segs[i].url;
  if (names_person(title, url)) {
    link_theme(person(title, url, at, "a link in prose to a person's page"), at);
    return;
  }
  std::string type = type_of_text(before.substr(before.size() > 40 ? before.size() - 40 : 0))
                         .value_or(type_of_url(url).value_or(context_type().value_or("article")));
  bool credited = !authors_in(after).empty() || !possessive_name(before).empty();
  if (is_home_page(url) && !credited && type != "podcast" && type != "blog" && type != "newsletter")
    type = "website";
  DraftNode d;
  d.type = type;
  d.title = title;
  d.url = url;
  d.year = find_year(after);
  d.provenance = provenance(at);
  d.why = "a link in prose, typed " + type + " by the words before it or its URL";
  size_t n = g_.add_node(std::move(d), true);
  std::string creator = creator_edge(type);
  for (const auto& who : authors_in(after))
    g_.add_edge(person(who, "", at, "\"by NAME\" after a link in prose"), n, creator,
                provenance(at));
  if (std::string owner = possessive_name(before); !owner.empty())
    g_.add_edge(person(owner, "", at, "a possessive before a link in prose"), n, creator,
                provenance(at));
  g_.mention_known_people(n, before + after, provenance(at));
  link_theme(n, at);
}

// "from Velocity 2012": the event a talk was given at (a podcast's "from" is its show, kept
// in attrs.series instead).
void Walker::link_event(size_t n, const std::string& event, const std::string& type, int at) {
  if (event.empty() || type == "podcast") return;
  DraftNode ev;
  ev.type = "event";
  ev.title = event;
  ev.year = find_year(event);
  ev.provenance = provenance(at);
  ev.why = "\"from EVENT\" after a talk";
  g_.add_edge(n, g_.add_node(std::move(ev)), "at_event", provenance(at));
}

}  // namespace resgraph::importers
