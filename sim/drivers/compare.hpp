// Paired comparison of scenarios. Replicate r of every scenario runs with the same
// RNG key (seed, r); the engine's per-mechanism, per-event random streams then give
// the scenarios common random numbers, so the paired difference alt_r - base_r is
// measured with far less noise than the difference of independent runs (the result
// reports both variances). Optionally every alternative branches from the base's
// World at tick T (same history up to T, exactly).
#pragma once

#include "analysis/outcomes.hpp"
#include "analysis/stats.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace bpsim {

struct CompareOptions {
  int runs = 50;
  int threads = 0;
  std::uint64_t seed = 0;
  int ticks = -1;                                     // -1: the base scenario's, for every scenario
  int branch_at = -1;                                 // >= 0: alternatives continue from the base's World at this tick
  std::vector<std::string> outcomes;                  // empty: default_outcomes(base)
  std::function<void(int done, int total)> progress;  // under a lock, any thread
};

struct OutcomeComparison {
  std::string outcome;
  // Per scenario s (index 0 = base):
  std::vector<stats::Interval> mean;        // mean and 95% CI over replicates
  std::vector<int> defined;                 // replicates with a value (first_above may never cross)
  std::vector<stats::Interval> diff;        // paired alt - base, 95% CI (s = 0: zeros)
  std::vector<double> share_higher;         // share of pairs with alt > base (ties: half)
  std::vector<double> var_paired;           // variance of alt_r - base_r
  std::vector<double> var_unpaired;         // var(alt) + var(base): independent runs
  std::vector<int> bands_apart_from;        // first tick from which the 90% bands (p5..p95)
                                            // of the metric never overlap again; -1 never
  std::vector<std::vector<double>> values;  // [scenario][replicate]
  // Over time: the outcome's metric per tick over the replicates, and the paired
  // difference alt - base per tick with its 95% CI (s = 0: zeros).
  std::vector<std::vector<stats::Summary>> band;        // [scenario][tick]
  std::vector<std::vector<stats::Interval>> diff_band;  // [scenario][tick]
};

struct CompareResult {
  std::vector<std::string> scenarios;  // names, base first
  int runs = 0, ticks = 0, branch_at = -1;
  std::uint64_t seed = 0;
  std::vector<OutcomeComparison> outcomes;
};

// scenarios[0] is the base. Throws std::invalid_argument when an outcome does not
// bind to every scenario, or (branching) when an alternative's states or dimensions
// differ from the base's.
CompareResult run_compare(const std::vector<Scenario>& scenarios, const CompareOptions& opt);

// compare.csv: per outcome and scenario, the mean and the paired difference to the base.
std::string compare_csv(const CompareResult& r);
std::string compare_table(const CompareResult& r);
// compare_series.csv: per outcome, scenario and tick, the band of the metric and the
// paired difference (an undefined value is an empty field).
std::string compare_series_csv(const CompareResult& r);
// scenarios.csv: index, scenario name, file and the file's SHA-256, base first.
std::string compare_scenarios_csv(const std::vector<std::string>& names, const std::vector<std::string>& files);

// The overrides of each scenario: the global --set list, then the --set-for
// ALT:PATH=VALUE entries naming that scenario. ALT is a scenario's file as given, its
// file name (us_wedge.yaml) or stem (us_wedge), or its scenario name; files and names
// are per scenario, base first. Throws std::invalid_argument for an entry without
// "ALT:" or "=", or naming no scenario (the message lists the names).
std::vector<std::vector<std::string>> overrides_per_scenario(const std::vector<std::string>& sets,
                                                             const std::vector<std::string>& set_for,
                                                             const std::vector<std::string>& files,
                                                             const std::vector<std::string>& names);

// The first tick t such that, for every tick from t to the end, the intervals
// [lo_a, hi_a] and [lo_b, hi_b] do not overlap; -1 when they overlap at the last tick.
int first_tick_apart(const std::vector<double>& lo_a, const std::vector<double>& hi_a, const std::vector<double>& lo_b,
                     const std::vector<double>& hi_b);

}  // namespace bpsim
