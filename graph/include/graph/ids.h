// Identifiers: time-ordered (so listings by id follow creation) and random in the low bits.
#pragma once

#include <cstdint>
#include <string>

namespace resgraph {

// prefix + 16 hex digits (milliseconds << 16 | counter) + 6 hex digits of randomness.
std::string new_id(char prefix);
// Hex of `bytes` bytes from the system's cryptographic random source.
std::string random_hex(size_t bytes);
int64_t now_ms();
std::string iso_time(int64_t ms);

}  // namespace resgraph
