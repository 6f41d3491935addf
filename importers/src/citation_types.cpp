// What each format calls resgraph's kinds of work, and people's names in their parts.
#include <algorithm>
#include <cctype>

#include "citation.h"

namespace resgraph::importers {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::string w;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n') {
      if (!w.empty()) out.push_back(std::move(w));
      w.clear();
    } else {
      w.push_back(c);
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

std::string joined(const std::vector<std::string>& w, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) out += (out.empty() ? "" : " ") + w[i];
  return out;
}

}  // namespace

const std::vector<CitationType>& citation_types() {
  // Zotero's own mappings where they exist: presentation <-> speech/SLIDE, blog post <->
  // post-weblog/BLOG, web page <-> webpage/ELEC, podcast <-> broadcast/SOUND.
  static const std::vector<CitationType> table = {
      {"paper", "article", "article-journal", "JOUR", ""},
      {"book", "book", "book", "BOOK", ""},
      {"talk", "misc", "speech", "SLIDE", "Talk"},
      {"report", "techreport", "report", "RPRT", ""},
      {"postmortem", "techreport", "report", "RPRT", "Incident report"},
      {"thesis", "phdthesis", "thesis", "THES", ""},
      {"podcast", "misc", "broadcast", "SOUND", "Podcast"},
      {"video", "misc", "motion_picture", "VIDEO", "Video"},
      {"article", "misc", "post-weblog", "BLOG", "Article"},
      {"blog", "misc", "post-weblog", "BLOG", "Blog"},
      {"website", "misc", "webpage", "ELEC", "Web page"},
      {"newsletter", "misc", "webpage", "ELEC", "Newsletter"},
      {"course", "misc", "webpage", "ELEC", "Course"},
      {"tool", "misc", "software", "COMP", "Software"},
  };
  return table;
}

const CitationType& citation_type_of(std::string_view node_type) {
  const auto& t = citation_types();
  auto it = std::find_if(t.begin(), t.end(),
                         [&](const CitationType& c) { return c.node_type == node_type; });
  return it != t.end() ? *it : t.front();
}

namespace {

// The row a format's type and genre name: where several resgraph types share the format's type
// (report and postmortem are both a techreport), the genre tells them apart; without one, the
// row with no genre, else the first (the table lists the likelier reading first).
const CitationType* row_of(std::string_view CitationType::*column, std::string_view type,
                           std::string_view genre) {
  const CitationType *plain = nullptr, *first = nullptr;
  for (const auto& c : citation_types()) {
    if (c.*column != type) continue;
    if (!genre.empty() && lower(c.howpublished) == lower(genre)) return &c;
    if (!plain && c.howpublished.empty()) plain = &c;
    if (!first) first = &c;
  }
  return plain ? plain : first;
}

}  // namespace

std::string node_type_from_bibtex(std::string_view entry, std::string_view genre) {
  const std::string e = lower(entry);
  if (e == "misc" || e == "online" || e == "electronic" || e == "www") {
    for (const auto& c : citation_types())
      if (c.bibtex == "misc" && !genre.empty() && lower(c.howpublished) == lower(genre))
        return std::string(c.node_type);
    return e == "misc" && genre.empty() ? "article" : "website";
  }
  if (e == "incident") return "postmortem";
  if (const auto* c = row_of(&CitationType::bibtex, e, genre)) return std::string(c->node_type);
  if (e == "inproceedings" || e == "conference" || e == "incollection" || e == "inbook")
    return "paper";
  if (e == "mastersthesis") return "thesis";
  if (e == "proceedings") return "book";
  return "report";  // manual, booklet, unpublished, and types of other tools
}

std::string node_type_from_csl(std::string_view type, std::string_view genre) {
  if (const auto* c = row_of(&CitationType::csl, type, genre)) return std::string(c->node_type);
  if (type == "paper-conference" || type == "chapter" || type == "article") return "paper";
  if (type == "article-magazine" || type == "article-newspaper" || type == "post") return "article";
  if (type == "song" || type == "interview") return "podcast";
  if (type == "manuscript" || type == "document" || type == "standard") return "report";
  return "article";
}

std::string node_type_from_ris(std::string_view type, std::string_view genre) {
  if (const auto* c = row_of(&CitationType::ris, type, genre)) return std::string(c->node_type);
  if (type == "CONF" || type == "CPAPER" || type == "EJOUR" || type == "CHAP") return "paper";
  if (type == "EBOOK" || type == "EDBOOK") return "book";
  if (type == "MPCT") return "video";
  if (type == "MGZN" || type == "NEWS") return "article";
  if (type == "UNPB" || type == "GEN") return "report";
  return "article";
}

PersonName split_name(std::string_view full) {
  std::vector<std::string> w = words(full);
  if (w.size() < 2) return {"", "", joined(w, 0, w.size())};
  // The family name is the last word and the lower-case particles before it (von, van der).
  size_t family = w.size() - 1;
  while (family > 1 && std::islower(static_cast<unsigned char>(w[family - 1][0]))) --family;
  return {joined(w, 0, family), joined(w, family, w.size()), ""};
}

std::string full_name(const PersonName& n) {
  if (!n.literal.empty()) return n.literal;
  if (n.given.empty()) return n.family;
  return n.given + " " + n.family;
}

void read_identifier(Citation& c, std::string_view kind, std::string_view text, int line,
                     std::vector<Skip>& problems, bool report) {
  if (text.empty()) return;
  auto id = normalize_identifier(kind, text);
  for (size_t start = 0; !id && kind == "isbn" && start < text.size();) {
    size_t end = std::min(text.find_first_of(" ,;", start), text.size());
    if (end > start) id = normalize_identifier(kind, text.substr(start, end - start));
    start = end + 1;
  }
  if (id)
    c.ids.emplace_back(std::string(kind), std::move(*id));
  else if (report)
    problems.push_back(Skip{line, std::string(kind) + " '" + std::string(text) +
                                      "' left out: " + id.status().message()});
}

}  // namespace resgraph::importers
