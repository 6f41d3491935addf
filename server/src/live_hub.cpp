#include "live_hub.h"

#include <boost/json/serialize.hpp>
#include <iostream>
#include <thread>

namespace resgraph::server {
namespace json = boost::json;
namespace {
constexpr size_t kRing = 4096;
}

LiveHub::LiveHub(Store& store, const ServerOptions& options) : store_(store), options_(options) {}

LiveHub::~LiveHub() { stop(); }

void LiveHub::start() {
  head_ = store_.last_seq();
  follower_ = std::thread([this] { follow(); });
}

void LiveHub::stop() {
  stopping_ = true;
  if (follower_.joinable()) follower_.join();
}

std::shared_ptr<const LiveEntry> LiveHub::make_entry(const ChangeEntry& e) const {
  auto entry = std::make_shared<LiveEntry>();
  entry->seq = e.seq;
  entry->id = e.id;
  entry->moderators_only = moderators_only(e);
  if (e.entity == "node") entry->nodes.push_back(e.id);
  if (e.data.is_object()) {
    const auto& o = e.data.get_object();
    for (const char* end : {"from", "to"})
      if (auto* v = o.if_contains(end); v && v->is_string() && e.entity == "edge")
        entry->nodes.emplace_back(v->get_string());
    // A comment reaches those who follow the node it is about.
    if (auto* target = o.if_contains("target");
        target && target->is_string() && e.entity == "comment")
      entry->nodes.emplace_back(target->get_string());
    if (auto* steps = o.if_contains("steps"); steps && steps->is_array())
      for (const auto& s : steps->get_array())
        if (s.is_object())
          if (auto* n = s.get_object().if_contains("node"); n && n->is_string())
            entry->nodes.emplace_back(n->get_string());
  }
  json::object msg = to_json(e);
  msg["type"] = "change";
  entry->message = json::serialize(msg);
  return entry;
}

std::string ended_credential(const ChangeEntry& e, const User& user) {
  if (user.credential.empty()) return "";
  if (e.kind == "session.ended") return e.id == user.credential ? "signed out" : "";
  if (!e.data.is_object() || e.id != "user:" + user.name) return "";
  if (e.kind == "user.suspended") return "the account is suspended";
  if (e.kind != "user.token_revoked" || !user.credential.starts_with("token:")) return "";
  const auto* tokens = e.data.get_object().if_contains("tokens");
  if (tokens && tokens->is_array())
    for (const auto& t : tokens->get_array())
      if (t.is_object())
        if (const auto* id = t.get_object().if_contains("id");
            id && id->is_string() && user.credential == "token:" + std::string(id->get_string()))
          return "";
  return "the token was revoked";
}

void LiveHub::end_credentials(const std::vector<ChangeEntry>& entries) {
  std::vector<std::pair<std::shared_ptr<LiveClient>, std::string>> ending;
  {
    std::lock_guard lock(mu_);
    for (const auto& e : entries) {
      if (e.entity != "user" && e.entity != "session") continue;
      for (const auto& [raw, weak] : clients_)
        if (auto c = weak.lock())
          if (auto why = ended_credential(e, c->opened_as()); !why.empty())
            ending.emplace_back(std::move(c), std::move(why));
    }
  }
  for (auto& [c, why] : ending) c->credential_ended(why);
}

void LiveHub::follow() {
  auto last_sweep = std::chrono::steady_clock::now();
  while (!stopping_) {
    try {
      follow_once(last_sweep);
    } catch (const std::exception& e) {
      // The stream thread never ends on an error: subscribers would hear nothing, for good.
      faults_.fetch_add(1, std::memory_order_relaxed);
      std::cerr << "resgraph: live stream failed, retrying: " << e.what() << "\n";
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  }
}

void LiveHub::follow_once(std::chrono::steady_clock::time_point& last_sweep) {
  uint64_t head = head_.load();
  store_.wait_for_change(head, std::chrono::milliseconds(200));
  auto read = store_.changes_since(head, 1000);
  if (!read) {
    faults_.fetch_add(1, std::memory_order_relaxed);
    std::cerr << "resgraph: live stream cannot read the change log, retrying: "
              << read.status().message() << "\n";
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    return;
  }
  auto& entries = *read;
  if (!entries.empty()) {
    std::vector<std::shared_ptr<LiveClient>> to_notify;
    {
      std::lock_guard lock(mu_);
      for (const auto& e : entries) {
        ring_.push_back(make_entry(e));
        if (ring_.size() > kRing) ring_.pop_front();
      }
      head_ = entries.back().seq;
      for (auto it = clients_.begin(); it != clients_.end();) {
        if (auto c = it->second.lock()) {
          to_notify.push_back(std::move(c));
          ++it;
        } else {
          it = clients_.erase(it);
        }
      }
    }
    for (auto& c : to_notify) c->notify();
    end_credentials(entries);
  }
  // Stalled clients need no tick from here: each session watches its own writes on a timer.
  if (std::chrono::steady_clock::now() - last_sweep > std::chrono::milliseconds(250)) {
    expire_presence();
    last_sweep = std::chrono::steady_clock::now();
  }
}

void LiveHub::attach(const std::shared_ptr<LiveClient>& client) {
  std::lock_guard lock(mu_);
  clients_[client.get()] = client;
}

void LiveHub::detach(LiveClient* client) {
  std::vector<std::string> nodes;
  {
    std::lock_guard lock(mu_);
    clients_.erase(client);
    for (auto& [node, who] : presence_)
      if (who.erase(client)) nodes.push_back(node);
  }
  for (const auto& n : nodes) broadcast_presence(n);
}

size_t LiveHub::clients() const {
  std::lock_guard lock(mu_);
  return clients_.size();
}

LiveStats LiveHub::stats() const {
  return {clients(), queued_bytes_.load(std::memory_order_relaxed),
          slow_closed_.load(std::memory_order_relaxed), faults_.load(std::memory_order_relaxed)};
}

std::vector<std::shared_ptr<const LiveEntry>> LiveHub::read(uint64_t after, size_t max) {
  std::vector<std::shared_ptr<const LiveEntry>> out;
  {
    std::lock_guard lock(mu_);
    if (!ring_.empty() && ring_.front()->seq <= after + 1) {
      size_t skip = after + 1 - ring_.front()->seq;
      for (size_t i = skip; i < ring_.size() && out.size() < max; ++i) out.push_back(ring_[i]);
      return out;
    }
  }
  // Older than the ring: a replay from the store, serialized per read.
  // A failed read hands out nothing: the session's cursor stays put and it asks again on the
  // next change, so a client is delayed, never told it is caught up past what it missed.
  uint64_t head = head_.load();
  auto entries = store_.changes_since(after, max);
  if (!entries) return out;
  for (const auto& e : *entries)
    if (e.seq <= head) out.push_back(make_entry(e));
  return out;
}

std::shared_ptr<const std::string> LiveHub::presence_message(const std::string& node) {
  json::array present;
  {
    std::lock_guard lock(mu_);
    if (auto it = presence_.find(node); it != presence_.end())
      for (const auto& [client, p] : it->second)
        present.push_back(json::object{{"user", p.user}, {"state", p.state}});
  }
  return std::make_shared<const std::string>(json::serialize(
      json::object{{"type", "presence"}, {"node", node}, {"present", std::move(present)}}));
}

void LiveHub::broadcast_presence(const std::string& node) {
  auto message = presence_message(node);
  std::vector<std::shared_ptr<LiveClient>> all;
  {
    std::lock_guard lock(mu_);
    for (auto& [_, weak] : clients_)
      if (auto c = weak.lock()) all.push_back(std::move(c));
  }
  for (auto& c : all) c->presence_changed(node, message);
}

void LiveHub::presence(LiveClient* client, const std::string& user, const std::string& node,
                       const std::string& state) {
  {
    std::lock_guard lock(mu_);
    auto& who = presence_[node];
    if (state == "left")
      who.erase(client);
    else
      who[client] = {user, state,
                     std::chrono::steady_clock::now() +
                         std::chrono::milliseconds(options_.live_presence_ttl_ms)};
    if (who.empty()) presence_.erase(node);
  }
  broadcast_presence(node);
}

void LiveHub::expire_presence() {
  std::vector<std::string> changed;
  auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    for (auto it = presence_.begin(); it != presence_.end();) {
      size_t before = it->second.size();
      std::erase_if(it->second, [&](const auto& kv) { return kv.second.expires < now; });
      if (it->second.size() != before) changed.push_back(it->first);
      it = it->second.empty() ? presence_.erase(it) : std::next(it);
    }
  }
  for (const auto& n : changed) broadcast_presence(n);
}

}  // namespace resgraph::server
