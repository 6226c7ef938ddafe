// What the libFuzzer targets share: the shipped scenarios as bases, and a short run of a
// scenario that loaded (so that the numbers a loader lets through meet the tick under
// ASan and UBSan). Each target catches only the errors its reader documents; anything
// else (a bare std::out_of_range, bad_alloc, a YAML exception) escapes and libFuzzer
// reports it as a crash, as it would reach the user as a bare exception text.
#pragma once

#include "sim/core/run.hpp"
#include "sim/io/scenario/yaml.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace bpsim::fuzz {

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Base {
  std::string label;  // the file's path, for diagnostics and relative paths
  std::string text;
};

// scenarios/*.yaml and tests/data/minimal.yaml, sorted by path (a fixed order, so that
// an input's selector byte means the same base on every run).
inline const std::vector<Base>& bases() {
  static const std::vector<Base> all = [] {
    namespace fs = std::filesystem;
    std::vector<fs::path> paths{fs::path(BPSIM_SOURCE_DIR) / "tests/data/minimal.yaml"};
    for (const auto& e : fs::directory_iterator(fs::path(BPSIM_SOURCE_DIR) / "scenarios"))
      if (e.path().extension() == ".yaml") paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    std::vector<Base> out;
    for (const auto& p : paths) out.push_back({p.string(), read_text(p)});
    return out;
  }();
  return all;
}

// A few ticks of a loaded scenario; a number that stops being finite is the documented
// std::runtime_error of run_scenario. Large worlds are skipped (the fuzzer is after the
// loader, not the speed of the tick).
inline void short_run(const Scenario& sc) {
  if (sc.n_states() > 200) return;
  RunOptions opt;
  opt.ticks = std::min(sc.ticks, 3);
  try {
    run_scenario(sc, opt, {});
  } catch (const std::runtime_error&) {
  }
}

}  // namespace bpsim::fuzz
