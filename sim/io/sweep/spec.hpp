// Sweep files: which scenario to vary, how (a sampling design), which outcomes to
// record. Loaded and validated like scenarios: every problem at once, each with
// file, line, column and YAML path.
//
//   scenario: ../scenarios/pivot_to_asia_2014.yaml   # relative to the sweep file
//   design: {kind: sobol, samples: 1024, seed: 3}    # grid | random | latin_hypercube | sobol |
//   morris replicates: 4 parameters:
//     events.0.sanctions.intensity: {range: [0.0, 1.0]}
//     parameters.w_t:               {range: [0.2, 2.0], scale: log}
//     events.1.arms_sale.threshold: {levels: [0.15, 0.25, 0.35]}   # grid only
//   outcomes: [dyad:RUS:CHN:alignment@last, world:blocs@last]
//   trajectories: none             # or K: keep the outcomes' metrics every K ticks
//   set: {parameters.sigma_a: 0.0} # fixed overrides applied to every point
//
// Parameter paths are checked for syntax only; whether they exist in the scenario
// is for the caller to check (by loading the scenario with them as overrides).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/io/scenario/error.hpp"
#include "sim/io/scenario/overrides.hpp"
#include "sim/io/sweep/keys.hpp"

namespace bpsim {

struct SweepParameter {
  std::string path;            // a --set path, e.g. states.RUS.traits.hedging
  double lo = 0, hi = 0;       // range [lo, hi]; for levels: their min and max
  bool log = false;            // scale: log (then lo > 0)
  std::vector<double> levels;  // explicit values (grid only); empty for a range
};

// The defaults are those of the descriptors (sweep/keys.hpp).
struct SweepDesign {
  std::string kind;  // one of kSweepDesignKinds
  int samples = 0;   // random, latin_hypercube, sobol: base sample count N
  std::uint64_t seed = static_cast<std::uint64_t>(sweep_key(kSweepDesignKeys, "seed").def);  // every kind
  int trajectories = static_cast<int>(sweep_key(kSweepDesignKeys, "trajectories").def);      // morris
  int levels = static_cast<int>(sweep_key(kSweepDesignKeys, "levels").def);                  // morris
  int points = static_cast<int>(sweep_key(kSweepDesignKeys, "points").def);  // grid: levels per range parameter
};

// Where a key is in the sweep file (1-based; line 0: not known), for the diagnostics
// of checks made after loading (outcomes against the scenario, the memory budget).
struct SweepPosition {
  int line = 0, column = 0;
  std::string yaml_path;
};

struct SweepSpec {
  std::string file;           // the sweep file as given
  std::string scenario_path;  // resolved against the sweep file's directory
  SweepDesign design;
  int replicates = static_cast<int>(sweep_key(kSweepKeys, "replicates").def);
  std::vector<SweepParameter> parameters;  // in file order
  std::vector<std::string> outcomes;       // empty = the caller's defaults
  int trajectories_every = 0;              // 0 = none
  std::vector<Override> fixed;             // from `set:`, in file order
  SweepPosition design_at;                 // the design map (or the file)
  SweepPosition samples_at;                // design.samples (line 0 when absent)
  std::vector<SweepPosition> outcome_at;   // per outcome

  // Everything above but the file paths, as text with a fixed key order and
  // numbers as %.17g: equal for files that differ only in comments, layout or
  // the order of map keys (parameters, outcomes and set keep their file order:
  // it numbers the columns). Hash it with the scenario's hash to fingerprint a sweep.
  std::string canonical() const;
};

// Reads and validates a sweep file; throws ScenarioError with every Diagnostic
// ("FILE:LINE:COL: PATH: MESSAGE"), including for an unreadable file (read with
// read_input_file: a regular file of at most kMaxScenarioBytes), a file of several YAML
// documents (at the second), a scenario file that does not exist, and a design of more
// than kMaxSweepRuns runs.
SweepSpec load_sweep(const std::string& path);

// The same from text; file_label names the file in diagnostics and is the base
// for a relative scenario path.
SweepSpec parse_sweep(const std::string& yaml_text, const std::string& file_label);

// The sweep's fingerprint: sweep_fingerprint_of(spec, scenario_sha256(spec.scenario_path)),
// which covers the scenario's bases (extends:) as well as its own file.
// Throws std::runtime_error naming the scenario file when it cannot be read.
std::string sweep_fingerprint(const SweepSpec& spec);
// sha256_hex(spec.canonical() + scenario_sha256): what `sweep` records and what every
// command that opens the database recomputes from what it stores.
std::string sweep_fingerprint_of(const SweepSpec& spec, const std::string& scenario_sha256);

// The spec as JSON (all of canonical()'s fields, numbers exactly) and back; a sweep DB
// stores it so that its fingerprint can be recomputed. spec_from_json throws
// std::invalid_argument naming the field when the text is not such a spec.
std::string sweep_spec_json(const SweepSpec& spec);
SweepSpec sweep_spec_from_json(const std::string& text);

// Runs (points x replicates) and points a sweep may have: every count then fits an int
// (progress, replicate numbers, the design generators).
inline constexpr std::int64_t kMaxSweepRuns = 2147483647;
// The design's number of points, saturating at UINT64_MAX: grid: the product of the
// levels per parameter; random, latin_hypercube: samples; sobol: samples (k + 2);
// morris: trajectories (k + 1).
std::uint64_t sweep_point_count(const SweepSpec& spec);

// Sobol' designs: below kSobolMinSamples base samples the indices are unstable (at
// N = 128 the shipped sanctions sweep gives first-order estimates above 1 and bootstrap
// CIs wider than 1), and a Sobol' sequence is balanced only at powers of two. The
// warning for a sobol spec whose samples are too few or not a power of two
// ("FILE:LINE:COL: design.samples: ..."), else "". docs/sweeps.md.
inline constexpr int kSobolMinSamples = 1024;
std::string sobol_samples_warning(const SweepSpec& spec);

// "FILE:LINE:COL" of a position ("FILE" when the line is not known).
std::string sweep_position_text(const SweepSpec& spec, const SweepPosition& at);

// A diagnostic at a position of the sweep file.
Diagnostic sweep_diagnostic(const SweepSpec& spec, const SweepPosition& at, std::string message);

}  // namespace bpsim
