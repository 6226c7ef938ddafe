// Running the built bpsim (or any shell command) from a test, with stdout, stderr and
// the exit status captured. Header-only (the test target globs *_test.cpp).
#pragma once

#include "support/temp_dir.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <sys/wait.h>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace bpsim::test {

struct Result {
  int status = -1;  // exit status; -1 when the process did not exit normally
  std::string out, err;
};

// Runs `command` through the shell from dir, stdout and stderr captured in files there.
inline Result run_cmd(const std::filesystem::path& dir, const std::string& command) {
  const std::filesystem::path out = dir / ".stdout", err = dir / ".stderr";
  const std::string cmd =
      "cd '" + dir.string() + "' && " + command + " >'" + out.string() + "' 2>'" + err.string() + "'";
  const int raw = std::system(cmd.c_str());
  Result r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = read_text(out);
  r.err = read_text(err);
  std::filesystem::remove(out);
  std::filesystem::remove(err);
  return r;
}

// Runs `bpsim ARGS` from dir.
inline Result run_bpsim(const std::filesystem::path& dir, const std::string& args) {
  return run_cmd(dir, "'" BPSIM_BINARY "' " + args);
}
inline Result run_bpsim(const TempDir& dir, const std::string& args) { return run_bpsim(dir.path(), args); }

// `bpsim ARGS...` in the background, stdout and stderr into dir/.bg-out, .bg-err.
inline pid_t spawn_bpsim(const std::filesystem::path& dir, const std::vector<std::string>& args) {
  std::vector<std::string> all = {BPSIM_BINARY};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  const std::string d = dir.string(), out = (dir / ".bg-out").string(), err = (dir / ".bg-err").string();
  const pid_t pid = ::fork();
  if (pid == 0) {  // only async-signal-safe calls until exec
    if (::chdir(d.c_str()) != 0) ::_exit(126);
    const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (o < 0 || e < 0) ::_exit(126);
    ::dup2(o, 1);
    ::dup2(e, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

// Waits (up to 20 s) until path exists; false on timeout or when the child ended first.
inline bool wait_for_file(const std::filesystem::path& path, pid_t child) {
  for (int i = 0; i < 2000; ++i) {
    if (std::filesystem::exists(path)) return true;
    int st = 0;
    if (::waitpid(child, &st, WNOHANG) == child) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

inline int wait_child(pid_t pid) {
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  return st;
}

inline bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

inline std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace bpsim::test
