// Bytes on the wire against a real server: big text answers are gzipped when the client takes
// gzip (and decompress to the same bytes), small ones and refusing clients get them plain; the
// app's files come precompressed from the build and answer If-None-Match with 304, as does
// /api/graph until the graph changes.
#include <zlib.h>

#include <filesystem>
#include <fstream>

#include "content_coding.h"
#include "server_fixture.h"

namespace resgraph::testing {
namespace {

std::string gunzip(const std::string& data) {
  z_stream z{};
  EXPECT_EQ(inflateInit2(&z, 15 + 16), Z_OK);
  std::string out;
  char buf[65536];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  while (rc == Z_OK) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  }
  EXPECT_EQ(rc, Z_STREAM_END);
  inflateEnd(&z);
  return out;
}

using Headers = std::vector<std::pair<std::string, std::string>>;

class WireBytesTest : public ServerTest {
 protected:
  void SetUp() override {
    namespace fs = std::filesystem;
    fs::create_directories(dir.sub("www"));
    app = "console.log('" + std::string(5000, 'x') + "');";
    std::ofstream(dir.sub("www") + "/app.js") << app;
    packed = *server::gzip(app, 9);
    std::ofstream(dir.sub("www") + "/app.js.gz", std::ios::binary) << packed;
    std::ofstream(dir.sub("www") + "/app-7QX2K4ZA.js") << app;
    std::ofstream(dir.sub("www") + "/app-7QX2K4ZA.js.map") << "{}";
    std::ofstream(dir.sub("www") + "/index.html") << "<script src=\"/app-7QX2K4ZA.js\"></script>";
    std::ofstream(dir.sub("www") + "/app-notahash.js") << app;
    options.web_dir = dir.sub("www");
    ServerTest::SetUp();
    for (int i = 0; i < 40; ++i) create("concept", "Concept number " + std::to_string(i));
  }
  std::string app, packed;
};

}  // namespace

TEST(ContentCoding, ReadsAcceptEncodingAsRfc9110Says) {
  using server::accepts_gzip;
  EXPECT_TRUE(accepts_gzip("gzip, deflate, br"));
  EXPECT_TRUE(accepts_gzip("br;q=1.0, GZIP;q=0.5"));
  EXPECT_TRUE(accepts_gzip("*"));
  EXPECT_FALSE(accepts_gzip(""));
  EXPECT_FALSE(accepts_gzip("br, deflate"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0"));
  EXPECT_FALSE(accepts_gzip("gzip;q=0.000, *"));  // gzip named and refused: * does not bring it
  EXPECT_FALSE(accepts_gzip("*;q=0"));
  EXPECT_TRUE(accepts_gzip("identity, *;q=0.1"));
}

TEST_F(WireBytesTest, BigAnswersAreGzippedForClientsThatTakeIt) {
  auto plain = call("GET", "/api/graph");
  ASSERT_EQ(plain.status, 200u);
  EXPECT_EQ(plain.header("content-encoding"), "");
  EXPECT_EQ(plain.header("vary"), "Accept-Encoding");
  auto zipped = call("GET", "/api/graph", "", "", Headers{{"Accept-Encoding", "gzip, br"}});
  ASSERT_EQ(zipped.status, 200u);
  EXPECT_EQ(zipped.header("content-encoding"), "gzip");
  EXPECT_LT(zipped.body.size(), plain.body.size() / 3);
  EXPECT_EQ(gunzip(zipped.body), plain.body);
  auto refused = call("GET", "/api/graph", "", "", Headers{{"Accept-Encoding", "gzip;q=0"}});
  EXPECT_EQ(refused.header("content-encoding"), "");
  EXPECT_EQ(refused.body, plain.body);
  // Small answers are not worth it.
  auto small = call("GET", "/healthz", "", "", Headers{{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(small.header("content-encoding"), "");
}

TEST_F(WireBytesTest, TheGraphAnswersNotModifiedUntilItChanges) {
  auto first = call("GET", "/api/graph");
  const std::string etag = first.header("etag");
  ASSERT_FALSE(etag.empty());
  auto again = call("GET", "/api/graph", "", "", Headers{{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304u);
  EXPECT_TRUE(again.body.empty());
  auto other_limit = call("GET", "/api/graph?limit=10", "", "", Headers{{"If-None-Match", etag}});
  EXPECT_EQ(other_limit.status, 200u);
  create("concept", "One more");
  auto changed = call("GET", "/api/graph", "", "", Headers{{"If-None-Match", etag}});
  EXPECT_EQ(changed.status, 200u);
  EXPECT_NE(changed.header("etag"), etag);
}

TEST_F(WireBytesTest, AppFilesComePrecompressedWithValidators) {
  auto zipped = call("GET", "/app.js", "", "", Headers{{"Accept-Encoding", "gzip"}});
  ASSERT_EQ(zipped.status, 200u);
  EXPECT_EQ(zipped.header("content-encoding"), "gzip");
  EXPECT_EQ(zipped.body, packed);  // the build's file, as it is
  auto plain = call("GET", "/app.js");
  EXPECT_EQ(plain.body, app);
  const std::string etag = plain.header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(zipped.header("etag"), etag);
  EXPECT_EQ(call("GET", "/app.js", "", "", Headers{{"If-None-Match", etag}}).status, 304u);
  // A file rebuilt after its .gz: the stale .gz is not served.
  std::filesystem::last_write_time(
      dir.sub("www") + "/app.js.gz",
      std::filesystem::last_write_time(dir.sub("www") + "/app.js") - std::chrono::hours(1));
  auto fresh = call("GET", "/app.js", "", "", Headers{{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gunzip(fresh.body), app);  // compressed on the fly instead
  EXPECT_NE(fresh.body, packed);
}

// A content-hashed name is kept for a year; the page that names it, and any other file, is asked
// about again.
TEST_F(WireBytesTest, HashedAppFilesAreKeptForAYearAndThePageIsRevalidated) {
  const std::string forever = "public, max-age=31536000, immutable";
  EXPECT_EQ(call("GET", "/app-7QX2K4ZA.js").header("cache-control"), forever);
  EXPECT_EQ(call("GET", "/app-7QX2K4ZA.js.map").header("cache-control"), forever);
  EXPECT_EQ(call("GET", "/").header("cache-control"), "no-cache");
  EXPECT_EQ(call("GET", "/n/some-node").header("cache-control"), "no-cache");
  EXPECT_EQ(call("GET", "/app-notahash.js").header("cache-control"), "max-age=300");
  EXPECT_EQ(call("GET", "/app.js").header("cache-control"), "max-age=300");
}

}  // namespace resgraph::testing
