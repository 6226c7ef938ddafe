// Parameter sweeps: a sweep file (sim/io/sweep/spec.hpp) becomes a plan (the design's
// points in parameter units, the base scenario, the outcomes), whose runs are executed
// on threads (or MPI ranks) and recorded in a SweepDb, a batch per transaction.
//
// Run ids: run = point * replicates + replicate. Replicate r of every point runs with
// the RNG key (scenario seed, r): points share their random numbers (common random
// numbers), so differences between points come from the parameters. A run's outcomes
// depend only on (point, replicate): the database is the same for any thread count,
// shard split or run order, and an interrupted sweep resumes where it stopped.
#pragma once

#include "analysis/outcomes.hpp"
#include "sim/io/scenario/patch.hpp"
#include "sim/io/sweep/db.hpp"
#include "sim/io/sweep/spec.hpp"

#include <Eigen/Dense>

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace bpsim {

struct SweepPlan {
  SweepSpec spec;
  Scenario base;                // the scenario with the sweep's fixed `set:` values
  std::vector<Override> fixed;  // the same, as overrides (for the slow path)
  std::vector<std::string> outcome_texts;
  std::vector<OutcomeSpec> outcomes;
  Eigen::MatrixXd unit;                               // the design in the unit cube [point][parameter]
  Eigen::MatrixXd points;                             // in parameter units
  std::vector<std::string> roles;                     // per point: A, B, AB<i> (sobol), traj<t> (morris), ""
  std::vector<std::optional<ScenarioPatch>> patches;  // per parameter; nullopt: reload YAML
  std::string fingerprint;
  std::int64_t total_runs() const { return points.rows() * spec.replicates; }
};

// Loads and checks everything before any run: the sweep file, the scenario with the
// fixed values, every parameter path at its extreme values (lo and hi, or each level)
// through the real loader, and every outcome against the scenario. Throws
// ScenarioError (file:line:col diagnostics) or std::invalid_argument.
SweepPlan plan_sweep(const std::string& sweep_file);

// Unit-cube design for the spec (rows in the design's order) and the roles of its rows.
Eigen::MatrixXd sweep_design(const SweepSpec& spec, std::vector<std::string>& roles);
// The design in parameter units: parameter_value of each entry of sweep_design's unit cube.
Eigen::MatrixXd parameter_units(const SweepSpec& spec, const Eigen::MatrixXd& unit);
// Checks that a DB's points and roles are the design of the sweep it stores; throws
// SweepDbError otherwise (analysis depends on the design's layout).
void check_db_design(const SweepDb& db);
// u in [0,1] -> a parameter value: lo + u (hi - lo), lo (hi/lo)^u (log), or a level.
double parameter_value(const SweepParameter& p, double u);

// The scenario of one point (fast patches where possible, else the YAML loader).
Scenario point_scenario(const SweepPlan& plan, std::int64_t point);

// Runs one run; never throws: a failure is a record with ok = false and the error.
RunRecord execute_run(const SweepPlan& plan, std::int64_t run);

// The header a database of this plan carries.
SweepHeader sweep_header(const SweepPlan& plan, const std::string& shard);
// Opens (creating or resuming) the plan's database and records the design meta keys.
SweepDb open_sweep_db(const SweepPlan& plan, const std::string& path, const std::string& shard);

struct SweepOptions {
  int threads = 0;                    // 0: all cores
  int shard = 1, shards = 1;          // run the shard-th of `shards` disjoint parts (1-based)
  int batch = 256;                    // runs per transaction at most
  double flush_seconds = 1.0;         // and at least this often
  std::atomic<bool>* stop = nullptr;  // set (e.g. by SIGINT) to stop after the current runs
  std::function<void(std::int64_t done, std::int64_t total)> progress;  // under a lock
  std::string worker;                                                   // recorded with each run ("" = host:pid)
};

struct SweepSummary {
  std::int64_t planned = 0;  // runs in this shard
  std::int64_t already = 0;  // finished before this invocation
  std::int64_t ran = 0, failed = 0;
  bool interrupted = false;
  double seconds = 0;
};

// The runs of `shard` that the database does not hold yet, ascending.
std::vector<std::int64_t> pending_runs(const SweepPlan& plan, const SweepDb& db, int shard, int shards);

SweepSummary run_sweep(const SweepPlan& plan, SweepDb& db, const SweepOptions& opt);

}  // namespace bpsim
