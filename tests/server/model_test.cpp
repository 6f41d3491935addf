// Model-based: random sequences of API operations (create, patch with current and stale
// revisions, link, unlink, delete, revert, trail edits, import) run against the real `resgraph
// serve` and against an in-memory model of what the graph must then be. Each answer is checked
// against the model's prediction, and every 25 operations the server is killed with SIGKILL,
// restarted, and its whole graph compared with the model: nothing acknowledged is lost, and
// nothing refused is there.
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "process.h"
#include "server_fixture.h"

namespace resgraph::testing {
namespace {

struct ModelNode {
  std::string type;
  int title = 0;  // the title is "Work N" or "Person N"
  int64_t rev = 1;
  bool deleted = false;
  std::map<int64_t, int> titles;  // revision -> title number, for reverts
};

struct ModelEdge {
  std::string from, to;
};

class ModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir.sub("dataset"));
    contributor = trim(run("user add carl --role contributor --data-dir " + dir.sub("var")).out);
    moderator = trim(run("user add mona --role moderator --data-dir " + dir.sub("var")).out);
    ASSERT_FALSE(contributor.empty());
    restart(SIGTERM);
  }
  void TearDown() override { server.stop(SIGTERM); }

  void restart(int signal) {
    server.stop(signal);
    port = server.start(dir.sub("var"), dir.sub("dataset"));
    ASSERT_NE(port, 0);
  }
  ClientResponse call(const std::string& method, const std::string& target, const std::string& body,
                      const std::string& token, std::optional<int64_t> if_match = {}) {
    std::vector<std::pair<std::string, std::string>> headers = {
        {"Authorization", "Bearer " + token}};
    if (if_match) headers.emplace_back("If-Match", "\"" + std::to_string(*if_match) + "\"");
    auto r = server::http_request("127.0.0.1", port, method, target, body, headers, 10);
    EXPECT_TRUE(r.is_ok()) << method << " " << target << ": " << r.status().message();
    return r.is_ok() ? *r : ClientResponse{};
  }
  static json::object obj(const ClientResponse& r) {
    boost::system::error_code ec;
    auto v = json::parse(r.body, ec);
    return !ec && v.is_object() ? v.as_object() : json::object{};
  }
  static std::string title_of(const std::string& type, int n) {
    return (type == "person" ? "Person " : "Work ") + std::to_string(n);
  }

  // The live node of `type` titled N, if the model has one.
  std::string holder(const std::string& type, int n, const std::string& except = "") const {
    for (const auto& [id, m] : nodes)
      if (!m.deleted && m.type == type && m.title == n && id != except) return id;
    return {};
  }
  std::vector<std::string> live() const {
    std::vector<std::string> out;
    for (const auto& [id, m] : nodes)
      if (!m.deleted) out.push_back(id);
    return out;
  }
  std::string any(const std::vector<std::string>& ids) {
    return ids.empty() ? std::string()
                       : ids[std::uniform_int_distribution<size_t>(0, ids.size() - 1)(rng)];
  }
  int number() { return std::uniform_int_distribution<int>(0, 30)(rng); }

  void create() {
    std::string type = rng() % 3 ? "paper" : "person";
    int n = number();
    auto r =
        call("POST", "/api/nodes",
             R"({"type":")" + type + R"(","title":")" + title_of(type, n) + "\"}", contributor);
    if (!holder(type, n).empty()) {
      EXPECT_EQ(r.status, 409u) << r.body;
      return;
    }
    ASSERT_EQ(r.status, 201u) << r.body;
    std::string id(obj(r).at("id").as_string());
    nodes[id] = {type, n, 1, false, {{1, n}}};
  }
  void patch() {
    std::string id = any(live());
    if (id.empty()) return;
    ModelNode& m = nodes[id];
    bool stale = m.rev > 1 && rng() % 4 == 0;
    int n = number();
    auto r = call("PATCH", "/api/nodes/" + id, R"({"title":")" + title_of(m.type, n) + "\"}",
                  contributor, stale ? m.rev - 1 : m.rev);
    if (stale || (!holder(m.type, n, id).empty())) {
      EXPECT_EQ(r.status, 409u) << r.body;
      return;
    }
    ASSERT_EQ(r.status, 200u) << r.body;
    m.titles[++m.rev] = n;  // every acknowledged write is a revision, a same title too
    m.title = n;
  }
  void remove() {
    std::string id = any(live());
    if (id.empty()) return;
    ModelNode& m = nodes[id];
    auto r = call("DELETE", "/api/nodes/" + id, "", moderator, m.rev);
    ASSERT_EQ(r.status, 200u) << r.body;
    m.deleted = true;
    ++m.rev;
    std::erase_if(edges, [&](const auto& e) { return e.second.from == id || e.second.to == id; });
  }
  void revert() {
    std::vector<std::string> ids;
    for (const auto& [id, m] : nodes) ids.push_back(id);
    std::string id = any(ids);
    if (id.empty()) return;
    ModelNode& m = nodes[id];
    auto [rev, n] = *std::next(m.titles.begin(), static_cast<long>(rng() % m.titles.size()));
    auto r = call("POST", "/api/nodes/" + id + "/revert", "{\"rev\":" + std::to_string(rev) + "}",
                  moderator, m.rev);
    if (!holder(m.type, n, id).empty()) {
      EXPECT_EQ(r.status, 409u) << r.body;
      return;
    }
    ASSERT_EQ(r.status, 200u) << r.body;
    m.deleted = false;
    m.titles[++m.rev] = n;
    m.title = n;
  }
  void link() {
    std::string from = any(live()), to = any(live());
    if (from.empty() || from == to) return;
    auto r = call("POST", "/api/edges",
                  R"({"from":")" + from + R"(","to":")" + to + R"(","type":"cites"})", contributor);
    bool exists = std::any_of(edges.begin(), edges.end(), [&](const auto& e) {
      return e.second.from == from && e.second.to == to;
    });
    if (exists) {
      EXPECT_EQ(r.status, 409u) << r.body;
      return;
    }
    ASSERT_EQ(r.status, 201u) << r.body;
    edges[std::string(obj(r).at("id").as_string())] = {from, to};
  }
  void unlink() {
    if (edges.empty()) return;
    auto it = std::next(edges.begin(), static_cast<long>(rng() % edges.size()));
    auto r = call("DELETE", "/api/edges/" + it->first, "", contributor);
    ASSERT_EQ(r.status, 200u) << r.body;
    edges.erase(it);
  }
  // One trail, its steps replaced with live nodes, or reverted to its first revision.
  void trail() {
    std::string steps;
    for (int i = 0; i < 3; ++i) {
      std::string id = any(live());
      if (!id.empty()) steps += std::string(steps.empty() ? "" : ",") + R"({"node":")" + id + "\"}";
    }
    if (trail_rev == 0) {
      auto r = call("POST", "/api/trails", R"({"title":"Model trail","steps":[)" + steps + "]}",
                    contributor);
      ASSERT_EQ(r.status, 201u) << r.body;
      trail_rev = 1;
    } else if (rng() % 3 == 0) {
      auto r =
          call("POST", "/api/trails/model-trail/revert", R"({"rev":1})", contributor, trail_rev);
      ASSERT_EQ(r.status, 200u) << r.body;
      ++trail_rev;
    } else {
      auto r = call("PATCH", "/api/trails/model-trail", R"({"steps":[)" + steps + "]}", contributor,
                    trail_rev);
      ASSERT_EQ(r.status, 200u) << r.body;
      ++trail_rev;
    }
  }
  // An import of a list naming a work the model may already hold: created or merged.
  void import() {
    int n = number();
    std::string list = "# Papers\n\n- [" + title_of("paper", n) + "](https://example.org/works/" +
                       std::to_string(imports++) + ")\n";
    auto r =
        call("POST", "/api/import?format=markdown&source=model&file=model.md", list, contributor);
    ASSERT_EQ(r.status, 200u) << r.body;
    auto summary = obj(r);
    bool had = !holder("paper", n).empty();
    EXPECT_EQ(summary.at("created").as_int64(), had ? 0 : 1) << r.body;
    if (!had) {
      // The new node is found by listing (the search index may lag the write).
      for (const auto& node : all_nodes())
        if (!nodes.count(node.first))
          nodes[node.first] = {"paper", n, node.second.rev, false, {{1, n}}};
    } else {
      ++nodes[holder("paper", n)].rev;  // the import adds its provenance and URL: one revision
    }
  }

  // The whole graph as the server has it: id -> (title number, rev).
  std::map<std::string, ModelNode> all_nodes() {
    std::map<std::string, ModelNode> out;
    std::string cursor;
    do {
      auto r = call("GET", "/api/nodes?limit=1000" + (cursor.empty() ? "" : "&cursor=" + cursor),
                    "", contributor);
      auto page = obj(r);
      for (const auto& v : page["nodes"].as_array()) {
        const auto& o = v.as_object();
        std::string title(o.at("title").as_string());
        out[std::string(o.at("id").as_string())] = {std::string(o.at("type").as_string()),
                                                    std::stoi(title.substr(title.find(' ') + 1)),
                                                    o.at("rev").as_int64()};
      }
      cursor = page["next_cursor"].is_string() ? std::string(page["next_cursor"].as_string()) : "";
    } while (!cursor.empty());
    return out;
  }
  void expect_server_matches_model() {
    auto have = all_nodes();
    std::set<std::string> expected;
    for (const auto& id : live()) expected.insert(id);
    std::set<std::string> got;
    for (const auto& [id, _] : have) got.insert(id);
    ASSERT_EQ(got, expected);
    for (const auto& [id, n] : have) {
      EXPECT_EQ(n.title, nodes[id].title) << id;
      EXPECT_EQ(n.rev, nodes[id].rev) << id;
    }
    size_t stored_edges = 0;
    for (const auto& id : live()) {
      auto r = call("GET", "/api/nodes/" + id + "/edges?direction=out", "", contributor);
      stored_edges += obj(r)["edges"].as_array().size();
    }
    EXPECT_EQ(stored_edges, edges.size());
  }

  TempDir dir;
  ServeProcess server;
  uint16_t port = 0;
  std::string contributor, moderator;
  std::mt19937 rng{20261201};
  std::map<std::string, ModelNode> nodes;
  std::map<std::string, ModelEdge> edges;
  int64_t trail_rev = 0;
  int imports = 0;
};

}  // namespace

TEST_F(ModelTest, RandomOperationsAgreeWithTheModelAcrossKills) {
  for (int step = 1; step <= 200 && !HasFatalFailure(); ++step) {
    switch (rng() % 10) {
      case 0:
      case 1:
      case 2:
        create();
        break;
      case 3:
      case 4:
        patch();
        break;
      case 5:
        link();
        break;
      case 6:
        rng() % 2 ? unlink() : remove();
        break;
      case 7:
        revert();
        break;
      case 8:
        trail();
        break;
      case 9:
        import();
        break;
    }
    if (step % 25 == 0) {
      restart(SIGKILL);
      expect_server_matches_model();
    }
  }
  // The sequence reached every kind of outcome, or the test proves less than it says.
  EXPECT_GT(live().size(), 5u);
  EXPECT_GT(edges.size(), 2u);
  EXPECT_GT(trail_rev, 2);
  EXPECT_GT(imports, 5);
  EXPECT_TRUE(
      std::any_of(nodes.begin(), nodes.end(), [](const auto& n) { return n.second.deleted; }));
  std::cerr << live().size() << " live nodes, " << nodes.size() - live().size() << " deleted, "
            << edges.size() << " edges, trail at revision " << trail_rev << "\n";
  auto check = run("check --data-dir " + dir.sub("var"));
  EXPECT_EQ(check.code, 0) << check.out;
}

}  // namespace resgraph::testing
