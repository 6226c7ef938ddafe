// Analysis of a sweep database (sim/io/sweep/db.hpp): variance-based Sobol' indices
// (sobol designs), Morris elementary effects (morris designs), the distribution of
// each outcome per level or bin of each parameter (any design) and PRIM scenario
// discovery over the runs (any design).
//
// Sensitivity indices are computed on per-point means: the mean of an outcome over
// the point's finished runs that gave a value (failed runs and NaN outcomes are left
// out); a point without any value is NaN, which drops its Saltelli base row (Sobol')
// or its elementary effects (Morris). Level summaries and PRIM work on the runs
// themselves (one observation per finished run with a value), so they show the spread
// between replicates too.
//
// The design is read back from the database: points in the design's row order, roles
// "A", "B", "AB1".."ABk" (sobol) or "traj0".. (morris), meta keys design.* and
// replicates (sim/drivers/sweep.hpp). Morris effects are in unit-cube terms: the
// change of the outcome per whole range of the parameter (a log-scaled parameter's
// range in log terms), so they compare across parameters.
#pragma once

#include "analysis/prim.hpp"
#include "analysis/sensitivity.hpp"
#include "sim/io/results/dir.hpp"
#include "sim/io/sweep/db.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bpsim {

struct AnalyzeOptions {
  std::vector<std::string> outcomes;  // outcome specs to analyse (exact, or a unique
                                      // substring of one); empty: all
  int bootstrap = 1000;               // bootstrap resamples (0: no intervals): of the base
                                      // rows for Sobol' indices (seeded by bootstrap_seed),
                                      // of the trajectories for Morris mu* (seeded by the
                                      // sweep's design seed, so the DB fixes them)
  double confidence = 0.95;
  std::uint64_t bootstrap_seed = 1;
  int bins = 5;                 // level summaries: bins for a parameter with more
                                // distinct values (grid designs: every level)
  bool levels = false;          // analysis_table prints the level summaries
                                // (always for grid designs)
  std::string prim;             // "OUTCOME>X" or "OUTCOME<X" (also >=, <=); "" none
  double min_density = 0.8;     // PRIM: the box chosen is the one of most coverage
                                // with at least this density
  double prim_alpha = 0.05;     // PRIM: share of points peeled per step
  double prim_min_mass = 0.05;  // PRIM: smallest box mass
};

// A PRIM condition "OUTCOME>X": the outcome (its spec as in the DB), the direction and
// the threshold. `strict` is false for >= and <=.
struct PrimCondition {
  std::string outcome;
  bool above = true;
  bool strict = true;
  double threshold = 0;
  bool holds(double v) const {
    return above ? (strict ? v > threshold : v >= threshold) : (strict ? v < threshold : v <= threshold);
  }
  std::string text() const;  // "OUTCOME > X"
};

// Parses "OUTCOME>X", matching OUTCOME against the DB's outcome specs like
// AnalyzeOptions::outcomes. Throws std::invalid_argument naming what is wrong and the
// outcomes there are.
PrimCondition parse_prim_condition(const std::string& text, const std::vector<std::string>& outcomes);

// The index of the outcome `selector` names: its exact spec, else the one spec that
// contains it. Throws std::invalid_argument (listing the specs) otherwise.
int find_outcome(const std::string& selector, const std::vector<std::string>& outcomes);

// A parameter value back in the unit cube (the inverse of the driver's mapping):
// (v - lo) / (hi - lo), log(v / lo) / log(hi / lo) for log scale, and for levels
// i / (L - 1) where v == levels[i] (0.5 when there is one level; the nearest level
// when v is none of them).
double parameter_unit(const SweepParameter& p, double value);

struct OutcomeAnalysis {
  std::string outcome;
  int points_without_value = 0;                      // points none of whose runs gave a value
  std::optional<sensitivity::SobolIndices> sobol;    // sobol designs
  std::optional<sensitivity::MorrisIndices> morris;  // morris designs
  // [parameter]: the outcome of the runs by level / bin of the parameter.
  std::vector<std::vector<sensitivity::LevelStats>> levels;
};

struct PrimAnalysis {
  PrimCondition condition;
  std::int64_t runs_used = 0;         // finished runs with a value
  std::int64_t runs_interesting = 0;  // of which the condition holds
  std::int64_t runs_without_value = 0;
  double min_density = 0;
  std::vector<prim::Box> trajectory;  // boxes in parameter units, the full box first
  int selected = -1;                  // index into trajectory of prim_select's box
};

struct AnalysisReport {
  std::string db_path;
  SweepHeader header;
  std::string design;  // header.design_kind
  std::int64_t points = 0, replicates = 1;
  std::int64_t runs_planned = 0, runs_done = 0, runs_failed = 0, runs_missing = 0;
  std::int64_t runs_incomplete = 0;  // of the missing: in the DB without all their outcomes
  int sobol_n = 0;                   // Saltelli base rows
  int morris_trajectories = 0, morris_levels = 0;
  int bootstrap = 0;
  double confidence = 0.95;
  bool show_levels = false;
  std::vector<OutcomeAnalysis> outcomes;  // in the order asked for
  std::optional<PrimAnalysis> prim;
  std::string samples_at;             // "FILE:LINE:COL" of the sweep's design.samples (meta), else the sweep file
  std::vector<std::string> warnings;  // for stderr, each once (sobol_stability_warning)
};

// Sobol' indices whose estimates cannot be trusted: a first-order index above 1, or an
// S1 or ST bootstrap CI wider than kSobolMaxCiWidth. The warning naming the first such
// index, how many there are and r.samples_at ("FILE:LINE:COL: design.samples: ..."), or
// "" when there is none (or the design is not sobol). docs/sweeps.md.
inline constexpr double kSobolMaxCiWidth = 0.5;
std::string sobol_stability_warning(const AnalysisReport& r);

// Reads the DB and computes everything the options ask for. Throws
// std::invalid_argument for options that do not fit the DB (unknown outcome, bad PRIM
// condition, bins < 1) and for a DB whose points do not have the layout its design
// kind needs; std::runtime_error for DB read failures.
AnalysisReport analyze_sweep(const SweepDb& db, const AnalyzeOptions& opt);

// The console report: header, then per outcome the Sobol' or Morris table, the level
// summaries when asked (or for grid designs), and the PRIM boxes.
std::string analysis_table(const AnalysisReport& r);

// Tidy CSVs (numbers in shortest round-trip form, empty = NaN), only those that apply:
//   sobol.csv   outcome,parameter,index(S1|ST),estimate,ci_lo,ci_hi,confidence,base_rows,dropped
//   morris.csv  outcome,parameter,mu_star,mu_star_lo,mu_star_hi,confidence,mu,sigma,rank
//               (rank by mu_star, 1 = largest; the CI bounds and confidence empty with
//               --bootstrap 0)
//   levels.csv  outcome,parameter,bin,lo,hi,count,mean,sd,p05,p50,p95
//   prim.csv    condition,step,selected,coverage,density,mass,points,parameter,lo,hi,restricted
//               (one row per box of the peeling trajectory and parameter)
std::vector<ResultFile> analysis_files(const AnalysisReport& r);

}  // namespace bpsim
