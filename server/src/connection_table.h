// The listener's table of open HTTP connections. Its limit is a count of file descriptors, and a
// client that opens sockets and sends nothing (or a byte a minute) must not fill it: when the
// table nears its limit, connections still waiting for a request head are closed first, oldest
// first. Requests being read or answered are never shed, and WebSocket subscribers are not in
// this table at all (a session leaves it when it upgrades).
#pragma once

#include <cstddef>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace resgraph::server {

// A connection that may be shed: it closes itself on its own thread.
class Sheddable {
 public:
  virtual ~Sheddable() = default;
  virtual void shed() = 0;

 private:
  friend class ConnectionTable;
  bool listed_ = false;    // all three guarded by the table's mutex
  bool shedding_ = false;  // picked to be shed, not yet closed
  std::list<std::weak_ptr<Sheddable>>::iterator at_;
};

class ConnectionTable {
 public:
  // `per_client` 0: no cap per address (behind a reverse proxy, every client has its address).
  ConnectionTable(size_t limit, size_t per_client);

  // Room for a new connection from `address`, shedding waiting ones if the table is nearly full;
  // false when it is full of connections that may not be shed.
  bool admit(const std::string& address);
  // The connection has closed (or upgraded to a WebSocket): its destructor calls this.
  void leave(Sheddable& connection, const std::string& address);

  // The connection waits for a request head: it may be shed from now on, oldest first...
  void waiting(const std::shared_ptr<Sheddable>& connection);
  // ...until its request has begun, or it closes (a destructor calls this too).
  void busy(Sheddable& connection);

  size_t open() const;
  size_t limit() const { return limit_; }

 private:
  void shed_oldest(size_t n);  // with mu_ held
  void log_full(const char* what);

  const size_t limit_, high_water_, per_client_;
  mutable std::mutex mu_;
  size_t open_ = 0;
  size_t shedding_ = 0;  // of open_, those picked to be shed whose threads have not closed them yet
  std::list<std::weak_ptr<Sheddable>> waiting_;
  std::map<std::string, size_t> by_address_;
  size_t full_events_ = 0;
};

}  // namespace resgraph::server
