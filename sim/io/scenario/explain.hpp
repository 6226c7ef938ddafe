// `bpsim explain FILE [--set ...]`: the scenario the loader reads, after extends,
// remove_events/add_events and --set, with every parameter, trait and schedule default
// filled in, and after each value where it came from: FILE:LINE, --set PATH=VALUE, or
// default (or "defaults FILE:LINE" for a trait from the file's `defaults:`).
#pragma once

#include "sim/io/scenario/overrides.hpp"

#include <string>
#include <vector>

namespace bpsim {

// YAML-ish text, one value a line. Throws ScenarioError when the scenario does not load.
std::string explain_scenario(const std::string& path, const std::vector<Override>& overrides);

}  // namespace bpsim
