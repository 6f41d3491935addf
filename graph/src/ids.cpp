#include "graph/ids.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <random>

namespace resgraph {

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string random_hex(size_t bytes) {
  // random_device reads the kernel's CSPRNG on Linux (getrandom); tokens depend on that.
  static thread_local std::random_device rd;
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (size_t i = 0; i < bytes; i += 4) {
    uint32_t r = rd();
    for (size_t j = 0; j < 4 && i + j < bytes; ++j) {
      uint8_t b = (r >> (8 * j)) & 0xff;
      out.push_back(digits[b >> 4]);
      out.push_back(digits[b & 15]);
    }
  }
  return out;
}

std::string new_id(char prefix) {
  // Milliseconds in the high bits and a counter in the low 16, so ids made in the same
  // millisecond still sort in creation order within this process.
  static std::atomic<uint64_t> last{0};
  uint64_t want = static_cast<uint64_t>(now_ms()) << 16;
  uint64_t prev = last.load();
  uint64_t next;
  do {
    next = std::max(want, prev + 1);
  } while (!last.compare_exchange_weak(prev, next));
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(next));
  return std::string(1, prefix) + buf + random_hex(3);
}

std::string iso_time(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];  // room for any int a std::tm field can hold, as -Wformat-truncation asks
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

}  // namespace resgraph
