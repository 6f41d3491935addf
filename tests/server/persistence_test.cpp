#include "server_fixture.h"

namespace resgraph::testing {

TEST_F(ServerTest, AcknowledgedWritesSurviveARestart) {
  std::string person = str(create("person", "Richard Cook"), "id");
  std::string paper = str(create("paper", "How Complex Systems Fail"), "id");
  ASSERT_EQ(
      call("POST", "/api/edges",
           R"({"from":")" + person + R"(","to":")" + paper + R"(","type":"authored"})", contributor)
          .status,
      201u);
  stop();
  start();
  auto again = call("GET", "/api/nodes/" + paper);
  ASSERT_EQ(again.status, 200u);
  EXPECT_EQ(str(obj(again), "title"), "How Complex Systems Fail");
  EXPECT_EQ(obj(call("GET", "/api/nodes/" + person + "/edges"))["edges"].as_array().size(), 1u);
  EXPECT_EQ(obj(call("GET", "/api/changes"))["last_seq"].as_int64(),
            static_cast<int64_t>(base) + 3);
  // Tokens survive too, and the sequence continues without a gap.
  create("concept", "Complexity");
  EXPECT_EQ(store->last_seq(), base + 4);
  EXPECT_TRUE(store->check().ok());
}

}  // namespace resgraph::testing
