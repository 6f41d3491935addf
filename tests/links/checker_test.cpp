// Link health: the dead-link rule on the store's records, and the checker against real HTTP
// servers on 127.0.0.1 answering 200, a 301 chain, 404, 410, 500 and slowly, a port where no
// one listens, and a stand-in for the Wayback Machine's availability API.
#include "links/checker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio.hpp>
#include <map>
#include <thread>

#include "../graph/store_fixture.h"
#include "file_server.h"

namespace resgraph::testing {
namespace {

constexpr int64_t kDay = 24LL * 3600 * 1000;

LinkCheck failed_at(int64_t at) { return {at, "client_error", 404, 0, "", ""}; }

class LinkCheckerTest : public StoreTest {
 protected:
  Node page(const std::string& title, const std::string& url, std::vector<Link> links = {}) {
    NodeFields f;
    f.type = "article";
    f.title = title;
    f.url = url;
    f.links = std::move(links);
    auto n = store->create_node(f, meta);
    EXPECT_TRUE(n.is_ok()) << n.status().message();
    return n.is_ok() ? *n : Node{};
  }
  std::map<std::string, std::string> states() {
    std::map<std::string, std::string> out;
    auto all = store->list_links("");
    if (all)
      for (const auto& l : *all) out[l.url] = l.state;
    return out;
  }
};

}  // namespace

TEST_F(LinkCheckerTest, ALinkIsDeadOnlyAfterRepeatedFailuresOverDays) {
  const std::string url = "https://example.org/paper.pdf";
  DeadLinkRule rule;  // 3 in a row, over 2 days
  auto state_after = [&](const LinkCheck& c) {
    auto l = store->record_link_check(url, c, rule, meta);
    EXPECT_TRUE(l.is_ok()) << l.status().message();
    return l.is_ok() ? l->state : "";
  };
  const int64_t t0 = 1'700'000'000'000;
  EXPECT_EQ(state_after(failed_at(t0)), "failing");
  EXPECT_EQ(state_after(failed_at(t0 + kDay / 2)), "failing");
  EXPECT_EQ(state_after(failed_at(t0 + kDay)), "failing");  // three, but within a day
  EXPECT_EQ(state_after(failed_at(t0 + 3 * kDay)), "dead");
  auto copy = store->set_archived_copy(url, "https://web.archive.org/web/2019/" + url, meta);
  ASSERT_TRUE(copy.is_ok()) << copy.status().message();
  EXPECT_EQ(copy->archived, "https://web.archive.org/web/2019/" + url);
  // Back again: alive, and no copy offered any more.
  EXPECT_EQ(state_after({t0 + 4 * kDay, "redirected", 200, 1, "https://example.org/p", ""}),
            "redirected");
  auto now = store->get_link(url);
  ASSERT_TRUE(now.is_ok() && now->has_value());
  EXPECT_EQ((*now)->archived, "");
  EXPECT_EQ((*now)->checks.size(), 5u);
  EXPECT_EQ(store->last_seq(), 6u);  // every check and the copy are in the change log
  // The history keeps the last 20 checks.
  for (int i = 0; i < 30; ++i) state_after(failed_at(t0 + 5 * kDay + i));
  EXPECT_EQ((*store->get_link(url))->checks.size(), kLinkHistory);
  EXPECT_EQ(
      store->set_archived_copy("https://never.checked/x", "https://a/b", meta).status().code(),
      Code::not_found);
}

TEST_F(LinkCheckerTest, EveryLinkOfTheGraphIsCheckedAndADeadOneGetsItsArchivedCopy) {
  FileServer site, slow, wayback;
  site.put("/ok", {"fine"});
  site.put("/a", {"", "", 301, "/b"});
  site.put("/b", {"", "", 302, "/ok"});
  site.put("/gone", {"", "", 410});
  site.put("/broken", {"", "", 500});
  slow.put("/slow", {"late", "", 200, "", 3000});
  const std::string missing = site.url("/missing");  // 404
  wayback.put("/wayback/available?url=" + std::string("http%3A%2F%2F127.0.0.1%3A") +
                  site.base().substr(site.base().rfind(':') + 1) + "%2Fgone",
              {R"({"url":"x","archived_snapshots":{"closest":{"status":"200","available":true,
                 "url":"http://web.archive.org/web/20190101000000/gone","timestamp":"20190101000000"}}})",
               "", 200, "", 0, "application/json"});
  page("One", site.url("/ok"), {{site.url("/a"), "mirror"}, {site.url("/gone"), "slides"}});
  page("Two", missing, {{site.url("/ok"), "again: checked once"}});
  page("Three", site.url("/broken"));
  page("Four", slow.url("/slow"));
  page("Five", "http://127.0.0.1:1/refused");

  links::CheckOptions o;
  o.concurrency = 4;
  o.per_host_delay_ms = 0;
  o.timeout_ms = 700;
  o.wayback_url = wayback.base();
  o.rule = {1, 0};  // dead at the first failure, for the test
  auto report = links::check_links(*store, o, {"links", "test"});
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  EXPECT_EQ(report->checked, 7u);
  EXPECT_EQ(site.hits("/ok"), 2);  // its own check, and the end of the redirect chain

  auto s = states();
  EXPECT_EQ(s[site.url("/ok")], "ok");
  EXPECT_EQ(s[site.url("/a")], "redirected");
  for (const auto& url : {site.url("/gone"), missing, site.url("/broken"), slow.url("/slow"),
                          std::string("http://127.0.0.1:1/refused")})
    EXPECT_EQ(s[url], "dead") << url;
  auto outcome = [&](const std::string& url) {
    auto l = store->get_link(url);
    return l.is_ok() && l->has_value() ? (*l)->checks.back() : LinkCheck{};
  };
  EXPECT_EQ(outcome(site.url("/a")).redirects, 2);
  EXPECT_EQ(outcome(site.url("/a")).final_url, site.url("/ok"));
  EXPECT_EQ(outcome(site.url("/gone")).status, 410);
  EXPECT_EQ(outcome(site.url("/gone")).outcome, "client_error");
  EXPECT_EQ(outcome(site.url("/broken")).outcome, "server_error");
  EXPECT_EQ(outcome(slow.url("/slow")).outcome, "timeout");
  EXPECT_EQ(outcome("http://127.0.0.1:1/refused").outcome, "connection_error");
  EXPECT_EQ((*store->get_link(site.url("/gone")))->archived,
            "http://web.archive.org/web/20190101000000/gone");
  EXPECT_EQ(report->archived, 1u);
  EXPECT_EQ(report->states["dead"], 5u);

  // A second run with a recheck interval leaves what was just checked.
  o.recheck_after_ms = kDay;
  auto again = links::check_links(*store, o, {"links", "test"});
  ASSERT_TRUE(again.is_ok());
  EXPECT_EQ(again->checked, 0u);
  EXPECT_EQ(again->skipped, 7u);
  EXPECT_TRUE(store->check().ok());
}

// A host that accepts and resets every connection (SO_LINGER 0): a failure of the connection,
// recorded like any other, never taken for an answer.
TEST_F(LinkCheckerTest, AConnectionResetIsAFailedCheck) {
  namespace asio = boost::asio;
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  const auto port = acceptor.local_endpoint().port();
  std::atomic<int> resets{0};
  std::atomic<bool> stop{false};
  std::thread host([&] {
    while (!stop) {
      asio::ip::tcp::socket sock(io);
      boost::system::error_code ec;
      acceptor.accept(sock, ec);
      if (ec || stop) return;
      sock.set_option(asio::socket_base::linger(true, 0), ec);
      sock.close(ec);
      ++resets;
    }
  });
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/paper.pdf";
  page("Reset", url);
  links::CheckOptions o;
  o.per_host_delay_ms = 0;
  o.timeout_ms = 2000;
  o.wayback_url = "";
  auto report = links::check_links(*store, o, {"links", "test"});
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  auto link = store->get_link(url);
  ASSERT_TRUE(link.is_ok() && link->has_value());
  EXPECT_EQ((*link)->checks.back().outcome, "connection_error");
  EXPECT_EQ((*link)->state, "failing");  // one failure is not yet dead
  EXPECT_GE(resets.load(), 1);
  stop = true;
  asio::ip::tcp::socket wake(io);
  boost::system::error_code ec;
  wake.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
  host.join();
}

TEST_F(LinkCheckerTest, BadOptionsAreRefused) {
  links::CheckOptions o;
  o.concurrency = 0;
  EXPECT_EQ(links::check_links(*store, o, meta).status().code(), Code::invalid);
}

}  // namespace resgraph::testing
