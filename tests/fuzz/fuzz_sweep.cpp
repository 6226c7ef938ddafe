// libFuzzer target: the sweep file loader on arbitrary text (parse_sweep, as if the file
// were tests/data/sweeps/fuzz.yaml, so that the corpus's relative scenario paths resolve),
// then the design's points when the design is small. Only ScenarioError is expected.
#include "sim/drivers/sweep.hpp"
#include "sim/io/sweep/spec.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace {

// Small enough to generate every point on each input (the fuzzer is after the loader).
bool small_design(const bpsim::SweepSpec& s) {
  const auto& d = s.design;
  if (s.parameters.size() > 16) return false;
  if (d.kind == "grid") {
    double points = 1;
    for (const auto& p : s.parameters)
      points *= p.levels.empty() ? static_cast<double>(d.points) : static_cast<double>(p.levels.size());
    return points <= 4096;
  }
  return d.samples <= 1024 && d.trajectories <= 256 && d.levels <= 1024;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto spec = bpsim::parse_sweep(text, BPSIM_SOURCE_DIR "/tests/data/sweeps/fuzz.yaml");
    if (!small_design(spec)) return 0;
    std::vector<std::string> roles;
    (void)bpsim::sweep_design(spec, roles);
  } catch (const bpsim::ScenarioError&) {
  }
  return 0;
}
