// libFuzzer target: --set PATH=VALUE arguments (parse_override) applied to a shipped
// scenario (parse_scenario with overrides), then a few ticks of what loads.
// Input: the first byte picks the base scenario (scenarios/*.yaml, tests/data/minimal.yaml);
// the rest is one --set argument per line (at most 32). An argument parse_override
// refuses is left out, as the command line would refuse it; only ScenarioError is expected.
#include "fuzz_support.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto& bases = bpsim::fuzz::bases();
  const auto& base = bases[data[0] % bases.size()];
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::vector<bpsim::Override> overrides;
  while (!rest.empty() && overrides.size() < 32) {
    const auto eol = rest.find('\n');
    const std::string arg(rest.substr(0, eol));
    rest = eol == std::string_view::npos ? std::string_view{} : rest.substr(eol + 1);
    try {
      overrides.push_back(bpsim::parse_override(arg));
    } catch (const bpsim::ScenarioError&) {
    }
  }
  try {
    bpsim::fuzz::short_run(bpsim::parse_scenario(base.text, base.label, overrides));
  } catch (const bpsim::ScenarioError&) {
  }
  return 0;
}
