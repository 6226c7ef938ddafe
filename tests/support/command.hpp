// Running the built bpsim (or any shell command) from a test, with stdout, stderr and
// the exit status captured. Header-only (the test target globs *_test.cpp).
#pragma once

#include "support/temp_dir.hpp"

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <sys/wait.h>
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

inline bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

inline std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

}  // namespace bpsim::test
