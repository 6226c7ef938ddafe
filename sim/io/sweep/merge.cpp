// Merging the sweep DBs of a sweep's shards (see merge_sweep_dbs in sim/io/sweep/db.hpp).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "sim/io/results/dir.hpp"
#include "sim/io/sweep/db_impl.hpp"

namespace bpsim {

using namespace sweep_sql;

namespace fs = std::filesystem;

// ---- one input, ATTACHed ------------------------------------------------------------

std::int64_t SweepDb::Impl::merge_from(const std::string& src, std::int64_t* conflict) {
  {
    Stmt attach(db, "ATTACH DATABASE ? AS src", "cannot open merge input");
    if (attach.text(1, src).run() != SQLITE_OK) db.raise("cannot open merge input " + src);
  }
  std::int64_t copied = 0;
  try {
    copied = merge_attached(conflict);
  } catch (...) {
    sqlite3_exec(db.get(), "DETACH DATABASE src", nullptr, nullptr, nullptr);
    throw;
  }
  db.exec("DETACH DATABASE src", "cannot close merge input");
  return copied;
}

namespace {

// Queries that find a run the input and this DB disagree about (the input's complete
// runs in temp.merge_runs against this DB's rows), each giving its id.
const char* const kConflicts[] = {
    // the run itself
    "SELECT s.run FROM src.runs s JOIN merge_runs c ON c.run = s.run JOIN main.runs m ON m.run = s.run WHERE "
    "s.point IS NOT m.point OR s.replicate IS NOT m.replicate OR s.seed IS NOT m.seed OR s.status IS NOT "
    "m.status OR s.trajectory_rows IS NOT m.trajectory_rows LIMIT 1",
    // its results, both ways
    "SELECT s.run FROM src.results s JOIN merge_runs c ON c.run = s.run JOIN main.runs m ON m.run = s.run LEFT "
    "JOIN main.results x ON x.run = s.run AND x.outcome = s.outcome WHERE x.run IS NULL OR x.value IS NOT "
    "s.value LIMIT 1",
    "SELECT m.run FROM main.results m JOIN merge_runs c ON c.run = m.run WHERE NOT EXISTS (SELECT 1 FROM "
    "src.results x WHERE x.run = m.run AND x.outcome = m.outcome) LIMIT 1",
    // its trajectory, both ways
    "SELECT s.run FROM src.trajectories s JOIN merge_runs c ON c.run = s.run JOIN main.runs m ON m.run = s.run "
    "LEFT JOIN main.trajectories x ON x.run = s.run AND x.outcome = s.outcome AND x.tick = s.tick WHERE x.run "
    "IS NULL OR x.value IS NOT s.value LIMIT 1",
    "SELECT m.run FROM main.trajectories m JOIN merge_runs c ON c.run = m.run WHERE NOT EXISTS (SELECT 1 FROM "
    "src.trajectories x WHERE x.run = m.run AND x.outcome = m.outcome AND x.tick = m.tick) LIMIT 1"};

// The first run the two DBs disagree about, or -1.
std::int64_t first_conflict(const Conn& db) {
  for (const char* sql : kConflicts) {
    Stmt s(db, sql, "cannot merge");
    if (s.row()) {
      const std::int64_t run = s.integer(0);
      s.done();
      return run;
    }
  }
  return -1;
}

// Copies the rows of the runs in temp.merge_runs; returns the runs copied.
std::int64_t copy_merge_runs(Conn& db) {
  // Shared runs are identical now, so OR IGNORE skips exactly them.
  db.exec(
      "INSERT OR IGNORE INTO main.runs(run, point, replicate, seed, status, error, wall_ms, finished_utc, worker, "
      "trajectory_rows) SELECT run, point, replicate, seed, status, error, wall_ms, finished_utc, worker, "
      "trajectory_rows FROM src.runs WHERE run IN merge_runs",
      "cannot merge runs");
  const std::int64_t copied = sqlite3_changes64(db.get());
  db.exec(
      "INSERT OR IGNORE INTO main.results(run, outcome, value) SELECT run, outcome, value "
      "FROM src.results WHERE run IN merge_runs",
      "cannot merge results");
  db.exec(
      "INSERT OR IGNORE INTO main.trajectories(run, outcome, tick, value) SELECT run, "
      "outcome, tick, value FROM src.trajectories WHERE run IN merge_runs",
      "cannot merge trajectories");
  return copied;
}

}  // namespace

// Incomplete runs count as absent on both sides: this DB's are dropped, the
// input's complete runs (temp.merge_runs) are the ones compared and copied.
std::int64_t SweepDb::Impl::merge_attached(std::int64_t* conflict) {
  Transaction tx(db, "cannot merge");
  const std::string drop = "(SELECT run FROM main.runs r WHERE NOT " + complete() + ")";
  for (const char* table : {"trajectories", "results", "runs"})
    db.exec(fmt::format("DELETE FROM main.{} WHERE run IN {}", table, drop).c_str(), "cannot merge");
  db.exec(("CREATE TEMP TABLE merge_runs(run INTEGER PRIMARY KEY); INSERT INTO merge_runs SELECT run FROM "
           "src.runs r WHERE " +
           complete_sql("src", "r", n_outcomes))
              .c_str(),
          "cannot merge");
  if (const std::int64_t run = first_conflict(db); run >= 0) {
    *conflict = run;
    return 0;
  }
  const std::int64_t copied = copy_merge_runs(db);
  db.exec("DROP TABLE temp.merge_runs", "cannot merge");
  tx.commit();
  return copied;
}

std::int64_t SweepDb::merge_from(const std::string& src, std::int64_t* conflict) {
  std::lock_guard lock(impl_->mu);
  return impl_->merge_from(src, conflict);
}

// ---- merge -----------------------------------------------------------------------

namespace {

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  return fs::equivalent(a, b, ec);
}

bool same_matrix(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() && (a.array() == b.array()).all();
}

bool has_run(const std::string& db, std::int64_t run) {
  const auto runs = SweepDb::open_existing(db).finished_runs();
  return std::binary_search(runs.begin(), runs.end(), run);
}

std::vector<std::pair<std::string, std::string>> all_meta(const std::string& db) {
  Conn c(db, SQLITE_OPEN_READONLY, "cannot open DB");
  std::vector<std::pair<std::string, std::string>> out;
  Stmt s(c, "SELECT key, value FROM meta ORDER BY key", "cannot read DB meta");
  while (s.row()) out.emplace_back(s.text(0), s.text(1));
  return out;
}

// The inputs' headers, after checking they are of one sweep and none is the output.
std::vector<SweepHeader> merge_headers(const std::string& out, const std::vector<std::string>& inputs) {
  std::vector<SweepHeader> headers;
  for (const std::string& in : inputs) {
    if (same_file(in, out)) damaged("", fmt::format("merge: {} is both an input and the output", in));
    headers.push_back(SweepDb::open_existing(in).header());
    if (headers.back().fingerprint != headers.front().fingerprint)
      damaged("", fmt::format("merge: {} and {} belong to different sweeps (fingerprints {} and {}); only DBs of the "
                              "same sweep file and scenario can be merged",
                              inputs.front(), in, headers.front().fingerprint, headers.back().fingerprint));
  }
  return headers;
}

// Merges the inputs into db (at `into`, shown as `out`); returns the runs copied.
std::int64_t merge_into(SweepDb& db, const std::string& out, bool existed, const std::vector<std::string>& inputs,
                        const std::vector<SweepHeader>& headers, const Eigen::MatrixXd& points) {
  std::string shard = existed ? db.meta("shard") : "";
  std::int64_t copied = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (i > 0 && !same_matrix(SweepDb::open_existing(inputs[i]).points(), points))
      damaged("", fmt::format("merge: {} and {} have the same fingerprint but different points (made by different "
                              "bpsim versions?)",
                              inputs.front(), inputs[i]));
    std::int64_t conflict = -1;
    const std::int64_t n = db.merge_from(inputs[i], &conflict);
    if (conflict >= 0) {
      std::string other = out;
      for (std::size_t j = 0; j < i; ++j)
        if (has_run(inputs[j], conflict)) {
          other = inputs[j];
          break;
        }
      damaged("", fmt::format("merge: run {} differs between {} and {} (point, replicate, seed, status or values); "
                              "the files disagree about the same run{}",
                              conflict, inputs[i], other,
                              existed && i > 0 ? "; the runs of the inputs before it were merged already" : ""));
    }
    copied += n;
    shard = shard_union(shard, headers[i].shard);
  }
  db.set_meta("shard", shard);
  return copied;
}

}  // namespace

std::int64_t merge_sweep_dbs(const std::string& out, const std::vector<std::string>& inputs) {
  if (inputs.empty()) throw std::runtime_error("merge: no input DBs given");
  const std::vector<SweepHeader> headers = merge_headers(out, inputs);
  const SweepDb first = SweepDb::open_existing(inputs.front());
  const Eigen::MatrixXd points = first.points();
  const std::vector<std::string> roles = first.roles();

  std::error_code ec;
  if (fs::exists(out, ec)) {
    const std::string fp = SweepDb::open_existing(out).header().fingerprint;
    if (fp != headers.front().fingerprint)
      damaged("", fmt::format("merge: {} and {} belong to different sweeps (fingerprints {} and {}); merge into a "
                              "new file",
                              out, inputs.front(), fp, headers.front().fingerprint));
    SweepDb db = SweepDb::open(out, headers.front(), points, roles);
    return merge_into(db, out, true, inputs, headers, points);
  }
  // A new output is built under a temporary name: a failed merge leaves no file.
  remove_stale_temp_files(out);
  const std::string tmp = temp_file_for(out).string();
  remove_db_files(tmp);
  std::int64_t copied = 0;
  try {
    {
      SweepDb db = SweepDb::open(tmp, headers.front(), points, roles);
      // provenance of the runs: the first input's (not created_utc: this file's)
      for (const auto& [key, value] : all_meta(inputs.front()))
        if (key != "created_utc") db.set_meta(key, value);
      copied = merge_into(db, out, false, inputs, headers, points);
    }
    if (::link(tmp.c_str(), out.c_str()) != 0)
      fail(out, fmt::format("cannot create the merged DB from {}: {}", tmp, std::strerror(errno)));
  } catch (...) {
    remove_db_files(tmp);
    throw;
  }
  remove_db_files(tmp);
  return copied;
}

}  // namespace bpsim
