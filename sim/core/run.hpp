// The run loop: tick 0 is the initial state, then one observation after each step.
// Drivers (CLI run, bench, later ensembles and sweeps) plug in through an Observer.
#pragma once

#include "sim/core/step.hpp"

#include <cstdint>
#include <functional>

namespace bpsim {

// What an observer sees at each tick. `last` is null at tick 0 (nothing happened yet).
struct TickView {
  const Scenario& sc;
  const World& w;
  const Derived& d;                // of w at w.tick
  const Deltas* last;              // the step that produced w.tick
  const Attribution* attribution;  // of that step, when requested
};

using Observer = std::function<void(const TickView&)>;

struct RunOptions {
  std::uint64_t seed = 0;
  std::uint64_t run = 0;
  int ticks = -1;                                     // -1: the scenario's
  bool log_events = true;                             // build event-log strings
  bool attribution = false;                           // fill per-mechanism attribution
  std::function<void(int done, int total)> progress;  // optional, called after each tick
  // Optional scratch to reuse across runs (one per thread; like MuJoCo's mjData): a
  // run then allocates nothing once the first run of that world size has sized it.
  // Null: the run uses its own. Results are the same either way.
  Workspace* workspace = nullptr;
};

// Runs sc from tick 0 and returns the final World. Throws std::runtime_error naming
// the tick and state when a number stops being finite.
World run_scenario(const Scenario& sc, const RunOptions& opt, const Observer& observe);

// Throws when any array of w holds a NaN or infinity.
void check_finite(const Scenario& sc, const World& w);

}  // namespace bpsim
