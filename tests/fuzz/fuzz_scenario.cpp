// libFuzzer target: the scenario loader on arbitrary text (parse_scenario), then a few
// ticks of whatever it accepts. Only ScenarioError is an expected outcome.
#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    bpsim::fuzz::short_run(bpsim::parse_scenario(text, "fuzz.yaml"));
  } catch (const bpsim::ScenarioError&) {
  }
  return 0;
}
