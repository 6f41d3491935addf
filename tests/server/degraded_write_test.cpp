// A store that cannot persist: writes answer 503 with Retry-After and change nothing, reads keep
// working, /healthz says degraded, and writes resume by themselves once the cause is gone.
// The failure is real: RLIMIT_FSIZE makes the kernel refuse to grow RocksDB's files (EFBIG),
// as a full disk would.
#include <signal.h>
#include <sys/resource.h>

#include "server_fixture.h"

namespace resgraph::testing {

TEST_F(ServerTest, WritesFailCleanlyWhileTheStoreCannotPersistAndThenResume) {
  std::string id = str(create("paper", "Written before the failure"), "id");
  uint64_t seq = store->last_seq();
  signal(SIGXFSZ, SIG_IGN);
  rlimit saved{};
  getrlimit(RLIMIT_FSIZE, &saved);
  rlimit tiny = saved;
  tiny.rlim_cur = 1;  // no file may grow past one byte
  setrlimit(RLIMIT_FSIZE, &tiny);

  auto refused =
      call("POST", "/api/nodes", R"({"type":"paper","title":"During the failure"})", contributor);
  auto health = obj(call("GET", "/healthz"));
  auto read = call("GET", "/api/nodes/" + id);
  setrlimit(RLIMIT_FSIZE, &saved);

  EXPECT_EQ(refused.status, 503u) << refused.body;
  EXPECT_EQ(refused.header("retry-after"), "5");
  EXPECT_EQ(refused.header("content-type"), "application/problem+json");
  EXPECT_EQ(health["status"].as_string(), "degraded");
  EXPECT_EQ(read.status, 200u);
  EXPECT_EQ(store->last_seq(), seq);

  auto after =
      call("POST", "/api/nodes", R"({"type":"paper","title":"After the failure"})", contributor);
  EXPECT_EQ(after.status, 201u) << after.body;
  EXPECT_EQ(store->last_seq(), seq + 1);
  EXPECT_EQ(obj(call("GET", "/healthz"))["status"].as_string(), "ok");
  EXPECT_EQ(call("GET", "/api/nodes/during-the-failure").status, 404u);
  stop();
  start();
  EXPECT_EQ(store->last_seq(), seq + 1);
  EXPECT_EQ(call("GET", "/api/nodes/during-the-failure").status, 404u);
  EXPECT_TRUE(store->check().ok());
}

}  // namespace resgraph::testing
