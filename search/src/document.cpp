// What a node looks like to search: its own text plus the names of the people, concepts and
// events it is linked to, so "author:cook" finds Cook's papers.
#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <cctype>
#include <string_view>

#include "graph/identifiers.h"
#include "impl.h"
#include "search/fields.h"

namespace resgraph::search {
namespace {

std::string prefix_of(std::string_view name) {
  for (const auto& f : fields())
    if (f.name == name) return std::string(f.prefix);
  return {};
}

}  // namespace

std::string unique_term(const std::string& id) { return prefix_of("id") + id; }

std::string exact_key(std::string_view text) {
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) || u >= 0x80)
      out.push_back(static_cast<char>(std::tolower(u)));
    else if (!out.empty() && out.back() != ' ')
      out.push_back(' ');
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out.size() > 200 ? std::string() : out;  // Xapian terms stop at 245 bytes
}

namespace {

// A title as a whole is a term, and so is a person's surname alone: the query "Allspaw" puts
// the person John Allspaw before the many talks with his name in their titles.
void add_exact_names(Xapian::Document& doc, const Node& n) {
  const std::string whole = exact_key(n.title);
  if (whole.empty()) return;
  doc.add_term(kExactPrefix + whole);
  if (n.type == "person")
    if (auto space = whole.rfind(' '); space != std::string::npos)
      doc.add_term(kExactPrefix + whole.substr(space + 1));
}

}  // namespace

std::optional<Xapian::Document> build_document(const Store& store, const std::string& id,
                                               Xapian::TermGenerator& tg) {
  auto node = store.get_node(id);
  if (!node) return std::nullopt;
  const Node& n = *node;
  Xapian::Document doc;
  tg.set_document(doc);
  // The title counts three times in the unprefixed text, so it outranks a summary mention.
  tg.index_text(n.title, 1, prefix_of("title"));
  tg.index_text(n.title, 3);
  tg.increase_termpos();
  tg.index_text(n.summary, 1, prefix_of("summary"));
  tg.index_text(n.summary);
  tg.increase_termpos();

  auto edges = store.edges_of(n.id, Direction::both, "", 1000);
  int degree = edges ? static_cast<int>(edges->size()) : 0;
  // People, concepts and events lend their names to the works linked to them; they need
  // nothing from their own neighbours but the count.
  bool takes_names =
      n.type != "person" && n.type != "concept" && n.type != "event" && n.type != "organization";
  if (edges && takes_names) {
    for (const auto& e : *edges) {
      std::string other = e.from == n.id ? e.to : e.from;
      auto neighbour = store.get_node(other);
      if (!neighbour) continue;
      const char* field = nullptr;
      if (neighbour->type == "person")
        field = "author";
      else if (neighbour->type == "concept")
        field = "concept";
      else if (neighbour->type == "event")
        field = "event";
      if (!field) continue;
      tg.index_text(neighbour->title, 1, prefix_of(field));
      tg.index_text(neighbour->title);
      tg.increase_termpos();
    }
  }
  // What people said about the node finds it too (comment:...), below its own text in rank.
  if (auto comments = store.comments_of("node", n.id))
    for (const auto& c : *comments) {
      if (c.hidden) continue;
      tg.index_text(c.body, 1, prefix_of("comment"));
      tg.index_text(c.body);
      tg.increase_termpos();
    }
  if (auto* ev = n.attrs.if_contains("event"); ev && ev->is_string()) {
    tg.index_text(std::string(ev->get_string()), 1, prefix_of("event"));
    tg.index_text(std::string(ev->get_string()));
  }
  std::string tags;
  for (const auto& t : n.tags) {
    doc.add_boolean_term(prefix_of("tag") + t);
    tg.index_text(t);
    tags += (tags.empty() ? "" : "\n") + t;
  }
  doc.add_boolean_term(prefix_of("type") + n.type);
  if (n.year) doc.add_boolean_term(prefix_of("year") + std::to_string(n.year));
  if (!n.url.empty())
    if (auto u = boost::urls::parse_uri(n.url)) {
      std::string host = ascii_lower(u->encoded_host());
      if (host.starts_with("www.")) host.erase(0, 4);
      doc.add_boolean_term(prefix_of("site") + host);
    }
  for (const auto& p : n.provenance)
    if (p.is_object())
      if (auto* src = p.as_object().if_contains("source"); src && src->is_string())
        doc.add_boolean_term(prefix_of("source") + ascii_lower(src->get_string()));
  if (auto ids = node_identifiers(n.type, n.attrs))
    for (const auto& [kind, value] : *ids) doc.add_boolean_term(prefix_of(kind) + value);
  doc.add_boolean_term(unique_term(n.id));
  add_exact_names(doc, n);

  if (n.year) doc.add_value(kYear, Xapian::sortable_serialise(n.year));
  doc.add_value(kYearText, n.year ? std::to_string(n.year) : "");
  doc.add_value(kType, n.type);
  doc.add_value(kUpdated, Xapian::sortable_serialise(static_cast<double>(n.updated.at_ms)));
  doc.add_value(kDegree, Xapian::sortable_serialise(degree));
  doc.add_value(kTags, tags);
  doc.set_data(boost::json::serialize(boost::json::object{{"id", n.id},
                                                          {"slug", n.slug},
                                                          {"type", n.type},
                                                          {"title", n.title},
                                                          {"year", n.year},
                                                          {"summary", n.summary.substr(0, 2000)}}));
  return doc;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace resgraph::search
