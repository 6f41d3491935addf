// A progress line for long CLI work (done / total, rate, time left), redrawn in place on a
// terminal and cleared when the work ends; nothing at all when stderr is not a terminal, so
// logs and pipes see only the report.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace resgraph::cli {

class TerminalProgress {
 public:
  TerminalProgress(std::string label, const char* unit);
  ~TerminalProgress();
  TerminalProgress(const TerminalProgress&) = delete;
  TerminalProgress& operator=(const TerminalProgress&) = delete;

  void operator()(size_t done, size_t total);
  // Clears the line, so that what is printed next starts clean (the destructor does it too).
  void finish();

 private:
  std::string label_;
  const char* unit_;
  bool on_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point started_, last_;
};

// "512/1,204 entries (42%), 2,400/s, 0.3 s left": the line itself, for tests to read.
std::string progress_line(size_t done, size_t total, const char* unit, double seconds);

}  // namespace resgraph::cli
