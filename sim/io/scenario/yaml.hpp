// The YAML scenario loader: parse, apply --set overrides, validate (collecting
// every error it can find, like a compiler), and fill an immutable Scenario.
#pragma once

#include "sim/io/scenario/error.hpp"
#include "sim/io/scenario/overrides.hpp"
#include "sim/model/scenario.hpp"

#include <string>
#include <vector>

namespace bpsim {

// The keys a resolved scenario may have at the top (after extends:, remove_events: and
// add_events: are applied); the JSON Schema (io/schema.cpp) describes each of them, and
// a test checks the two agree.
const std::vector<std::string>& scenario_top_keys();

// Reads the file; an unreadable file is a ScenarioError naming it.
Scenario load_scenario(const std::string& path, const std::vector<Override>& overrides = {});

// file_label is only used in diagnostics and Scenario::source_file.
Scenario parse_scenario(const std::string& yaml_text, const std::string& file_label,
                        const std::vector<Override>& overrides = {});

// The files a scenario is made of: `path` first, then its bases (extends:) in order.
// Throws ScenarioError like load_scenario when the chain cannot be read.
std::vector<std::string> scenario_files(const std::string& path);

// A fingerprint of everything a scenario file reads: the SHA-256 of the file when it
// extends nothing (so that it is the file_sha256 it always was), else the SHA-256 of the
// hex digests of scenario_files(path), one a line. For manifests, snapshots and sweeps,
// so that a change to a base is a change to the scenario.
std::string scenario_sha256(const std::string& path);

}  // namespace bpsim
