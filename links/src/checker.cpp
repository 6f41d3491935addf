// The link checker: a pool of workers takes URLs from one queue, never more than `per_host` to
// a host at once nor sooner than `per_host_delay_ms` after the last request to it, and records
// each outcome. Nothing here throws: a failure to record is the report's status.
#include "links/checker.h"

#include <boost/json/object.hpp>
#include <boost/url/parse.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "fetch/http_get.h"
#include "graph/url_key.h"
#include "wayback.h"

namespace resgraph::links {
namespace {

using Clock = std::chrono::steady_clock;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string host_of(const std::string& url) {
  auto u = boost::urls::parse_uri(url);
  return u ? std::string(u->host()) : url;
}

// Each host's queue and turn: who may go next, and when. A host leaves the schedule when its
// last URL is done, and the search for the next URL goes on from the host after the last one
// served, so that a take looks at the busy and pausing hosts only, however many hosts wait.
class Schedule {
 public:
  Schedule(std::vector<std::string> urls, const CheckOptions& o) : left_(urls.size()), options_(o) {
    for (auto& u : urls) hosts_[host_of(u)].todo.push_back(std::move(u));
  }

  // The next URL whose host has room and whose pause is over; empty when none is left.
  std::string take() {
    std::unique_lock lock(mu_);
    for (;;) {
      if (left_ == 0 || (options_.stop && options_.stop->load())) return "";
      auto wake = Clock::time_point::max();
      const auto now = Clock::now();
      auto it = hosts_.upper_bound(last_host_);
      for (size_t seen = 0; seen < hosts_.size(); ++seen, ++it) {
        if (it == hosts_.end()) it = hosts_.begin();
        Host& h = it->second;
        if (h.todo.empty() || h.active >= options_.per_host) continue;
        if (h.next > now) {
          wake = std::min(wake, h.next);
          continue;
        }
        ++h.active;
        --left_;
        last_host_ = it->first;
        std::string url = std::move(h.todo.front());
        h.todo.pop_front();
        return url;
      }
      // Woken by a finished request; at the latest when a pause ends, or to see a stop.
      const auto soon = Clock::now() + std::chrono::milliseconds(200);
      changed_.wait_until(lock, std::min(wake, soon));
    }
  }

  void done(const std::string& url) {
    std::lock_guard lock(mu_);
    auto it = hosts_.find(host_of(url));
    if (it == hosts_.end()) return;
    Host& h = it->second;
    --h.active;
    h.next = Clock::now() + std::chrono::milliseconds(options_.per_host_delay_ms);
    if (h.todo.empty() && h.active == 0) hosts_.erase(it);
    changed_.notify_all();
  }

 private:
  struct Host {
    std::deque<std::string> todo;
    size_t active = 0;
    Clock::time_point next;
  };
  std::mutex mu_;
  std::condition_variable changed_;
  std::map<std::string, Host> hosts_;
  std::string last_host_;
  size_t left_ = 0;
  const CheckOptions& options_;
};

// One URL: probed, recorded, and, when it has just died, looked up in the archive.
Status check_one(Store& store, const std::string& url, const CheckOptions& o, const WriteMeta& meta,
                 CheckReport& report, std::mutex& report_mu) {
  fetch::ProbeRequest req;
  req.url = url;
  req.timeout_ms = o.timeout_ms;
  const fetch::ProbeResult r = fetch::probe(req);
  LinkCheck check{now_ms(), r.outcome, r.status, r.redirects, r.final_url, r.detail};
  auto link = store.record_link_check(url, check, o.rule, meta);
  if (!link) return link.status();
  if (link->state == "dead" && link->archived.empty() && !o.wayback_url.empty()) {
    auto copy = archived_copy(o.wayback_url, url, o.timeout_ms);
    if (copy && *copy) {
      auto set = store.set_archived_copy(url, **copy, meta);
      if (!set) return set.status();
      link = std::move(set);
    }
  }
  std::lock_guard lock(report_mu);
  ++report.checked;
  ++report.states[link->state];
  if (!link->archived.empty()) ++report.archived;
  if (link->state == "dead")
    report.dead.push_back(url +
                          (link->archived.empty() ? "" : " (archived: " + link->archived + ")"));
  return Status::ok();
}

// What is due: links never checked, or checked longer ago than recheck_after_ms.
Result<std::vector<std::string>> due(const Store& store, const CheckOptions& o, size_t& skipped) {
  auto urls = graph_urls(store);
  if (!urls || o.recheck_after_ms <= 0) return urls;
  std::vector<std::string> out;
  const int64_t now = now_ms();
  for (auto& u : *urls) {
    auto l = store.get_link(u);
    if (!l) return l.status();
    if (*l && !(*l)->checks.empty() && now - (*l)->checks.back().at_ms < o.recheck_after_ms)
      ++skipped;
    else
      out.push_back(std::move(u));
  }
  return out;
}

}  // namespace

Result<std::vector<std::string>> graph_urls(const Store& store) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto add = [&](const std::string& url) {
    if (!url.starts_with("http://") && !url.starts_with("https://")) return;
    auto key = url_key(url);
    if (key && seen.insert(*key).second) out.push_back(url);
  };
  NodeQuery q;
  q.limit = 1000;
  for (;;) {
    auto page = store.list_nodes(q);
    if (!page) return page.status();
    for (const auto& n : page->nodes) {
      add(n.url);
      for (const auto& l : n.links) add(l.url);
    }
    if (page->next.empty()) return out;
    q.after = page->next;
  }
}

Result<CheckReport> check_links(Store& store, const CheckOptions& o, const WriteMeta& meta) {
  if (o.concurrency < 1 || o.concurrency > 256 || o.per_host < 1)
    return invalid("concurrency is 1 to 256 requests, at least 1 per host");
  CheckReport report;
  auto urls = due(store, o, report.skipped);
  if (!urls) return urls.status();
  Schedule schedule(std::move(*urls), o);
  std::mutex report_mu;
  Status failed = Status::ok();
  std::vector<std::thread> workers;
  for (size_t i = 0; i < o.concurrency; ++i)
    workers.emplace_back([&] {
      for (std::string url; !(url = schedule.take()).empty();) {
        Status s = check_one(store, url, o, meta, report, report_mu);
        schedule.done(url);
        if (!s.is_ok()) {
          std::lock_guard lock(report_mu);
          if (failed.is_ok()) failed = s;
        }
      }
    });
  for (auto& w : workers) w.join();
  if (!failed.is_ok()) return failed;
  return report;
}

boost::json::object to_json(const CheckReport& r) {
  boost::json::object states;
  for (const auto& [state, n] : r.states) states[state] = n;
  boost::json::array dead;
  for (const auto& d : r.dead) dead.push_back(boost::json::string(d));
  return {{"checked", r.checked},
          {"skipped", r.skipped},
          {"archived", r.archived},
          {"states", states},
          {"dead", dead}};
}

}  // namespace resgraph::links
