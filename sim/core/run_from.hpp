// Resuming a run: the run loop of run.hpp started from a given World (a snapshot)
// instead of the scenario's tick 0.
#pragma once

#include "sim/core/run.hpp"

namespace bpsim {

// Runs sc from the given world (its tick) to `opt.ticks` (absolute tick count; -1: the
// scenario's), observing each tick after the start (not the start itself unless
// observe_start; its TickView then has last == nullptr, as tick 0 of run_scenario).
// The RNG key is the world's own (seed, run): opt.seed and opt.run are ignored, so a
// run resumed from the World that run_scenario reached at tick T continues exactly as
// that run did. opt.progress gets (tick reached, total ticks), absolute like the ticks.
// Throws std::invalid_argument when the world's arrays do not fit sc or its tick is
// past the end; std::runtime_error (as run_scenario) when a number stops being finite.
World run_from(const Scenario& sc, World start, const RunOptions& opt, const Observer& observe,
               bool observe_start = false);

}  // namespace bpsim
