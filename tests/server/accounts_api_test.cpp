// Accounts over HTTP against a real server: a moderator invites, the invited person joins and is
// signed in by a cookie, cookie writes need the CSRF token, tokens are made and revoked, roles
// change and accounts are suspended with effect on the next request and on live connections,
// and no secret reaches the change log, an export or the metrics.
#include "live_client.h"
#include "server_fixture.h"

namespace resgraph::testing {
namespace {

using Headers = std::vector<std::pair<std::string, std::string>>;

// The browser's side of a session: the cookie it was given and the CSRF token it echoes.
struct Browser {
  std::string cookie, csrf;
  Headers reading() const { return {{"Cookie", cookie}}; }
  Headers writing() const { return {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}; }
};

std::string cookie_of(const ClientResponse& r) {
  std::string set = r.header("set-cookie");
  return set.substr(0, set.find(';'));
}

class AccountsTest : public ServerTest {
 protected:
  std::string invite(const std::string& role, const std::string& extra = "") {
    auto r =
        call("POST", "/api/invitations", R"({"role":")" + role + "\"" + extra + "}", moderator);
    EXPECT_EQ(r.status, 201u) << r.body;
    return str(obj(r), "code");
  }
  ClientResponse join(const std::string& code, const std::string& name,
                      const std::string& password = "correct horse battery") {
    return call(
        "POST", "/api/join",
        R"({"code":")" + code + R"(","name":")" + name + R"(","password":")" + password + "\"}");
  }
  Browser joined(const std::string& name, const std::string& role) {
    auto r = join(invite(role), name);
    EXPECT_EQ(r.status, 201u) << r.body;
    return {cookie_of(r), str(obj(r), "csrf")};
  }
};

}  // namespace

TEST_F(AccountsTest, AnInvitedPersonJoinsOnceAndIsSignedIn) {
  const std::string code = invite("contributor", R"(,"note":"for erin@example.org")");
  auto shown = call("GET", "/api/invitations/" + code);
  ASSERT_EQ(shown.status, 200u);
  EXPECT_EQ(str(obj(shown), "role"), "contributor");
  EXPECT_EQ(str(obj(shown), "state"), "open");
  EXPECT_EQ(shown.body.find("erin@example.org"), std::string::npos);  // the note is not public

  EXPECT_EQ(join(code, "erin", "short").status, 400u);  // too short: nothing used
  EXPECT_EQ(join(code, "Erin Smith").status, 400u);     // not a user name
  EXPECT_EQ(join(code, "carl").status, 409u);           // taken
  auto r = join(code, "erin");
  ASSERT_EQ(r.status, 201u) << r.body;
  const std::string set = r.header("set-cookie");
  EXPECT_NE(set.find("HttpOnly"), std::string::npos);
  EXPECT_NE(set.find("SameSite=Lax"), std::string::npos);
  EXPECT_EQ(set.find("Secure"), std::string::npos);  // plain HTTP here
  Browser erin{cookie_of(r), str(obj(r), "csrf")};
  auto me = call("GET", "/api/me", "", "", erin.reading());
  EXPECT_EQ(str(obj(me), "name"), "erin");
  EXPECT_EQ(str(obj(me), "role"), "contributor");
  EXPECT_EQ(str(obj(me), "csrf"), erin.csrf);

  EXPECT_EQ(join(code, "erin2").status, 409u);  // one time only
  EXPECT_EQ(str(obj(call("GET", "/api/invitations/" + code)), "state"), "used");
  EXPECT_EQ(join("no-such-code", "frank").status, 404u);
  EXPECT_EQ(call("POST", "/api/invitations", R"({"role":"reader"})", contributor).status, 403u);
  EXPECT_EQ(call("POST", "/api/invitations", R"({"role":"admin"})", moderator).status, 400u);
  auto listed = call("GET", "/api/invitations", "", moderator);
  EXPECT_NE(listed.body.find("erin@example.org"), std::string::npos);  // moderators see notes
}

TEST_F(AccountsTest, CookieWritesNeedTheCsrfTokenBearerWritesDoNot) {
  Browser erin = joined("erin", "contributor");
  const std::string node = R"({"type":"concept","title":"Drift"})";
  auto none = call("POST", "/api/nodes", node, "", erin.reading());
  EXPECT_EQ(none.status, 403u) << none.body;
  Headers wrong = erin.reading();
  wrong.emplace_back("X-CSRF-Token", std::string(erin.csrf.size(), '0'));
  EXPECT_EQ(call("POST", "/api/nodes", node, "", wrong).status, 403u);
  EXPECT_EQ(call("GET", "/api/nodes/drift").status, 404u);  // neither wrote
  EXPECT_EQ(call("POST", "/api/nodes", node, "", erin.writing()).status, 201u);
  EXPECT_EQ(call("POST", "/api/nodes", R"({"type":"concept","title":"Slack"})", contributor).status,
            201u);
}

TEST_F(AccountsTest, SignInSignOutAndEndedSessions) {
  joined("erin", "reader");
  auto wrong = call("POST", "/api/session", R"({"name":"erin","password":"not her password"})");
  auto nobody = call("POST", "/api/session", R"({"name":"nobody","password":"not her password"})");
  EXPECT_EQ(wrong.status, 401u);
  EXPECT_EQ(nobody.status, 401u);
  EXPECT_EQ(str(obj(wrong), "detail"), str(obj(nobody), "detail"));  // names are not told apart
  auto in = call("POST", "/api/session", R"({"name":"erin","password":"correct horse battery"})");
  ASSERT_EQ(in.status, 200u) << in.body;
  Browser erin{cookie_of(in), str(obj(in), "csrf")};
  EXPECT_EQ(str(obj(call("GET", "/api/me", "", "", erin.reading())), "name"), "erin");
  auto out = call("DELETE", "/api/session", "", "", erin.reading());
  EXPECT_EQ(out.status, 200u);
  EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
  // The old cookie is refused with a message and cleared, even on a page anyone may read.
  auto after = call("GET", "/api/nodes", "", "", erin.reading());
  EXPECT_EQ(after.status, 401u);
  EXPECT_NE(after.header("set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(call("GET", "/api/nodes", "", "", {{"Cookie", "rg_session=forged"}}).status, 401u);
}

TEST_F(AccountsTest, TokensAreListedWithoutSecretsAndRevokedAtOnceLiveConnectionsToo) {
  Browser erin = joined("erin", "contributor");
  auto made = call("POST", "/api/tokens", R"({"label":"my script"})", "", erin.writing());
  ASSERT_EQ(made.status, 201u) << made.body;
  const std::string token = str(obj(made), "token"), id = str(obj(made), "id");
  EXPECT_EQ(str(obj(call("GET", "/api/me", "", token)), "name"), "erin");
  auto list = call("GET", "/api/tokens", "", "", erin.reading());
  EXPECT_NE(list.body.find("my script"), std::string::npos);
  EXPECT_EQ(list.body.find(token.substr(token.rfind('.') + 1)), std::string::npos);

  WsClient live;
  ASSERT_EQ(live.connect(port, "/api/live?token=" + token), 101u);
  ASSERT_TRUE(live.next_of("hello"));
  WsClient other;  // another user's connection stays open
  ASSERT_EQ(other.connect(port, "/api/live?token=" + contributor), 101u);
  ASSERT_TRUE(other.next_of("hello"));
  other.send(R"({"type":"subscribe","since":)" + std::to_string(store->last_seq()) + "}");

  EXPECT_EQ(call("DELETE", "/api/tokens/" + id, "", "", erin.writing()).status, 200u);
  EXPECT_EQ(call("GET", "/api/me", "", token).status, 401u);
  EXPECT_FALSE(live.next(std::chrono::seconds(5)));  // closed by the server
  EXPECT_EQ(live.close_reason(), "the token was revoked");
  EXPECT_EQ(call("DELETE", "/api/tokens/" + id, "", "", erin.writing()).status, 404u);
  create("concept", "Still streaming");
  auto change = other.next_of("change");
  ASSERT_TRUE(change);
  EXPECT_EQ((*change)["kind"], "user.token_revoked");  // the revocation itself streams too
}

TEST_F(AccountsTest, ModeratorsChangeRolesAndSuspendWithEffectOnTheNextRequest) {
  Browser erin = joined("erin", "contributor");
  auto token = call("POST", "/api/tokens", R"({"label":"cli"})", "", erin.writing());
  const std::string bearer = str(obj(token), "token");
  const std::string node = R"({"type":"concept","title":"Graceful extensibility"})";

  EXPECT_EQ(call("PATCH", "/api/users/erin", R"({"role":"reader"})", contributor).status, 403u);
  EXPECT_EQ(call("PATCH", "/api/users/mona", R"({"role":"reader"})", moderator).status, 400u);
  auto demoted = call("PATCH", "/api/users/erin", R"({"role":"reader"})", moderator);
  ASSERT_EQ(demoted.status, 200u) << demoted.body;
  EXPECT_EQ(call("POST", "/api/nodes", node, "", erin.writing()).status, 403u);
  EXPECT_EQ(call("POST", "/api/nodes", node, bearer).status, 403u);

  WsClient live;
  ASSERT_EQ(live.connect(port, "/api/live?token=" + bearer), 101u);
  ASSERT_TRUE(live.next_of("hello"));
  EXPECT_EQ(call("PATCH", "/api/users/erin", R"({"suspended":true})", moderator).status, 200u);
  EXPECT_EQ(call("GET", "/api/me", "", "", erin.reading()).status, 401u);
  EXPECT_EQ(call("GET", "/api/me", "", bearer).status, 401u);
  EXPECT_EQ(
      call("POST", "/api/session", R"({"name":"erin","password":"correct horse battery"})").status,
      401u);
  EXPECT_FALSE(live.next(std::chrono::seconds(5)));
  EXPECT_EQ(live.close_reason(), "the account is suspended");

  EXPECT_EQ(
      call("PATCH", "/api/users/erin", R"({"suspended":false,"role":"contributor"})", moderator)
          .status,
      200u);
  EXPECT_EQ(call("POST", "/api/nodes", node, bearer).status, 201u);
  auto users = call("GET", "/api/users", "", moderator);
  EXPECT_NE(users.body.find("\"erin\""), std::string::npos);
}

TEST_F(AccountsTest, EveryAccountActionIsInTheLogAndNoSecretIsAnywhere) {
  const std::string code = invite("contributor");
  auto r = join(code, "erin", "a long secret passphrase");
  Browser erin{cookie_of(r), str(obj(r), "csrf")};
  auto made = call("POST", "/api/tokens", R"({"label":"cli"})", "", erin.writing());
  const std::string token = str(obj(made), "token");
  call("DELETE", "/api/tokens/" + str(obj(made), "id"), "", "", erin.writing());
  call("PATCH", "/api/users/erin", R"({"role":"reader"})", moderator);
  call("PATCH", "/api/users/erin", R"({"suspended":true})", moderator);

  // Sign-ins and invitations are the moderators' to read.
  auto anyones = call("GET", "/api/changes?since=0&limit=1000");
  EXPECT_EQ(anyones.body.find("session.started"), std::string::npos);
  EXPECT_EQ(anyones.body.find("invitation.created"), std::string::npos);
  EXPECT_NE(anyones.body.find("user.joined"), std::string::npos);
  auto changes = call("GET", "/api/changes?since=0&limit=1000", "", moderator);
  for (const char* kind :
       {"invitation.created", "invitation.used", "user.joined", "session.started",
        "user.token_created", "user.token_revoked", "user.role_changed", "user.suspended"})
    EXPECT_NE(changes.body.find(std::string("\"") + kind + "\""), std::string::npos) << kind;
  const std::string session = erin.cookie.substr(erin.cookie.find('=') + 1);
  const std::string secret = token.substr(token.rfind('.') + 1);
  for (const auto& body :
       {changes.body, call("GET", "/api/export?format=json").body, call("GET", "/metrics").body,
        call("GET", "/api/users", "", moderator).body}) {
    for (const std::string& s : {std::string("a long secret passphrase"), code, session, erin.csrf,
                                 secret, std::string("$argon2id$"), sha256_hex(code)})
      EXPECT_EQ(body.find(s), std::string::npos) << s;
  }
}

}  // namespace resgraph::testing

namespace resgraph::testing {

// Rollback is exact: the node after it equals the revision before the user's edits, and each
// undo is a new revision in the log. Where someone else edited since, the node is left alone.
TEST_F(AccountsTest, RollbackUndoesAUsersLatestEditsExactly) {
  auto cook = create("person", "Richard Cook", R"(,"summary":"Wrote on how complex systems fail")");
  const std::string id = str(cook, "id");
  auto before = call("GET", "/api/nodes/" + id);
  Browser vandal = joined("vandal", "contributor");
  for (const char* summary : {"spam one", "spam two"})
    ASSERT_EQ(call("PATCH", "/api/nodes/" + id, std::string(R"({"summary":")") + summary + "\"}",
                   "", vandal.writing())
                  .status,
              200u);
  auto made =
      call("POST", "/api/nodes", R"({"type":"concept","title":"Buy now"})", "", vandal.writing());
  const std::string spam = str(obj(made), "id");
  create("concept", "Safety-II");  // by carl
  auto linked =
      call("POST", "/api/edges", R"({"from":")" + id + R"(","to":"safety-ii","type":"about"})", "",
           vandal.writing());
  ASSERT_EQ(linked.status, 201u) << linked.body;
  create("concept", "Resilience", R"(,"summary":"carl's")");
  ASSERT_EQ(
      call("PATCH", "/api/nodes/resilience", R"({"summary":"vandal's"})", "", vandal.writing())
          .status,
      200u);
  ASSERT_EQ(
      call("PATCH", "/api/nodes/resilience", R"({"summary":"carl again"})", contributor).status,
      200u);

  // One node: only a moderator, only when the latest revision is the user's.
  EXPECT_EQ(
      call("POST", "/api/users/vandal/rollback", R"({"node":")" + id + "\"}", contributor).status,
      403u);
  EXPECT_EQ(call("POST", "/api/users/carl/rollback", R"({"node":")" + id + "\"}", moderator).status,
            400u);
  auto one = call("POST", "/api/users/vandal/rollback", R"({"node":")" + id + "\"}", moderator);
  ASSERT_EQ(one.status, 200u) << one.body;
  auto after = obj(call("GET", "/api/nodes/" + id));
  auto was = obj(before);
  for (const char* field : {"title", "summary", "url", "date", "slug", "type"})
    EXPECT_EQ(after[field], was[field]) << field;
  EXPECT_EQ(after["rev"].as_int64(), 4);  // created, two edits, the rollback: nothing erased

  // Everything since a time: the node they made goes, their edge goes, a node edited since by
  // someone else is skipped.
  auto all = call("POST", "/api/users/vandal/rollback", R"({"since":0})", moderator);
  ASSERT_EQ(all.status, 200u) << all.body;
  auto report = obj(all);
  EXPECT_EQ(report["deleted"].as_array().size(), 1u);
  EXPECT_EQ(report["deleted"].as_array()[0], spam.c_str());
  EXPECT_EQ(report["unlinked"].as_array().size(), 1u);
  EXPECT_EQ(report["skipped"].as_array().size(), 2u);  // Richard Cook (rolled back) and Resilience
  EXPECT_EQ(call("GET", "/api/nodes/" + spam).status, 404u);
  EXPECT_EQ(str(obj(call("GET", "/api/nodes/resilience")), "summary"), "carl again");
  EXPECT_EQ(obj(call("GET", "/api/nodes/" + id + "/edges"))["edges"].as_array().size(), 0u);

  // The moderation is in the log, and the log reads by user and by kind.
  auto theirs = obj(call("GET", "/api/changes?since=0&limit=1000&user=mona&kind=node"));
  EXPECT_GE(theirs["changes"].as_array().size(), 2u);  // the revert and the deletion
  for (const auto& c : theirs["changes"].as_array()) {
    EXPECT_EQ(c.as_object().at("author"), "mona");
    EXPECT_TRUE(std::string(c.as_object().at("kind").as_string()).starts_with("node."));
  }
  auto reverts = obj(call("GET", "/api/changes?since=0&limit=1000&kind=node.reverted"));
  ASSERT_EQ(reverts["changes"].as_array().size(), 1u);
}

}  // namespace resgraph::testing
