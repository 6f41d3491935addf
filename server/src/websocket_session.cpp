#include "websocket_session.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <deque>
#include <set>

#include "live_hub.h"

namespace resgraph::server {
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
namespace json = boost::json;
using tcp = net::ip::tcp;

namespace {

constexpr size_t kMaxMessage = size_t{64} * 1024;
constexpr size_t kMaxSubscribedNodes = 1000;
std::atomic<uint64_t> anonymous_counter{0};

class WebSocketSession : public LiveClient, public std::enable_shared_from_this<WebSocketSession> {
 public:
  WebSocketSession(tcp::socket&& socket, LiveHub& hub, User user)
      : ws_(std::move(socket)),
        stall_timer_(ws_.get_executor()),
        hub_(hub),
        user_(std::move(user)) {
    if (user_.name.empty()) user_.name = "anonymous-" + std::to_string(++anonymous_counter);
  }
  ~WebSocketSession() override { hub_.queued(-queued_bytes_); }

  void run(const http::request<http::string_body>& req) {
    const auto& o = hub_.options();
    if (o.live_send_buffer > 0) {
      boost::system::error_code ec;
      beast::get_lowest_layer(ws_).socket().set_option(
          net::socket_base::send_buffer_size(o.live_send_buffer), ec);
    }
    auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
    timeouts.idle_timeout = std::chrono::seconds(o.live_idle_timeout_s);
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    ws_.read_message_max(kMaxMessage);
    ws_.set_option(websocket::stream_base::decorator(
        [](websocket::response_type& res) { res.set(http::field::server, "resgraph"); }));
    ws_.async_accept(req,
                     beast::bind_front_handler(&WebSocketSession::on_accept, shared_from_this()));
  }

  void notify() override {
    net::post(ws_.get_executor(), [self = shared_from_this()] { self->pump(); });
  }

  void presence_changed(const std::string& node,
                        std::shared_ptr<const std::string> message) override {
    net::post(ws_.get_executor(), [self = shared_from_this(), node, message] {
      if (self->watching(node) || self->present_on_.count(node)) self->send(message);
    });
  }

  const User& opened_as() const override { return user_; }

  void credential_ended(const std::string& reason) override {
    net::post(ws_.get_executor(), [self = shared_from_this(), reason] {
      self->close(websocket::close_code::policy_error, reason);
    });
  }

 private:
  void on_accept(beast::error_code ec) {
    if (ec) return;
    hub_.attach(shared_from_this());
    send_json({{"type", "hello"}, {"user", user_.name}, {"last_seq", hub_.head()}});
    read();
    watch_for_stalls();
  }

  // A client that stops reading leaves a write pending forever; once one has waited past the
  // stall timeout the client is closed, and it resumes from the last sequence it saw. Checked
  // on a timer, not on the next change, so a stalled client is closed even when edits stop.
  void watch_for_stalls() {
    auto timeout = std::chrono::milliseconds(hub_.options().live_stall_timeout_ms);
    stall_timer_.expires_after(std::min<std::chrono::milliseconds>(
        timeout / 4 + std::chrono::milliseconds(1), std::chrono::seconds(1)));
    stall_timer_.async_wait([self = shared_from_this(), timeout](beast::error_code ec) {
      if (ec || self->closing_ || self->finished_) return;
      if (self->writing_ && std::chrono::steady_clock::now() - self->write_started_ > timeout) {
        self->hub_.slow_client_closed();
        return self->close(websocket::close_code::policy_error,
                           "slow consumer: reconnect and subscribe since your last seq");
      }
      self->watch_for_stalls();
    });
  }

  void read() {
    ws_.async_read(buffer_,
                   beast::bind_front_handler(&WebSocketSession::on_read, shared_from_this()));
  }

  void on_read(beast::error_code ec, size_t) {
    if (ec) return finish();
    std::string text = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    handle(text);
    if (!closing_) read();
  }

  void handle(const std::string& text) {
    boost::system::error_code ec;
    auto msg = json::parse(text, ec);
    if (ec || !msg.is_object()) return error("messages are JSON objects with a \"type\"");
    const auto& o = msg.get_object();
    auto* type = o.if_contains("type");
    if (!type || !type->is_string()) return error("a message needs a \"type\"");
    if (*type == "subscribe") return subscribe(o);
    if (*type == "presence") return presence(o);
    if (*type == "ping") return send_json({{"type", "pong"}, {"last_seq", hub_.head()}});
    error("unknown message type '" + std::string(type->get_string()) +
          "'; use subscribe, presence or ping");
  }

  // {"type":"subscribe","since":SEQ,"nodes":[…],"trail":"slug"}: replay after SEQ, then live.
  void subscribe(const json::object& o) {
    std::set<std::string> nodes;
    std::string trail;
    if (auto* n = o.if_contains("nodes")) {
      if (!n->is_array() || n->get_array().size() > kMaxSubscribedNodes)
        return error("nodes must be an array of at most 1000 node ids or slugs");
      for (const auto& v : n->get_array()) {
        if (!v.is_string()) return error("nodes must be an array of node ids or slugs");
        auto node = hub_.store().get_node(std::string(v.get_string()));
        if (!node) return error("no node '" + std::string(v.get_string()) + "'");
        nodes.insert(node->id);
      }
    }
    if (auto* t = o.if_contains("trail")) {
      if (!t->is_string()) return error("trail must be a trail slug");
      auto found = hub_.store().get_trail(std::string(t->get_string()));
      if (!found) return error("no trail '" + std::string(t->get_string()) + "'");
      trail = found->id;
      for (const auto& s : found->steps) nodes.insert(s.node);
    }
    // The store's newest change, not the hub's: a client that read a snapshot over REST may
    // already know of changes the hub has not relayed yet; pumping waits for the hub.
    uint64_t head = std::max(hub_.head(), hub_.store().last_seq());
    uint64_t since = head;
    if (auto* s = o.if_contains("since")) {
      if (!s->is_int64() || s->get_int64() < 0) return error("since must be a sequence number");
      since = static_cast<uint64_t>(s->get_int64());
    }
    if (since > head)
      return error("since " + std::to_string(since) + " is past the newest change, " +
                   std::to_string(head));
    nodes_ = std::move(nodes);
    trail_ = trail;
    filtered_ = !nodes_.empty() || !trail_.empty();
    if (head - since > hub_.options().live_max_replay) {
      // Too far behind to replay: the client reloads a snapshot over REST, then resumes here.
      cursor_ = head;
      send_json({{"type", "resync"},
                 {"reason", "too far behind to replay; reload, then subscribe since last_seq"},
                 {"last_seq", head}});
    } else {
      cursor_ = since;
    }
    subscribed_ = true;
    announced_ = false;
    for (const auto& n : nodes_) send(hub_.presence_message(n));
    pump();
  }

  // {"type":"presence","node":"id-or-slug","state":"viewing"|"editing"|"left"}
  void presence(const json::object& o) {
    auto* node = o.if_contains("node");
    auto* state = o.if_contains("state");
    if (!node || !node->is_string() || !state || !state->is_string() ||
        (*state != "viewing" && *state != "editing" && *state != "left"))
      return error("presence needs node and state (viewing, editing or left)");
    auto found = hub_.store().get_node(std::string(node->get_string()));
    if (!found) return error("no node '" + std::string(node->get_string()) + "'");
    if (*state == "left")
      present_on_.erase(found->id);
    else
      present_on_.insert(found->id);
    hub_.presence(this, user_.name, found->id, std::string(state->get_string()));
  }

  bool watching(const std::string& node) const { return !filtered_ || nodes_.count(node); }

  bool wanted(const LiveEntry& e) const {
    if (e.moderators_only && user_.role < Role::moderator) return false;
    if (!filtered_) return true;
    if (e.id == trail_ || nodes_.count(e.id)) return true;
    for (const auto& n : e.nodes)
      if (nodes_.count(n)) return true;
    return false;
  }

  // Moves entries from the log into the queue while it holds less than its byte bound; the
  // rest wait in the log, so a client that reads slowly costs no more than its queue.
  void pump() {
    if (!subscribed_ || closing_) return;
    const auto max = static_cast<int64_t>(hub_.options().live_queue_bytes);
    while (queued_bytes_ < max && cursor_ < hub_.head()) {
      auto entries = hub_.read(cursor_, kReadBatch);
      if (entries.empty()) break;
      for (const auto& e : entries) {
        cursor_ = e->seq;
        if (wanted(*e)) send(std::shared_ptr<const std::string>(e, &e->message));
        if (queued_bytes_ >= max) break;
      }
    }
    if (cursor_ >= hub_.head() && !announced_) {
      announced_ = true;
      send_json({{"type", "caught_up"}, {"seq", cursor_}});
    }
  }

  void send_json(const json::object& o) {
    send(std::make_shared<const std::string>(json::serialize(o)));
  }

  void error(const std::string& message) { send_json({{"type", "error"}, {"message", message}}); }

  void send(std::shared_ptr<const std::string> message) {
    if (closing_ || finished_) return;
    account(static_cast<int64_t>(message->size()));
    queue_.push_back(std::move(message));
    if (!writing_) write();
  }

  void write() {
    writing_ = true;
    write_started_ = std::chrono::steady_clock::now();
    ws_.text(true);
    ws_.async_write(net::buffer(*queue_.front()),
                    beast::bind_front_handler(&WebSocketSession::on_write, shared_from_this()));
  }

  void on_write(beast::error_code ec, size_t) {
    writing_ = false;
    account(-static_cast<int64_t>(queue_.front()->size()));
    queue_.pop_front();
    if (ec) return finish();
    pump();  // may itself start the next write
    if (!writing_ && !queue_.empty() && !closing_) write();
  }

  void close(websocket::close_code code, const std::string& reason) {
    if (closing_) return;
    closing_ = true;
    // The message being written stays alive until its write completes; the rest are dropped.
    auto keep = writing_ && !queue_.empty() ? queue_.begin() + 1 : queue_.begin();
    for (auto it = keep; it != queue_.end(); ++it) account(-static_cast<int64_t>((*it)->size()));
    queue_.erase(keep, queue_.end());
    // The close frame waits behind a pending write, which a peer that reads nothing never
    // lets finish (deadlines do not reach a write already pending), so after a short grace
    // the socket is closed under it.
    stall_timer_.expires_after(std::chrono::seconds(2));
    stall_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec && !self->finished_) beast::get_lowest_layer(self->ws_).close();
    });
    ws_.async_close(websocket::close_reason(code, reason),
                    [self = shared_from_this()](beast::error_code) { self->finish(); });
  }

  void finish() {
    if (finished_) return;
    finished_ = true;
    stall_timer_.cancel();
    hub_.detach(this);
  }

  void account(int64_t delta) {
    queued_bytes_ += delta;
    hub_.queued(delta);
  }

  static constexpr size_t kReadBatch = 256;
  websocket::stream<beast::tcp_stream> ws_;
  net::steady_timer stall_timer_;
  beast::flat_buffer buffer_;
  LiveHub& hub_;
  User user_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  int64_t queued_bytes_ = 0;
  bool writing_ = false, closing_ = false, finished_ = false;
  bool subscribed_ = false, announced_ = false, filtered_ = false;
  uint64_t cursor_ = 0;
  std::set<std::string> nodes_, present_on_;
  std::string trail_;
  std::chrono::steady_clock::time_point write_started_;
};

}  // namespace

void start_websocket_session(tcp::socket socket, const http::request<http::string_body>& request,
                             LiveHub& hub, User user) {
  std::make_shared<WebSocketSession>(std::move(socket), hub, std::move(user))->run(request);
}

}  // namespace resgraph::server
