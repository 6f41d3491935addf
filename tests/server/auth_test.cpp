#include "server_fixture.h"

namespace resgraph::testing {

TEST_F(ServerTest, AnonymousReadsButCannotWrite) {
  create("paper", "Readable");
  EXPECT_EQ(call("GET", "/api/nodes").status, 200u);
  auto write = call("POST", "/api/nodes", R"({"type":"paper","title":"Anonymous"})");
  EXPECT_EQ(write.status, 401u);
  EXPECT_EQ(write.header("www-authenticate"), "Bearer realm=\"resgraph\"");
  EXPECT_EQ(write.header("content-type"), "application/problem+json");
}

TEST_F(ServerTest, WrongTokenIsRefusedEvenForReads) {
  std::string wrong = contributor;
  wrong.back() = wrong.back() == 'a' ? 'b' : 'a';
  EXPECT_EQ(call("POST", "/api/nodes", R"({"type":"paper","title":"x"})", wrong).status, 401u);
  EXPECT_EQ(call("GET", "/api/nodes", "", wrong).status, 401u);
  EXPECT_EQ(call("GET", "/api/nodes", "", "", {{"Authorization", "Basic abc"}}).status, 401u);
  EXPECT_EQ(store->last_seq(), base);
}

TEST_F(ServerTest, RolesGateWritesDeletesAndReverts) {
  EXPECT_EQ(call("POST", "/api/nodes", R"({"type":"paper","title":"By a reader"})", reader).status,
            403u);
  std::string id = str(create("paper", "By a contributor"), "id");
  auto del = call("DELETE", "/api/nodes/" + id, "", contributor);
  EXPECT_EQ(del.status, 403u);
  EXPECT_NE(obj(del)["detail"].as_string().find("moderator"), std::string::npos);
  EXPECT_EQ(call("DELETE", "/api/nodes/" + id, "", moderator).status, 200u);
}

TEST_F(ServerTest, EveryRevisionAndChangeNamesItsAuthor) {
  std::string id = str(create("paper", "Attributed"), "id");
  call("PATCH", "/api/nodes/" + id, R"({"summary":"by mona"})", moderator);
  auto log = *store->changes_since(base, 10);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].author, "carl");
  EXPECT_EQ(log[1].author, "mona");
  EXPECT_EQ(store->history(id, 10)->front().author, "mona");
}

TEST_F(ServerTest, AdminEndpointsNeedTheLocalAdminToken) {
  std::string body = R"({"name":"dave","role":"contributor"})";
  EXPECT_EQ(call("POST", "/api/admin/users", body).status, 403u);
  EXPECT_EQ(call("POST", "/api/admin/users", body, moderator).status, 403u);
  EXPECT_EQ(call("POST", "/api/admin/users", body, "", {{"X-Admin-Token", "wrong"}}).status, 403u);
  auto ok = call("POST", "/api/admin/users", body, "", {{"X-Admin-Token", "test-admin-token"}});
  ASSERT_EQ(ok.status, 201u) << ok.body;
  std::string token = str(obj(ok), "token");
  EXPECT_EQ(call("POST", "/api/nodes", R"({"type":"paper","title":"By dave"})", token).status,
            201u);
}

}  // namespace resgraph::testing
