// The loader's diagnostics for a scenario text, each as "YAML path: message" (no file or
// line), for tests that check what a rule kind's descriptor makes the loader refuse.
#pragma once

#include "sim/io/scenario/error.hpp"
#include "sim/io/scenario/yaml.hpp"

#include <string>
#include <vector>

namespace bpsim::test {

// Empty when the text loads.
inline std::vector<std::string> load_errors(const std::string& yaml, const std::string& file = "test.yaml") {
  std::vector<std::string> out;
  try {
    parse_scenario(yaml, file);
  } catch (const ScenarioError& e) {
    for (const Diagnostic& d : e.diagnostics()) out.push_back(d.yaml_path + ": " + d.message);
  }
  return out;
}

}  // namespace bpsim::test
