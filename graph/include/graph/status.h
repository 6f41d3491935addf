// One status type for the whole project. Modules return it; only server/ turns it into HTTP.
// A failed Status always carries a message a user can act on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace resgraph {

// The categories of failure. Each is one problem type of the HTTP API (docs/problems.md);
// server/ alone maps them to HTTP statuses.
enum class Code {
  ok,
  invalid,             // the input is wrong: fix it and send it again
  not_found,           // no such record (or endpoint)
  conflict,            // a stale revision or a duplicate: see the details
  unauthorized,        // no valid credentials
  forbidden,           // valid credentials, not allowed
  method_not_allowed,  // the path exists, the method does not
  too_large,           // the body is over the limit
  headers_too_large,   // the request head is over the limit
  unavailable,         // cannot be done right now: retry later
  internal,            // a bug or a damaged record: logged
  upstream,            // a source fetched for the request failed (no answer, an error, too big)
  rate_limited,        // too many requests from this account or address: retry after a wait
};

const char* code_name(Code code);

// What a caller can act on, beside the message: typed, never parsed back out of a string.
struct StatusDetail {
  std::string current;   // a stale revision: the id of the record as it is now
  std::string existing;  // a duplicate: the id of the record that holds the URL, title or slug
  unsigned retry_after_s = 0;  // unavailable: when to try again
  bool locked = false;         // unavailable: another process holds the store
};

class Status {
 public:
  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return {}; }
  bool is_ok() const { return code_ == Code::ok; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }
  const StatusDetail& detail() const { return detail_; }

  Status& with_current(std::string id) {
    detail_.current = std::move(id);
    return *this;
  }
  Status& with_existing(std::string id) {
    detail_.existing = std::move(id);
    return *this;
  }
  Status& with_retry_after(unsigned seconds) {
    detail_.retry_after_s = seconds;
    return *this;
  }
  Status& with_locked() {
    detail_.locked = true;
    return *this;
  }

 private:
  Code code_ = Code::ok;
  std::string message_;
  StatusDetail detail_;
};

inline Status invalid(std::string m) { return {Code::invalid, std::move(m)}; }
inline Status not_found(std::string m) { return {Code::not_found, std::move(m)}; }
inline Status conflict(std::string m) { return {Code::conflict, std::move(m)}; }
inline Status unavailable(std::string m) { return {Code::unavailable, std::move(m)}; }
inline Status internal(std::string m) { return {Code::internal, std::move(m)}; }
inline Status upstream(std::string m) { return {Code::upstream, std::move(m)}; }
// A record that already holds what a new one would: its id travels with the conflict.
inline Status duplicate(std::string m, std::string existing_id) {
  return conflict(std::move(m)).with_existing(std::move(existing_id));
}
// A condition that should pass by itself (a full disk freed, an index rebuilt).
inline Status retry_later(std::string m, unsigned seconds = 5) {
  return unavailable(std::move(m)).with_retry_after(seconds);
}
inline Status rate_limited(std::string m, unsigned seconds) {
  return Status(Code::rate_limited, std::move(m)).with_retry_after(seconds);
}

// An If-Match naming an older revision than the stored one: the same words for every kind of
// record, and the record's id as the detail (the server answers with the current version).
inline Status stale_revision(const std::string& kind, const std::string& name,
                             const std::string& id, int64_t at, int64_t wanted) {
  return conflict(kind + " '" + name + "' is at revision " + std::to_string(at) + ", not " +
                  std::to_string(wanted) + "; merge your change with the current version")
      .with_current(id);
}

// A value or the Status that explains why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Status status) : v_(std::move(status)) {}

  bool is_ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return is_ok(); }
  T& value() { return std::get<T>(v_); }
  const T& value() const { return std::get<T>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Status& status() const {
    static const Status ok_status;
    return is_ok() ? ok_status : std::get<Status>(v_);
  }

 private:
  std::variant<T, Status> v_;
};

// For reads where a missing record is an answer (deleted meanwhile, never made) but any other
// failure is not: the value, nullopt for not_found, or the failure that kept it from being read.
template <typename T>
Result<std::optional<T>> if_found(Result<T> r) {
  if (r) return std::optional<T>(std::move(*r));
  if (r.status().code() == Code::not_found) return std::optional<T>();
  return r.status();
}

}  // namespace resgraph
