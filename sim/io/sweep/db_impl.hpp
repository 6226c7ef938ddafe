// The inside of a SweepDb (sim/io/sweep/db.hpp), shared by the files that implement it:
//   db_schema.cpp  the tables, the one definition of a complete run, creating a DB and
//                  recognising one;
//   store.cpp      opening (create or resume), the header and points, recording runs,
//                  reading results;
//   merge.cpp      merging the DBs of a sweep's shards;
//   export.cpp     the tidy CSV export.
// Internal to sim/io/sweep/.
#pragma once

#include <Eigen/Dense>

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "sim/io/sweep/db.hpp"
#include "sim/io/sweep/sqlite.hpp"

namespace bpsim {

namespace sweep_sql {

// 2: meta sweep_spec (the fingerprint can be recomputed); 3: runs.trajectory_rows (a run
// whose trajectory lost rows is incomplete).
inline constexpr int kSchemaVersion = 3;
inline constexpr int kApplicationId = 0x62707377;  // "bpsw"

// The one definition of a complete run (see sim/io/sweep/db.hpp), as an SQL condition on the
// runs row `r` of schema `schema` ("main", "src").
std::string complete_sql(const char* schema, const char* r, std::int64_t n_outcomes);

std::string now_utc();
// "1/4" + "2/4" -> "1/4+2/4"; "all" absorbs everything.
std::string shard_union(const std::string& a, const std::string& b);
// Removes a DB file and its -wal, -shm and -journal companions.
void remove_db_files(const std::string& path);

}  // namespace sweep_sql

struct SweepDb::Impl {
  Impl(const std::string& path, int flags, const char* what, const std::string& label = "")
      : db(path, flags, what, label) {}

  sweep_sql::Conn db;
  mutable std::mutex mu;
  std::int64_t n_points = 0;
  std::int64_t n_outcomes = 0;
  SweepSpec spec;  // the stored sweep, checked against the fingerprint

  const std::string& path() const { return db.path(); }
  std::string complete(const char* r = "r") const { return sweep_sql::complete_sql("main", r, n_outcomes); }

  // db_schema.cpp
  // true: no tables yet (create); false: a bpsim sweep DB of this schema; throws for
  // anything else.
  bool is_fresh() const;
  void check_tables() const;
  void load_counts();
  void pragmas();
  // The tables, the header in meta, parameters and outcomes, the points.
  void create(const SweepHeader& h, const Eigen::MatrixXd& points, const std::vector<std::string>& roles);

  // store.cpp
  // The stored spec, its fingerprint recomputed the way `sweep` computes it, and the
  // tables held against it.
  SweepSpec checked_spec() const;
  std::string meta(const std::string& key) const;
  void set_meta(const std::string& key, const std::string& value);
  SweepHeader header() const;
  Eigen::MatrixXd points() const;
  std::vector<std::string> roles() const;
  // Checks that an existing DB is this sweep's; records the shard label.
  void verify(const SweepHeader& h, const Eigen::MatrixXd& pts, const std::vector<std::string>& rls);
  void record(const std::vector<RunRecord>& batch);

  // merge.cpp
  // Copies the runs of another sweep DB (same fingerprint, checked by the caller)
  // that this one lacks; a shared run must be identical. Returns the runs copied,
  // or the id of a conflicting run in *conflict.
  std::int64_t merge_from(const std::string& src, std::int64_t* conflict);

 private:
  void insert_header(const SweepHeader& h);
  void insert_points(const Eigen::MatrixXd& points, const std::vector<std::string>& roles);
  void check_record(const RunRecord& r) const;
  // Deletes every row of a run (an incomplete one, about to be recorded again).
  void forget_run(std::int64_t run);
  std::int64_t merge_attached(std::int64_t* conflict);
};

}  // namespace bpsim
