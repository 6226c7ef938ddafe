// The resolved Scenario as JSON: every field the engine reads, after the loader filled
// in defaults and validated it. The classroom page embeds scenarios in this form and
// the engine in the browser reads it back (no YAML there). Numbers are written in
// shortest round-trip form, so to_json -> text -> from_json gives the same Scenario bit
// for bit (tested on every shipped scenario). Free of yaml-cpp (nlohmann-json only).
#pragma once

#include "sim/model/scenario.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace bpsim {

inline constexpr int kScenarioJsonVersion = 2;  // 2: `model`

nlohmann::json scenario_to_json(const Scenario& sc);

// Throws std::invalid_argument naming the key when the JSON is not a scenario of this
// version, or a matrix has the wrong shape.
Scenario scenario_from_json(const nlohmann::json& j);

// A seed as the JSON form (and the page) writes it: decimal text of a number in
// [0, 2^64). Throws std::invalid_argument "WHAT must be ..." otherwise.
std::uint64_t seed_from_text(const std::string& text, const char* what = "seed");

}  // namespace bpsim
