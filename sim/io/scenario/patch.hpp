// Fast overrides for parameter sweeps: a numeric --set PATH resolved once against a
// base Scenario into a direct write on a copy of it, so that a sweep variant costs a
// Scenario copy instead of a YAML parse (0.2-0.8 ms, more than a run).
//
// Guarantee: for a supported path, `Scenario v = base; patch.apply(v, x);` gives
// exactly (every field, bit for bit) the Scenario that the loader builds from the
// base's file with the base's overrides plus `--set PATH=X`, where X is written so
// that it reads back as the same double (e.g. fmt's "{}", the shortest round-trip
// form). Every supported path writes one number that nothing else is derived from,
// so several patches (distinct paths) compose in any order, like several --set.
//
// Range checks: apply() does NOT validate `value` against the loader's allowed range
// (hedging in [0, 1], tolerance > 1, ...). Sweep drivers must first check each swept
// path's extreme values with the real loader (load_scenario with those overrides);
// every range is an interval per value, so the extremes passing means every value
// in between passes too.
//
// Supported (numeric, one cell, equality with the loader decidable from the Scenario):
//   parameters.<name>                    every row of kParams (sim/model/parameters.hpp)
//   states.<ID|index>.traits.<trait>     every row of kTraits (sim/model/traits.hpp)
//   states.<ID|index>.traits.growth.<dim>   only when the state's growth row is not
//                                        the same rate for every dim (so the file
//                                        cannot have given it as one scalar)
//   states.<ID|index>.capability.<dim>
//   states.<ID|index>.alignment.<k>      only when the state has its own identity
//   states.<ID|index>.identity.<k>       (identity row != alignment row); otherwise
//                                        identity is derived from alignment, or absent
//   events.<k>.<kind>.<field>            every number field of the rule kinds'
//                                        descriptors (sim/rules/KIND.hpp), where
//                                        <kind> is event k's own rule key
// Everything else gives std::nullopt (use load_scenario with the override): defaults.*
// (feeds every state that does not set the trait itself, which the Scenario does not
// record), dimensions.power_weights.* (normalised at load), relations / proximity /
// arms_imports entries (the Scenario keeps matrices, not the list order), lat/lon,
// schedules (at/from/until/every), ticks, seed, start, names, ids, choices
// (incident_mode, policy), and any unknown key (the loader reports it).
#pragma once

#include "sim/model/scenario.hpp"
#include "sim/model/tables.hpp"

#include <optional>
#include <string>

namespace bpsim {

// A numeric --set path resolved once against a base scenario into a direct write on a
// Scenario copy.
class ScenarioPatch {
 public:
  // Returns std::nullopt when the path is not supported by the fast path (the caller
  // then falls back to load_scenario with overrides). Throws ScenarioError when the
  // path names a state id or list index that does not exist (unknown state id, index
  // out of range, a non-index into a list): the Diagnostic's file and message are the
  // loader's; its set_arg is the path alone, as the value is not known yet.
  static std::optional<ScenarioPatch> compile(const Scenario& base, const std::string& path);

  // Writes `value` (not range-checked: see above) into sc, a copy of the base or of a
  // variant of it with the same states, dimensions and events. Throws
  // std::invalid_argument if sc does not have the shape the patch was compiled for.
  void apply(Scenario& sc, double value) const;

  const std::string& path() const { return path_; }
  // The values the loader allows at this path (sim/model/tables.hpp), for callers that
  // take values from people rather than from a checked sweep (the classroom page).
  const Range& range() const { return range_; }

 private:
  enum class Kind {
    parameter,
    trait,
    growth,
    capability,
    alignment,
    identity,
    event_field,
  };

  ScenarioPatch(std::string path, Kind kind, Range range) : path_(std::move(path)), kind_(kind), range_(range) {}

  std::string path_;
  Kind kind_;
  Range range_;
  double Parameters::*param_ = nullptr;       // kind parameter
  Eigen::VectorXd Traits::*trait_ = nullptr;  // kind trait
  int row_ = -1;                              // state index, or event index for event_field
  std::size_t rule_ = 0, field_ = 0;          // event_field: the kind (EventRule index) and its field
  int col_ = -1;                              // capability dim or alignment axis
};

}  // namespace bpsim
