#include "connection_table.h"

#include <algorithm>
#include <iostream>
#include <vector>

namespace resgraph::server {

ConnectionTable::ConnectionTable(size_t limit, size_t per_client)
    : limit_(limit), high_water_(limit - limit / 10), per_client_(per_client) {}

bool ConnectionTable::admit(const std::string& address) {
  std::vector<std::shared_ptr<Sheddable>> to_shed;
  {
    std::lock_guard lock(mu_);
    if (per_client_ && by_address_[address] >= per_client_) {
      log_full("connections from one address reached the per-client cap");
      return false;
    }
    if (open_ - shedding_ >= high_water_) {
      // Two out for each one in, while there are waiting ones: the table drains to below
      // the high-water mark however fast idle sockets arrive.
      for (auto it = waiting_.begin(); it != waiting_.end() && to_shed.size() < 2;) {
        // An entry that cannot be locked belongs to a connection closing right now, whose
        // destructor takes it out.
        auto c = it->lock();
        if (!c) {
          ++it;
          continue;
        }
        c->listed_ = false;
        c->shedding_ = true;
        ++shedding_;
        it = waiting_.erase(it);
        to_shed.push_back(std::move(c));
      }
      log_full("the connection table is nearly full; shedding idle connections");
    }
    // Connections being shed still hold their sockets until their own threads close them: they
    // do not count against the limit, within a margin that bounds the file descriptors.
    if (open_ - shedding_ >= limit_ || open_ >= limit_ + std::max<size_t>(limit_ / 10, 256)) {
      log_full("the connection table is full of requests in progress; refusing connections");
      return false;
    }
    ++open_;
    ++by_address_[address];
  }
  for (auto& c : to_shed) c->shed();
  return true;
}

void ConnectionTable::leave(Sheddable& connection, const std::string& address) {
  std::lock_guard lock(mu_);
  if (connection.listed_) waiting_.erase(connection.at_);
  connection.listed_ = false;
  if (connection.shedding_) --shedding_;
  connection.shedding_ = false;
  --open_;
  if (auto it = by_address_.find(address); it != by_address_.end() && --it->second == 0)
    by_address_.erase(it);
}

void ConnectionTable::waiting(const std::shared_ptr<Sheddable>& connection) {
  std::lock_guard lock(mu_);
  if (connection->listed_ || connection->shedding_) return;
  connection->at_ = waiting_.insert(waiting_.end(), connection);
  connection->listed_ = true;
}

void ConnectionTable::busy(Sheddable& connection) {
  std::lock_guard lock(mu_);
  if (!connection.listed_) return;
  waiting_.erase(connection.at_);
  connection.listed_ = false;
}

size_t ConnectionTable::open() const {
  std::lock_guard lock(mu_);
  return open_;
}

// Once at the first time, then every 1,000th: a flood must not also flood the log.
void ConnectionTable::log_full(const char* what) {
  if (full_events_++ % 1000 == 0)
    std::cerr << "resgraph: " << what << " (" << open_ << " open, limit " << limit_ << ")\n";
}

}  // namespace resgraph::server
