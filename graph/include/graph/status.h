// One status type for the whole project. Modules return it; only server/ turns it into HTTP.
// A failed Status always carries a message a user can act on.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace resgraph {

enum class Code { ok, invalid, not_found, conflict, unauthorized, forbidden, too_large, unavailable, internal };

const char* code_name(Code code);

class Status {
 public:
  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status ok() { return {}; }
  bool is_ok() const { return code_ == Code::ok; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // Extra machine-readable detail, e.g. the id of an existing duplicate or the current revision.
  const std::string& detail() const { return detail_; }
  Status& with_detail(std::string detail) {
    detail_ = std::move(detail);
    return *this;
  }

 private:
  Code code_ = Code::ok;
  std::string message_;
  std::string detail_;
};

inline Status invalid(std::string m) { return {Code::invalid, std::move(m)}; }
inline Status not_found(std::string m) { return {Code::not_found, std::move(m)}; }
inline Status conflict(std::string m) { return {Code::conflict, std::move(m)}; }
inline Status unavailable(std::string m) { return {Code::unavailable, std::move(m)}; }
inline Status internal(std::string m) { return {Code::internal, std::move(m)}; }

// An If-Match naming an older revision than the stored one: the same words for every kind of
// record, and the record's id as the detail (the server answers with the current version).
inline Status stale_revision(const std::string& kind, const std::string& name, const std::string& id,
                             int64_t at, int64_t wanted) {
  return conflict(kind + " '" + name + "' is at revision " + std::to_string(at) + ", not " +
                  std::to_string(wanted) + "; merge your change with the current version")
      .with_detail("current:" + id);
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

}  // namespace resgraph
