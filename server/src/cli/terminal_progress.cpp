#include "terminal_progress.h"

#include <unistd.h>

#include <cstdio>
#include <iostream>

namespace resgraph::cli {
namespace {

std::string grouped(size_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace

std::string progress_line(size_t done, size_t total, const char* unit, double seconds) {
  std::string line = grouped(done) + (total ? "/" + grouped(total) : "") + " " + unit;
  if (total) line += " (" + std::to_string(done * 100 / total) + "%)";
  // A rate from the first moments says more about start-up than about the work.
  if (seconds < 0.25 || done == 0) return line;
  double rate = done / seconds;
  line += ", " + grouped(static_cast<size_t>(rate)) + "/s";
  if (total > done) {
    char left[32];
    std::snprintf(left, sizeof left, ", %.1f s left", (total - done) / rate);
    line += left;
  }
  return line;
}

TerminalProgress::TerminalProgress(std::string label, const char* unit)
    : label_(std::move(label)),
      unit_(unit),
      on_(isatty(STDERR_FILENO) == 1),
      started_(std::chrono::steady_clock::now()),
      last_(started_) {}

TerminalProgress::~TerminalProgress() { finish(); }

void TerminalProgress::finish() {
  if (drawn_) std::cerr << "\r\033[K" << std::flush;
  drawn_ = false;
}

void TerminalProgress::operator()(size_t done, size_t total) {
  if (!on_) return;
  auto now = std::chrono::steady_clock::now();
  // Ten redraws a second at most: a terminal is slower than an import.
  if (drawn_ && done != total && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  drawn_ = true;
  double seconds = std::chrono::duration<double>(now - started_).count();
  std::cerr << "\r\033[K" << label_ << ": " << progress_line(done, total, unit_, seconds)
            << std::flush;
}

}  // namespace resgraph::cli
