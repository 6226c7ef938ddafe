// A sweep run is complete only with all its outcomes and all its trajectory rows: a run
// whose trajectory lost a row is redone by a resumed sweep and counted missing by analyze.
#include "sim/drivers/analyze.hpp"
#include "sim/drivers/sweep.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <string>

using namespace bpsim;

namespace {

void sql_exec(const std::string& db, const std::string& sql) {
  sqlite3* c = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &c) == SQLITE_OK);
  const int rc = sqlite3_exec(c, sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(c);
  REQUIRE(rc == SQLITE_OK);
}

std::int64_t sql_int(const std::string& db, const std::string& sql) {
  sqlite3* c = nullptr;
  sqlite3_stmt* s = nullptr;
  REQUIRE(sqlite3_open(db.c_str(), &c) == SQLITE_OK);
  REQUIRE(sqlite3_prepare_v2(c, sql.c_str(), -1, &s, nullptr) == SQLITE_OK);
  const std::int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
  sqlite3_finalize(s);
  sqlite3_close(c);
  return v;
}

}  // namespace

TEST_CASE("sweep: a run missing one trajectory row is redone on resume and counted missing by analyze") {
  // 6 points x 2 replicates, 2 outcomes kept every 12 ticks.
  const SweepPlan plan = plan_sweep(std::string(BPSIM_SOURCE_DIR) + "/tests/data/sweep_driver/small_random.yaml");
  REQUIRE(plan.total_runs() == 12);
  REQUIRE(plan.spec.trajectories_every == 12);
  test::TempDir dir;
  const std::string path = (dir / "s.db").string();
  SweepOptions opt;
  opt.threads = 1;
  {
    SweepDb db = open_sweep_db(plan, path, "all");
    CHECK(run_sweep(plan, db, opt).ran == 12);
  }
  // Ticks 0, 12, 24, ... up to the horizon, for each of the 2 outcomes.
  const std::int64_t per_run = 2 * (plan.base.ticks / 12 + 1);
  CHECK(sql_int(path, "SELECT count(*) FROM trajectories WHERE run = 7") == per_run);
  CHECK(sql_int(path, "SELECT trajectory_rows FROM runs WHERE run = 7") == per_run);
  const std::string value_sql =
      "SELECT CAST(value * 1e9 AS INTEGER) FROM trajectories WHERE run = 7 AND outcome = 1 AND tick = 12";
  const std::int64_t before = sql_int(path, value_sql);
  sql_exec(path, "DELETE FROM trajectories WHERE run = 7 AND outcome = 1 AND tick = 12");

  SweepDb db = open_sweep_db(plan, path, "all");
  CHECK(db.incomplete_count() == 1);
  CHECK(pending_runs(plan, db, 1, 1) == std::vector<std::int64_t>{7});
  const AnalysisReport r = analyze_sweep(db, AnalyzeOptions{});
  CHECK(r.runs_planned == 12);
  CHECK(r.runs_done == 11);
  CHECK(r.runs_missing == 1);
  CHECK(r.runs_incomplete == 1);

  const SweepSummary rest = run_sweep(plan, db, opt);
  CHECK(rest.already == 11);
  CHECK(rest.ran == 1);
  CHECK(db.incomplete_count() == 0);
  CHECK(sql_int(path, "SELECT count(*) FROM trajectories WHERE run = 7") == per_run);
  CHECK(sql_int(path, value_sql) == before);
  CHECK(analyze_sweep(db, AnalyzeOptions{}).runs_missing == 0);
}
