// Every key a sweep file may have, once: the reader (spec.cpp) checks files against these
// tables and takes its defaults and least values from them, and `bpsim schema --sweep`
// writes from them the JSON Schema of sweep files (scenarios/sweep.schema.json, for
// editors) and docs/sweeps.md's key tables (tests/schema/validate_scenarios.py checks
// both are current).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string_view>

namespace bpsim {

// What a key's value is. Each shape has one reader in spec.cpp and one schema fragment
// in io/schema.cpp (both switch over it, so a new shape fails to compile until both
// handle it).
enum class SweepShape {
  scenario,      // the path of a scenario file
  design,        // the design map (kSweepDesignKeys)
  count,         // an integer in [min, INT_MAX]
  even_count,    // an even integer in [min, INT_MAX]
  seed,          // an integer in [0, 2^64 - 1]
  choice,        // one of `choices`
  parameters,    // a map from --set paths to parameter maps (kSweepParameterKeys)
  outcomes,      // a list of distinct outcome specs
  trajectories,  // `none` or a count
  set,           // a map from --set paths to scalars
  range,         // [lo, hi], lo < hi
  levels,        // a list of distinct numbers, at least one
};

enum class SweepNeed {
  optional,
  required,     // required wherever the key applies (see SweepKey::kinds)
  unless_grid,  // required for every design kind but grid
};

struct SweepKey {
  std::string_view name;
  SweepShape shape;
  SweepNeed need = SweepNeed::optional;
  long long def = 0;                            // count, even_count, seed: the default
  long long min = 0;                            // count, even_count: the least value allowed
  std::string_view def_text = "";               // the default in words when not a number ("none")
  std::span<const std::string_view> choices{};  // choice: the values allowed, first the default
  std::span<const std::string_view> kinds{};    // design keys: the kinds it applies to; empty = all
  std::string_view doc = "";                    // what the value means (docs/sweeps.md "allowed")
};

inline constexpr std::array<std::string_view, 5> kSweepDesignKinds{"grid", "random", "latin_hypercube", "sobol",
                                                                   "morris"};
inline constexpr std::array<std::string_view, 2> kSweepScales{"linear", "log"};

namespace sweep_kinds {
inline constexpr std::array<std::string_view, 1> grid{"grid"};
inline constexpr std::array<std::string_view, 3> sampled{"random", "latin_hypercube", "sobol"};
inline constexpr std::array<std::string_view, 1> morris{"morris"};
}  // namespace sweep_kinds

inline constexpr std::array kSweepKeys{
    SweepKey{.name = "scenario",
             .shape = SweepShape::scenario,
             .need = SweepNeed::required,
             .doc = "path of a scenario file, relative to the sweep file's directory (or absolute); must exist and "
                    "not be a directory"},
    SweepKey{.name = "design",
             .shape = SweepShape::design,
             .need = SweepNeed::required,
             .doc = "the sampling design: see [design](#design)"},
    SweepKey{.name = "replicates",
             .shape = SweepShape::count,
             .def = 1,
             .min = 1,
             .doc = "runs per point; replicate r uses the RNG key (scenario seed, r) at every point (common "
                    "random numbers)"},
    SweepKey{.name = "parameters",
             .shape = SweepShape::parameters,
             .need = SweepNeed::unless_grid,
             .doc = "the swept values, each a --set path: see [parameters](#parameters); at least one for every "
                    "kind but grid"},
    SweepKey{.name = "outcomes",
             .shape = SweepShape::outcomes,
             .def_text = "the scenario's defaults",
             .doc = "outcome specs, each once: see [outcomes](#outcomes)"},
    SweepKey{.name = "trajectories",
             .shape = SweepShape::trajectories,
             .min = 1,
             .def_text = "none",
             .doc = "also keep each outcome's metric every K ticks (ticks 0, K, 2K, ...) in the DB's "
                    "`trajectories` table"},
    SweepKey{.name = "set",
             .shape = SweepShape::set,
             .def_text = "none",
             .doc = "fixed --set overrides applied to every point, path: value; a path may not be both swept "
                    "and set"},
};

inline constexpr std::array kSweepDesignKeys{
    SweepKey{.name = "kind",
             .shape = SweepShape::choice,
             .need = SweepNeed::required,
             .choices = kSweepDesignKinds,
             .doc = "the sampling design"},
    SweepKey{.name = "seed",
             .shape = SweepShape::seed,
             .def = 1,
             .doc = "the design's random numbers (and Morris' bootstrap)"},
    SweepKey{.name = "samples",
             .shape = SweepShape::count,
             .need = SweepNeed::required,
             .min = 1,
             .kinds = sweep_kinds::sampled,
             .doc = "points (random, latin_hypercube) or Saltelli base rows N (sobol)"},
    SweepKey{.name = "points",
             .shape = SweepShape::count,
             .def = 5,
             .min = 2,
             .kinds = sweep_kinds::grid,
             .doc = "levels per `range` parameter"},
    SweepKey{.name = "trajectories",
             .shape = SweepShape::count,
             .def = 10,
             .min = 1,
             .kinds = sweep_kinds::morris,
             .doc = "Morris trajectories r"},
    SweepKey{.name = "levels",
             .shape = SweepShape::even_count,
             .def = 4,
             .min = 2,
             .kinds = sweep_kinds::morris,
             .doc = "the Morris grid's levels p (Morris's elementary steps need an even number)"},
};

inline constexpr std::array kSweepParameterKeys{
    SweepKey{.name = "range", .shape = SweepShape::range, .doc = "the values' interval; excludes `levels`"},
    SweepKey{.name = "scale",
             .shape = SweepShape::choice,
             .choices = kSweepScales,
             .doc = "range only; log needs lo > 0 and gives values lo (hi/lo)^u"},
    SweepKey{
        .name = "levels", .shape = SweepShape::levels, .doc = "grid designs only; used as given; excludes `range`"},
};

// The key named `name` of a table; a name not in it does not compile where a constant
// is needed (the defaults in spec.hpp).
template <std::size_t N>
constexpr const SweepKey& sweep_key(const std::array<SweepKey, N>& keys, std::string_view name) {
  for (const SweepKey& k : keys)
    if (k.name == name) return k;
  throw "no such sweep key";  // not a constant expression: a compile error in constexpr use
}

// Whether a design key applies to a design kind.
constexpr bool sweep_key_applies(const SweepKey& key, std::string_view kind) {
  if (key.kinds.empty()) return true;
  for (std::string_view k : key.kinds)
    if (k == kind) return true;
  return false;
}

}  // namespace bpsim
