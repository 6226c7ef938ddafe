// The YAML scenario loader: parse, apply --set overrides, validate (collecting
// every error it can find, like a compiler), and fill an immutable Scenario.
#pragma once

#include "sim/io/scenario/overrides.hpp"
#include "sim/io/scenario/error.hpp"
#include "sim/model/scenario.hpp"

#include <string>
#include <vector>

namespace bpsim {

// Reads the file; an unreadable file is a ScenarioError naming it.
Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides = {});

// file_label is only used in diagnostics and Scenario::source_file.
Scenario parse_scenario(const std::string& yaml_text, const std::string& file_label,
                        const std::vector<Override>& overrides = {});

}  // namespace bpsim
