// World: every mutable array of one run plus its tick and RNG key (like MuJoCo's mjData).
// One World per run; many Worlds may tick against one Scenario at once.
#pragma once

#include "sim/model/scenario.hpp"

#include <cstdint>
#include <vector>

namespace bpsim {

struct World {
  int tick = 0;
  std::uint64_t seed = 0;  // RNG key, part of the state
  std::uint64_t run = 0;   // replicate index, part of the RNG counter

  Eigen::MatrixXd capability;  // raw units, >= 0                   (n x n_cap)
  Eigen::MatrixXd alignment;   // coordinates in [-1,1]             (n x n_axes)
  Eigen::MatrixXd relations;   // symmetric, [-1,1], zero diagonal  (n x n)
  // D[i,j]: share of i's imports from j, per dependence channel (kDependenceNames) (n x n).
  std::array<Eigen::MatrixXd, kDependenceChannels> dependence;
  Eigen::MatrixXd& arms_dep() { return dependence[dependence_channel<ArmsSaleEvent>]; }
  const Eigen::MatrixXd& arms_dep() const { return dependence[dependence_channel<ArmsSaleEvent>]; }
  // Model v2's arms order book: O[s,b] >= 0, arms b ordered from s and not yet delivered
  // (n x n) in a scenario that uses one (uses_order_book); 0 x 0 otherwise.
  Eigen::MatrixXd orders;
};

// True for a model v2 scenario with an arms_sale event: its World holds an order book.
bool uses_order_book(const Scenario& sc);

// True if an arms sale of sc sells under the status_quo check: its runs keep the initial
// world's threat (Derived::initial_threat, n x n).
bool uses_status_quo(const Scenario& sc);

// The order book at tick 0 (n x n): each enabled arms sale active at tick 0 has the
// contracts of the ticks before it in the pipeline, L v C[b,mil] / every (the book whose
// deliveries, 1/L of it per tick, equal its orders), so deliveries do not start from zero.
Eigen::MatrixXd initial_order_book(const Scenario& sc);

// The World at tick 0 of a scenario.
World make_world(const Scenario& sc, std::uint64_t seed, std::uint64_t run = 0);

// ---- Memory estimates (bytes, saturating: UINT64_MAX = too large to count) ---------
// Made before anything of that size is allocated, and compared with the memory budget
// (sim/io/memory_budget.hpp). They count the arrays the code holds, not the
// allocator's overhead; the N x N arrays dominate from a few hundred states on.

// The sizes that decide them: N states, D capability dims, A alignment axes, W watched dyads.
struct RunSizes {
  std::uint64_t states = 0, dims = 0, axes = 0, watched = 0;
  std::uint64_t channels = 1;    // dependence channels in use (Scenario::uses_dependence)
  std::uint64_t books = 0;       // 1 when the World holds an order book (uses_order_book)
  std::uint64_t references = 0;  // 1 when Derived keeps the initial world's threat (uses_status_quo)
};
RunSizes run_sizes(const Scenario& sc);

// The numbers of one tick's result rows: N (2 + D + A) in states.csv, (6 + 2 channels) W
// in dyads.csv, 5 + the count columns in world.csv (analysis/rows.hpp; tests/io/memory_estimate_test.cpp checks they
// agree).
std::uint64_t tick_result_values(const RunSizes& s);

// A Scenario of these sizes, with what the loader holds beside it while reading
// (N x N arrays: relations, proximity, and one per dependence channel).
std::uint64_t scenario_memory_estimate(const RunSizes& s);

// One run: its World, its Workspace (Derived, Deltas, Attribution: 7 + 1 + channels
// N x N arrays, and the World's 1 + channels), the World it returns and one tick of result rows as numbers and text
// (results are streamed, so nothing grows with the ticks).
std::uint64_t run_memory_estimate(const RunSizes& s);

// A process that loads one scenario and runs it once: `check` and `run`.
std::uint64_t single_run_memory_estimate(const RunSizes& s);

// An ensemble (sim/drivers/ensemble.cpp): the scenario, one run per thread, and per
// replicate every tick's result rows (RunTables), the statistics CSVs made of them, and
// with keep_runs each thread's streamed CSV buffers (the kept runs go to disk as they run).
struct EnsembleSizes {
  std::uint64_t runs = 0, threads = 1, ticks = 0;
  bool keep_runs = false;
};
std::uint64_t ensemble_memory_estimate(const RunSizes& s, const EnsembleSizes& e);

// A comparison (sim/drivers/compare.cpp) of scenarios of these sizes (base first): each
// scenario, one run per thread of the largest, and per scenario and replicate the
// outcomes' values and series over the ticks, their bands and compare_series.csv.
struct CompareSizes {
  std::uint64_t runs = 0, threads = 1, ticks = 0, outcomes = 0;
};
std::uint64_t compare_memory_estimate(const std::vector<RunSizes>& scenarios, const CompareSizes& c);

}  // namespace bpsim
