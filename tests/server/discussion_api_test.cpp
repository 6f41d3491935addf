// Discussion over HTTP against a real server: comment threads rendered safely and streamed
// live, hidden by moderators, found by search; patrol marks and the patroller's filters; edge
// history and revert; watches with what changed since the watcher last looked.
#include "live_client.h"
#include "server_fixture.h"

namespace resgraph::testing {
namespace json = boost::json;

TEST_F(ServerTest, CommentsAreSafeMarkdownStreamedLiveAndHiddenByModerators) {
  std::string id = str(create("paper", "Ironies of Automation"), "id");
  WsClient live;
  ASSERT_EQ(live.connect(port), 101u);
  live.send(R"({"type":"subscribe"})");
  ASSERT_TRUE(live.next_of("caught_up"));

  const std::string body =
      R"({"body":"**Bainbridge** 1983 <script>alert(1)</script> [x](javascript:alert(2)) see https://example.org/x"})";
  EXPECT_EQ(call("POST", "/api/nodes/" + id + "/comments", body).status, 401u);  // signed in only
  auto posted = call("POST", "/api/nodes/ironies-of-automation/comments", body, reader);
  ASSERT_EQ(posted.status, 201u) << posted.body;
  auto c = obj(posted);
  const std::string html = str(c, "html");
  EXPECT_NE(html.find("<strong>Bainbridge</strong>"), std::string::npos) << html;
  EXPECT_EQ(html.find("<script"), std::string::npos) << html;
  EXPECT_EQ(html.find("javascript:"), std::string::npos) << html;
  EXPECT_NE(html.find(R"(href="https://example.org/x")"), std::string::npos) << html;  // autolink
  EXPECT_EQ(str(c, "author"), "rita");

  auto streamed = live.next_of("change");
  ASSERT_TRUE(streamed);
  EXPECT_EQ((*streamed)["kind"], "comment.created");
  // A subscription narrowed to the node gets its comments too.
  WsClient narrow;
  ASSERT_EQ(narrow.connect(port), 101u);
  narrow.send(R"({"type":"subscribe","nodes":[")" + id + R"("]})");
  ASSERT_TRUE(narrow.next_of("caught_up"));

  const std::string comment_id = str(c, "id");
  auto reply = call("POST", "/api/nodes/" + id + "/comments",
                    R"({"body":"Yes","reply_to":")" + comment_id + "\"}", contributor);
  ASSERT_EQ(reply.status, 201u) << reply.body;
  auto narrowed = narrow.next_of("change");
  ASSERT_TRUE(narrowed);
  EXPECT_EQ((*narrowed)["kind"], "comment.created");
  EXPECT_EQ(call("POST", "/api/nodes/" + id + "/comments", R"({"body":"  "})", reader).status,
            400u);
  EXPECT_EQ(call("POST", "/api/nodes/" + id + "/comments", R"({"text":"x"})", reader).status, 400u);
  EXPECT_EQ(call("POST", "/api/nodes/nope/comments", R"({"body":"x"})", reader).status, 404u);

  // Found by search through its node.
  ASSERT_TRUE(index->wait_until_indexed(store->last_seq(), std::chrono::seconds(5)));
  auto found = obj(call("GET", "/api/search?q=bainbridge"));
  ASSERT_EQ(found["estimated_total"].as_int64(), 1) << json::serialize(found);
  auto by_field = obj(call("GET", "/api/search?q=comment:bainbridge"));
  EXPECT_EQ(by_field["estimated_total"].as_int64(), 1);

  // Hidden: only moderators; the text leaves the thread for others, and the search.
  EXPECT_EQ(call("PATCH", "/api/comments/" + comment_id, R"({"hidden":true})", contributor).status,
            403u);
  auto hidden = call("PATCH", "/api/comments/" + comment_id, R"({"hidden":true})", moderator);
  ASSERT_EQ(hidden.status, 200u) << hidden.body;
  auto thread = obj(call("GET", "/api/nodes/" + id + "/comments"));
  ASSERT_EQ(thread["comments"].as_array().size(), 2u);
  const auto& first = thread["comments"].as_array()[0].as_object();
  EXPECT_EQ(first.at("hidden"), true);
  EXPECT_EQ(first.at("body"), "");
  EXPECT_EQ(first.at("html"), "");
  auto as_mod = obj(call("GET", "/api/nodes/" + id + "/comments", "", moderator));
  EXPECT_NE(json::serialize(as_mod).find("Bainbridge"), std::string::npos);
  ASSERT_TRUE(index->wait_until_indexed(store->last_seq(), std::chrono::seconds(5)));
  EXPECT_EQ(obj(call("GET", "/api/search?q=bainbridge"))["estimated_total"].as_int64(), 0);
  auto log = obj(call("GET", "/api/changes?since=0&limit=1000&kind=comment.hidden"));
  ASSERT_EQ(log["changes"].as_array().size(), 1u);
  EXPECT_EQ(log["changes"].as_array()[0].as_object().at("author"), "mona");
  EXPECT_EQ(call("PATCH", "/api/comments/" + comment_id, R"({"hidden":false})", moderator).status,
            200u);

  // Trails have threads too.
  ASSERT_EQ(call("POST", "/api/trails",
                 R"({"title":"Automation","steps":[{"node":")" + id + "\"}]}", contributor)
                .status,
            201u);
  EXPECT_EQ(call("POST", "/api/trails/automation/comments", R"({"body":"Nice"})", reader).status,
            201u);
  EXPECT_EQ(obj(call("GET", "/api/trails/automation/comments"))["comments"].as_array().size(), 1u);
}

TEST_F(ServerTest, PatrollersFilterByNewContributorsAndUnpatrolledAndMarkChanges) {
  create("concept", "Resilience");  // by carl
  const std::string newbie = *store->add_user("nina", Role::contributor);
  ASSERT_EQ(call("POST", "/api/nodes", R"({"type":"concept","title":"Spam"})", newbie).status,
            201u);
  auto fresh = obj(call("GET", "/api/changes?since=0&new_contributors=1", "", moderator));
  // Everyone here is new (the fixture's store is minutes old): carl and nina both show.
  EXPECT_EQ(fresh["changes"].as_array().size(), 2u) << json::serialize(fresh);
  for (const auto& c : fresh["changes"].as_array()) EXPECT_EQ(c.as_object().at("patrolled"), false);

  auto open = obj(call("GET", "/api/changes?since=0&unpatrolled=1", "", moderator));
  ASSERT_EQ(open["changes"].as_array().size(), 2u);
  const auto seq = open["changes"].as_array()[0].as_object().at("seq").as_int64();
  EXPECT_EQ(call("POST", "/api/changes/patrolled", R"({"seqs":[1]})", contributor).status, 403u);
  EXPECT_EQ(call("POST", "/api/changes/patrolled", R"({"seqs":[0]})", moderator).status, 400u);
  EXPECT_EQ(call("POST", "/api/changes/patrolled", R"({"seqs":[99999]})", moderator).status, 400u);
  auto marked =
      call("POST", "/api/changes/patrolled", "{\"seqs\":[" + std::to_string(seq) + "]}", moderator);
  ASSERT_EQ(marked.status, 200u) << marked.body;
  EXPECT_EQ(obj(marked)["marked"].as_int64(), 1);
  auto left = obj(call("GET", "/api/changes?since=0&unpatrolled=1", "", moderator));
  ASSERT_EQ(left["changes"].as_array().size(), 1u);
  EXPECT_EQ(left["changes"].as_array()[0].as_object().at("author"), "nina");
  // The mark itself is the moderators' to read.
  EXPECT_EQ(obj(call("GET", "/api/changes?since=0&kind=change"))["changes"].as_array().size(), 0u);
  EXPECT_EQ(obj(call("GET", "/api/changes?since=0&kind=change", "", moderator))["changes"]
                .as_array()
                .size(),
            1u);
}

TEST_F(ServerTest, EdgesHaveHistoryAndModeratorsRevertThem) {
  std::string a = str(create("person", "Richard Cook"), "id");
  std::string b = str(create("paper", "How Complex Systems Fail"), "id");
  auto made = call("POST", "/api/edges",
                   R"({"from":")" + a + R"(","to":")" + b + R"(","type":"authored"})", contributor);
  ASSERT_EQ(made.status, 201u);
  const std::string edge = str(obj(made), "id");
  ASSERT_EQ(call("DELETE", "/api/edges/" + edge, "", contributor).status, 200u);
  auto history = obj(call("GET", "/api/edges/" + edge + "/history"));
  ASSERT_EQ(history["revisions"].as_array().size(), 2u);
  EXPECT_EQ(call("GET", "/api/edges/" + edge + "/history/1").status, 200u);
  EXPECT_EQ(call("POST", "/api/edges/" + edge + "/revert", R"({"rev":1})", contributor).status,
            403u);
  auto back = call("POST", "/api/edges/" + edge + "/revert", R"({"rev":1})", moderator);
  ASSERT_EQ(back.status, 200u) << back.body;
  EXPECT_EQ(call("GET", "/api/edges/" + edge).status, 200u);
  EXPECT_EQ(call("POST", "/api/edges/" + edge + "/revert", R"({"rev":1})", moderator).status, 400u);
}

TEST_F(ServerTest, WatchersSeeWhatOthersChangedSinceTheyLastLooked) {
  std::string id = str(create("person", "Sidney Dekker"), "id");
  EXPECT_EQ(call("PUT", "/api/nodes/" + id + "/watch").status, 401u);
  ASSERT_EQ(call("PUT", "/api/nodes/sidney-dekker/watch", "", reader).status, 201u);
  EXPECT_EQ(call("PUT", "/api/nodes/" + id + "/watch", "", reader).status, 409u);
  auto quiet = obj(call("GET", "/api/watches", "", reader));
  ASSERT_EQ(quiet["watches"].as_array().size(), 1u);
  EXPECT_EQ(quiet["watches"].as_array()[0].as_object().at("changes").as_array().size(), 0u);

  ASSERT_EQ(
      call("PATCH", "/api/nodes/" + id, R"({"summary":"Drift into failure"})", contributor).status,
      200u);
  ASSERT_EQ(
      call("POST", "/api/nodes/" + id + "/comments", R"({"body":"added a summary"})", contributor)
          .status,
      201u);
  auto news = obj(call("GET", "/api/watches", "", reader));
  const auto& w = news["watches"].as_array()[0].as_object();
  EXPECT_EQ(w.at("title"), "Sidney Dekker");
  ASSERT_EQ(w.at("changes").as_array().size(), 1u);
  EXPECT_EQ(w.at("changes").as_array()[0].as_object().at("author"), "carl");
  EXPECT_EQ(w.at("new_comments").as_int64(), 1);
  EXPECT_EQ(obj(call("GET", "/api/watches", "", contributor))["watches"].as_array().size(), 0u);

  ASSERT_EQ(call("POST", "/api/nodes/" + id + "/watch/seen", "", reader).status, 200u);
  auto seen = obj(call("GET", "/api/watches", "", reader));
  EXPECT_EQ(seen["watches"].as_array()[0].as_object().at("changes").as_array().size(), 0u);
  EXPECT_EQ(seen["watches"].as_array()[0].as_object().at("new_comments").as_int64(), 0);
  // What someone watches is not news for everyone.
  EXPECT_EQ(obj(call("GET", "/api/changes?since=0&kind=watch"))["changes"].as_array().size(), 0u);
  ASSERT_EQ(call("DELETE", "/api/nodes/" + id + "/watch", "", reader).status, 200u);
  EXPECT_EQ(obj(call("GET", "/api/watches", "", reader))["watches"].as_array().size(), 0u);
}

}  // namespace resgraph::testing
