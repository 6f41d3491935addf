// The live hub follows the change log and tells each live client that there is more to read;
// clients pull from it at their own pace (so a slow one holds back nobody and memory stays
// bounded), and it keeps presence: who is viewing or editing which node. No Beast here.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "graph/store.h"
#include "metrics.h"
#include "server/server.h"

namespace resgraph::server {

struct LiveEntry {
  uint64_t seq = 0;
  std::string message;             // the JSON sent to clients
  std::string id;                  // the node, edge or trail changed
  std::vector<std::string> nodes;  // nodes it concerns (an edge's ends, a trail's steps)
  bool moderators_only = false;    // graph/change_log.h
};

class LiveClient {
 public:
  virtual ~LiveClient() = default;
  // Called from the hub's thread: there are entries past the client's cursor.
  virtual void notify() = 0;
  // Called from the hub's thread: presence on `node` changed; `message` is ready to send.
  virtual void presence_changed(const std::string& node,
                                std::shared_ptr<const std::string> message) = 0;
  // Who the connection was opened as (its credential too), and, from the hub's thread, that the
  // credential no longer holds: the client is closed with `reason`.
  virtual const User& opened_as() const = 0;
  virtual void credential_ended(const std::string& reason) = 0;
};

// Whether a change-log entry ends what `user` signed in with: a suspension ends every
// connection of the account, a revoked token those opened with it, a sign-out its session's.
// Empty when it does not; else the reason to close with.
std::string ended_credential(const ChangeEntry& entry, const User& user);

class LiveHub {
 public:
  LiveHub(Store& store, const ServerOptions& options);
  ~LiveHub();
  void start();
  void stop();

  void attach(const std::shared_ptr<LiveClient>& client);
  void detach(LiveClient* client);
  size_t clients() const;
  LiveStats stats() const;
  // Sessions report what they queue and drop, and when they give up on a slow client.
  void queued(int64_t bytes_delta) {
    queued_bytes_.fetch_add(bytes_delta, std::memory_order_relaxed);
  }
  void slow_client_closed() { slow_closed_.fetch_add(1, std::memory_order_relaxed); }
  uint64_t head() const { return head_.load(); }
  // Entries after `after`, at most `max`: from memory while the ring holds them, else the store.
  std::vector<std::shared_ptr<const LiveEntry>> read(uint64_t after, size_t max);

  // Presence. `state` is "viewing", "editing" or "left".
  void presence(LiveClient* client, const std::string& user, const std::string& node,
                const std::string& state);
  std::shared_ptr<const std::string> presence_message(const std::string& node);

  Store& store() { return store_; }
  const ServerOptions& options() const { return options_; }

 private:
  void follow();
  void follow_once(std::chrono::steady_clock::time_point& last_sweep);
  void expire_presence();
  std::shared_ptr<const LiveEntry> make_entry(const ChangeEntry& e) const;
  void broadcast_presence(const std::string& node);
  void end_credentials(const std::vector<ChangeEntry>& entries);

  Store& store_;
  const ServerOptions& options_;
  std::atomic<uint64_t> head_{0};
  std::atomic<int64_t> queued_bytes_{0};
  std::atomic<uint64_t> slow_closed_{0};
  std::atomic<uint64_t> faults_{0};  // rounds of following the log that failed and were retried
  std::atomic<bool> stopping_{false};
  std::thread follower_;

  mutable std::mutex mu_;
  std::deque<std::shared_ptr<const LiveEntry>> ring_;  // the newest entries, oldest first
  std::map<LiveClient*, std::weak_ptr<LiveClient>> clients_;

  struct Presence {
    std::string user, state;
    std::chrono::steady_clock::time_point expires;
  };
  std::map<std::string, std::map<LiveClient*, Presence>> presence_;  // node -> client -> state
};

}  // namespace resgraph::server
