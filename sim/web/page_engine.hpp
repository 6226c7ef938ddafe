// The engine as the classroom page drives it: a resolved scenario (JSON), overrides
// given as --set paths with JSON values, one run recorded tick by tick into flat
// numeric tables with the columns of `bpsim run`'s CSVs (and, on request, those CSVs
// themselves, byte for byte). Plain C++ over the engine, tested natively; the
// WebAssembly exports (wasm_exports.cpp) are a thin layer over it.
#pragma once

#include "sim/io/results/dir.hpp"
#include "sim/model/scenario.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace bpsim::web {

// Applies {"PATH": value, ...} to a copy of base. PATH is a --set path the fast
// patcher supports (parameters.*, states.ID.traits.*, states.ID.capability.*, event
// intensities, volumes, thresholds and scales; sim/io/scenario/patch.hpp) with a
// number in the loader's range, or events.K.enabled with true/false. Throws
// std::invalid_argument naming the path and what is allowed.
Scenario with_overrides(const Scenario& base, const nlohmann::json& overrides);

// "--set PATH=VALUE" form of one override value, as the loader reads it back.
std::string override_text(const nlohmann::json& value);

struct PageRun {
  // Column names, the CSV headers of bpsim run (tick, date, key columns, values).
  std::vector<std::string> state_columns, dyad_columns, world_columns;
  // Rows, flattened, every column but the date (the one that is not a number): states
  // (tick, state index, values...) per tick and state; dyads (tick, a index, b index,
  // values...) per tick and watched pair; world (tick, values...) per tick.
  std::vector<double> states, dyads, world;
  std::vector<std::string> dates;                   // the date column's value per tick (date_of_tick)
  nlohmann::json events = nlohmann::json::array();  // [{tick, date, kind, actors, detail}]
  std::vector<ResultFile> files;                    // states/dyads/world/events.csv when asked for
};

// Runs sc (replicate 0 of `seed`, like `bpsim run --seed`) for `ticks` steps (-1: the
// scenario's). Throws std::runtime_error when a number stops being finite.
PageRun run_page(const Scenario& sc, std::uint64_t seed, int ticks, bool with_csv);

}  // namespace bpsim::web
