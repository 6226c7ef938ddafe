// The result store of a sweep: one SQLite file per sweep (or per shard), crash-safe
// (WAL, one transaction per batch of runs: a kill leaves only whole runs) and
// resumable (finished_runs). Tidy tables, readable from pandas, R or DuckDB:
//
//   meta(key TEXT PRIMARY KEY, value TEXT)
//       sweep_file, sweep_sha256 (the fingerprint), scenario_file, scenario_sha256,
//       bpsim_version, git_rev, design_kind, created_utc, shard, schema_version (3)
//   parameters(parameter INTEGER PRIMARY KEY, path TEXT, lo REAL, hi REAL,
//              scale TEXT ('linear'|'log'|'levels'), levels TEXT (JSON list or NULL))
//   outcomes(outcome INTEGER PRIMARY KEY, spec TEXT)
//   points(point INTEGER PRIMARY KEY, role TEXT)
//   point_values(point, parameter, value REAL, PRIMARY KEY(point, parameter))
//   runs(run INTEGER PRIMARY KEY, point, replicate, seed INTEGER (the uint64 seed's
//        bits as a signed 64-bit integer), status ('done'|'failed'), error, wall_ms,
//        finished_utc, worker, trajectory_rows INTEGER (the trajectories rows it was
//        recorded with; 0 without trajectories))
//   results(run, outcome, value REAL (NULL = NaN), PRIMARY KEY(run, outcome))
//   trajectories(run, outcome, tick, value REAL, PRIMARY KEY(run, outcome, tick))
//   view results_tidy(run, point, replicate, outcome (spec text), value)
// A failed run has a runs row and no results rows. A run is complete when it failed or
// is done with a results row for every outcome and all the trajectories rows it was
// recorded with (runs.trajectory_rows); an incomplete run (rows deleted by hand, or a
// damaged file) counts as missing everywhere: in the counts, for what a resumed sweep
// redoes (its rows are replaced), for analyze, export and merge. The definition is
// written once (complete_sql in db_schema.cpp). Schema 3; DBs of older schemas are
// refused (run the sweep again).
//
// Every command that opens a DB recomputes its fingerprint from what the DB stores
// (meta sweep_spec: the SweepSpec as JSON, and scenario_sha256) and checks the
// parameters, outcomes and number of points against it. A file that is not a sweep DB,
// a DB of another sweep, or one that is damaged or was changed after it was written is
// a SweepDbError (bad input, exit 2 from every command); other SQLite failures (I/O, a
// full disk) are std::runtime_errors naming the file and SQLite's message.
// A SweepDb may be used from several threads (calls are serialised).
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sim/io/scenario/error.hpp"
#include "sim/io/sweep/spec.hpp"

namespace bpsim {

// Not a sweep DB, another sweep's, damaged or changed: what() is "FILE: WHAT".
class SweepDbError : public ScenarioError {
 public:
  SweepDbError(const std::string& path, const std::string& what);
};

struct SweepHeader {
  std::string fingerprint;  // sha256 of SweepSpec::canonical() + the scenario's sha256
  std::string sweep_file, scenario_file, scenario_sha256, design_kind;
  std::string shard;  // "1/4", "all"
  std::vector<SweepParameter> parameters;
  std::vector<std::string> outcomes;
  std::string spec_json;  // sweep_spec_json of the sweep (stored, to recompute the fingerprint)
};

struct RunRecord {
  std::int64_t run = 0, point = 0;
  int replicate = 0;
  std::uint64_t seed = 0;
  bool ok = true;  // false: failed, `error` says why (outcomes may be empty)
  std::string error;
  double wall_ms = 0;
  std::string worker;
  std::vector<double> outcomes;                 // per outcome, NaN allowed
  std::vector<std::vector<double>> trajectory;  // [outcome][k] at ticks 0, K, 2K...; may be empty
  int trajectory_every = 0;                     // K
};

class SweepDb {
 public:
  // Creates the file (tables, header, points: row i = point i, columns in parameter
  // order; roles empty or one per point) under a temporary name, moved to path once
  // complete (a failure leaves no file), or opens an existing one after checking it is
  // a bpsim sweep DB of the same fingerprint and points. Reopening with another shard
  // label records the union ("1/4+2/4").
  static SweepDb open(const std::string& path, const SweepHeader& h, const Eigen::MatrixXd& points,
                      const std::vector<std::string>& roles);
  // An existing sweep DB, for analysis, export and merge (opened read-write if the
  // file allows it, else read-only).
  static SweepDb open_existing(const std::string& path);

  SweepDb(SweepDb&&) noexcept;
  SweepDb& operator=(SweepDb&&) noexcept;
  ~SweepDb();

  const std::string& path() const;

  std::vector<std::int64_t> finished_runs() const;  // complete runs (done or failed), sorted
  // The sweep the DB stores (its fingerprint checked when the DB was opened).
  SweepSpec spec() const;
  // One transaction: all of the batch or (on any error) none of it. A run already
  // recorded complete, an unknown point or a wrong number of outcome values is an
  // error; the rows of an incomplete run are replaced.
  void record(const std::vector<RunRecord>& batch);

  SweepHeader header() const;
  Eigen::MatrixXd points() const;  // [point][parameter]
  std::vector<std::string> roles() const;

  struct Results {
    std::vector<std::int64_t> run, point;
    std::vector<int> replicate;
    std::vector<std::string> status;
    Eigen::MatrixXd values;  // [run row][outcome], NaN for NULL and failed runs
  };
  Results results() const;  // the complete runs, ordered by run

  std::int64_t run_count() const;         // complete runs
  std::int64_t failed_count() const;      // failed runs (complete by definition)
  std::int64_t incomplete_count() const;  // runs with some outcome or trajectory rows missing

  // Copies the complete runs of src (a DB of the same sweep, checked by the caller) that
  // this one lacks, in one transaction; returns the runs copied, or 0 with the id of a
  // run the two disagree about in *conflict (then nothing is copied).
  std::int64_t merge_from(const std::string& src, std::int64_t* conflict);

  void set_meta(const std::string& key, const std::string& value);
  std::string meta(const std::string& key) const;  // "" if absent

  struct Impl;

 private:
  friend std::int64_t merge_sweep_dbs(const std::string&, const std::vector<std::string>&);
  friend void export_sweep_csv(const std::string&, const std::string&, bool);
  explicit SweepDb(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Copies every complete run (with its results and trajectories) of the inputs into out,
// creating out from the first input's header, meta and points if it does not exist
// (under a temporary name, moved to out at the end: a failed merge leaves no file).
// Refuses inputs of another sweep than the first (naming both files), and a run
// present twice with different point, replicate, seed, status or values (naming
// both); identical duplicates are skipped, so merging again is harmless. Each input
// is merged in its own transaction. Returns the number of runs copied.
std::int64_t merge_sweep_dbs(const std::string& out, const std::vector<std::string>& inputs);

// Tidy CSVs in dir: meta.csv, parameters.csv, points.csv (point, role, one column per
// parameter path), runs.csv, results.csv (run, point, replicate, outcome spec, value;
// empty = NaN), trajectories.csv (only if any); complete runs only. Numbers as
// csv_number (shortest round-trip form; NaN and inf empty).
// Written into a staging directory and renamed (ResultDir); an existing dir is
// replaced only with force.
void export_sweep_csv(const std::string& db, const std::string& dir, bool force);

}  // namespace bpsim
