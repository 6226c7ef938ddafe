// The ranges of what a scenario may hold besides parameters and traits (their tables
// are kParams, sim/model/parameters.hpp, and kTraits, sim/model/traits.hpp): state
// values (the event fields' ranges are in their kinds' descriptors, sim/rules/KIND.hpp),
// and lookups by name. Read by the YAML loader (validation),
// the fast --set patcher, the JSON form of a scenario and the classroom page's
// sliders. Free of YAML, so the engine built for the browser (sim/web) has them too.
#pragma once

#include "sim/model/parameters.hpp"
#include "sim/model/range.hpp"
#include "sim/model/traits.hpp"

#include <string>
#include <string_view>

namespace bpsim {

// State values.
inline constexpr Range kCapabilityRange = kNonNegative;  // raw units
inline constexpr Range kAlignmentRange = kSignedUnit;    // alignment and identity coordinates
inline constexpr Range kRelationRange = kSignedUnit;     // relations R(i, j)
inline constexpr Range kArmsShareRange = kUnit;          // arms import shares (dependence)
// A buyer's arms import shares sum to at most 1 + this (round-off in written files).
inline constexpr double kArmsShareSumSlack = 1e-9;

const ParamSpec* find_param(std::string_view name);  // null if unknown
const TraitSpec* find_trait(std::string_view name);  // null if unknown

// Why parameter p may not be set in a scenario of model m ("" when it may): the loader's
// and the fast --set patcher's one wording.
std::string parameter_model_problem(const ParamSpec& p, ModelVersion m);

}  // namespace bpsim
