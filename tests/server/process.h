// Runs the real resgraph binary: one-shot commands, and `serve` as a child process.
#pragma once

#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <boost/json/parse.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace resgraph::testing {

struct CliRun {
  int code = -1;
  std::string out;
};

// Runs the binary; `with_errors` keeps what it writes to stderr in `out` too.
inline CliRun run(const std::string& args, bool with_errors = false) {
  CliRun r;
  std::string cmd =
      std::string(RESGRAPH_BIN) + " " + args + (with_errors ? " 2>&1" : " 2>/dev/null");
  FILE* p = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf{};
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// In a forked child: becomes the binary with `args` (args[0] its path), or exits 127.
[[noreturn]] inline void exec_binary(std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  execv(RESGRAPH_BIN, argv.data());
  _exit(127);
}

// Runs the binary on a pseudo-terminal, as a person at a shell would: what it writes to the
// terminal (stdout and stderr, with any control sequences) is `out`.
inline CliRun run_on_terminal(std::vector<std::string> args) {
  args.insert(args.begin(), RESGRAPH_BIN);
  int terminal = -1;
  pid_t pid = forkpty(&terminal, nullptr, nullptr, nullptr);
  if (pid == 0) exec_binary(args);
  CliRun r;
  if (pid < 0) return r;
  std::array<char, 4096> buf{};
  ssize_t n;
  while ((n = read(terminal, buf.data(), buf.size())) > 0) r.out.append(buf.data(), size_t(n));
  close(terminal);  // read fails (EIO) once the child has exited and closed its side
  int status = 0;
  waitpid(pid, &status, 0);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// `resgraph serve` on an ephemeral port; the port is read from the admin file it writes.
class ServeProcess {
 public:
  ~ServeProcess() { stop(SIGTERM); }
  uint16_t start(const std::string& data_dir, const std::string& dataset_dir,
                 const std::vector<std::string>& extra = {}) {
    std::remove((data_dir + "/admin.json").c_str());
    // The suites that start a process measure durability under load, not rate limits.
    std::vector<std::string> args = {RESGRAPH_BIN,    "serve",  "--port",    "0",
                                     "--data-dir",    data_dir, "--dataset", dataset_dir,
                                     "--rate-limits", "off"};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = fork();
    if (pid_ == 0) exec_binary(args);
    for (int i = 0; i < 200; ++i) {
      std::ifstream in(data_dir + "/admin.json");
      std::stringstream text;
      text << in.rdbuf();
      boost::system::error_code ec;
      auto v = boost::json::parse(text.str(), ec);
      if (!ec && v.is_object()) return v.as_object()["port"].to_number<uint16_t>();
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return 0;
  }
  void stop(int signal) {
    if (pid_ <= 0) return;
    kill(pid_, signal);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  pid_t pid_ = -1;
};

}  // namespace resgraph::testing
