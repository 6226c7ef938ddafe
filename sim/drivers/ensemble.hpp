// Ensembles: N replicates of one scenario. Replicate r runs with the RNG key
// (seed, run = r), so replicate 0 is `bpsim run` with the same seed and the result
// is the same for any thread count. Per tick and per metric the mean, sd and
// 5/25/50/75/95th percentiles over replicates, as CSVs shaped like the single-run
// files plus a `stat` column.
#pragma once

#include "sim/io/results/dir.hpp"
#include "sim/io/results/manifest.hpp"
#include "sim/model/scenario.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace bpsim {

struct EnsembleOptions {
  int runs = 100;
  int threads = 0;  // 0: all hardware threads
  std::uint64_t seed = 0;
  int ticks = -1;  // -1: the scenario's
  // Also every run's states/dyads/world/events CSVs, streamed into this directory's
  // staging area as runs/NNNN/*.csv while the run goes (none held in memory).
  const ResultDir* keep_runs = nullptr;
  std::function<void(int done, int total)> progress;  // called under a lock, in any thread
};

// One run's tables, row-major: rows (tick-major, then state / watched pair) x columns.
struct RunTables {
  std::vector<double> states, dyads, world;
};

struct EnsembleResult {
  int ticks = 0;
  std::vector<std::string> state_cols, dyad_cols, world_cols;
  std::vector<RunTables> runs;                    // [replicate]
  std::vector<std::string> world_hashes;          // of each run's final World
  std::vector<std::vector<FileEntry>> run_files;  // [replicate], when keep_runs: written and synced
};

EnsembleResult run_ensemble(const Scenario& sc, const EnsembleOptions& opt);

// The statistics, in the order their rows appear: mean, sd, p5, p25, p50, p75, p95.
const std::vector<std::string>& ensemble_stat_names();

// ensemble_states.csv, ensemble_dyads.csv, ensemble_world.csv, replicates.csv.
std::vector<ResultFile> ensemble_files(const Scenario& sc, const EnsembleResult& r);

// The manifest's list: the entries of `files`, then the kept runs' (runs/NNNN/*.csv,
// replicate by replicate), as a directory listing would show them.
std::vector<FileEntry> ensemble_entries(const std::vector<ResultFile>& files, const EnsembleResult& r);

}  // namespace bpsim
