// Sweeps: design mapping, validation before any run, resumable and order-free results,
// shards that merge to the single-process database, failed runs recorded.
#include "sim/drivers/sweep.hpp"
#include "sim/drivers/sweep_mpi.hpp"
#include "sim/io/scenario/error.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>

using namespace bpsim;

namespace {

std::string data(const std::string& name) { return std::string(BPSIM_SOURCE_DIR) + "/tests/data/sweep_driver/" + name; }

// Everything a run leaves in the database except wall time, worker and finish time.
struct Content {
  SweepDb::Results r;
  bool operator==(const Content& o) const {
    if (r.run != o.r.run || r.point != o.r.point || r.replicate != o.r.replicate || r.status != o.r.status)
      return false;
    if (r.values.rows() != o.r.values.rows() || r.values.cols() != o.r.values.cols()) return false;
    for (Eigen::Index i = 0; i < r.values.size(); ++i) {
      const double a = r.values.data()[i], b = o.r.values.data()[i];
      if (!(a == b || (std::isnan(a) && std::isnan(b)))) return false;
    }
    return true;
  }
};

Content sweep_into(const SweepPlan& plan, const std::string& path, SweepOptions opt = {}) {
  SweepDb db =
      open_sweep_db(plan, path, opt.shards > 1 ? std::to_string(opt.shard) + "/" + std::to_string(opt.shards) : "all");
  run_sweep(plan, db, opt);
  return {db.results()};
}

}  // namespace

TEST_CASE("sweep parameter values: linear, log and levels") {
  SweepParameter lin{"p", 2, 6, false, {}};
  CHECK(parameter_value(lin, 0.0) == 2);
  CHECK(parameter_value(lin, 0.25) == 3);
  CHECK(parameter_value(lin, 1.0) == 6);
  SweepParameter lg{"p", 0.25, 4.0, true, {}};
  CHECK(parameter_value(lg, 0.5) == doctest::Approx(1.0));  // geometric midpoint
  CHECK(parameter_value(lg, 0.0) == 0.25);
  SweepParameter lv{"p", 0.15, 0.35, false, {0.15, 0.25, 0.35}};
  CHECK(parameter_value(lv, 0.0) == 0.15);
  CHECK(parameter_value(lv, 0.5) == 0.25);
  CHECK(parameter_value(lv, 1.0) == 0.35);
}

TEST_CASE("sweep designs: sizes and roles of sobol, morris and grid") {
  SweepSpec spec;
  spec.parameters = {{"a", 0, 1, false, {}}, {"b", 0, 1, false, {}}, {"c", 0, 1, false, {1, 2}}};
  std::vector<std::string> roles;
  spec.design = {"sobol", 8, 1, 10, 4, 5};
  spec.parameters[2].levels.clear();
  Eigen::MatrixXd u = sweep_design(spec, roles);
  CHECK(u.rows() == 8 * 5);
  CHECK(roles[0] == "A");
  CHECK(roles[8] == "B");
  CHECK(roles[16] == "AB1");
  CHECK(roles[39] == "AB3");
  spec.design = {"morris", 0, 1, 3, 4, 5};
  u = sweep_design(spec, roles);
  CHECK(u.rows() == 3 * 4);
  CHECK(roles[4] == "traj1");
  spec.design = {"grid", 0, 1, 10, 4, 3};
  spec.parameters[2].levels = {1, 2};
  u = sweep_design(spec, roles);
  CHECK(u.rows() == 3 * 3 * 2);
  CHECK(roles[0].empty());
}

TEST_CASE("sweep plans check every parameter's extremes before running anything") {
  try {
    plan_sweep(data("out_of_range.yaml"));
    FAIL("expected a ScenarioError");
  } catch (const ScenarioError& e) {
    const std::vector<Diagnostic>& d = e.diagnostics();
    REQUIRE(d.size() == 2);
    CHECK(d[0].str() == std::string(BPSIM_SOURCE_DIR) +
                            "/scenarios/pivot_to_asia_2014.yaml: --set states.RUS.traits.hedging=1.5: "
                            "states[3].traits.hedging: 1.5 is out of range; allowed: a number in [0, 1]");
    CHECK(d[1].str() == data("out_of_range.yaml") +
                            ": parameters[states.RUS.traits.hedging]: the scenario "
                            "does not accept states.RUS.traits.hedging = 1.5 (from this parameter's range)");
  }
}

TEST_CASE("sweep results are the same for any thread count, and resume after a stop") {
  const SweepPlan plan = plan_sweep(data("small_random.yaml"));
  REQUIRE(plan.total_runs() == 12);
  test::TempDir dir;
  SweepOptions one;
  one.threads = 1;
  const Content single = sweep_into(plan, (dir / "one.db").string(), one);
  REQUIRE(single.r.run.size() == 12);
  SweepOptions two;
  two.threads = 2;
  CHECK(sweep_into(plan, (dir / "two.db").string(), two) == single);

  // Stop after a few runs (as Ctrl-C does), then resume: nothing lost, nothing twice.
  std::atomic<bool> stop{false};
  SweepOptions part;
  part.threads = 1;
  part.batch = 1;
  part.stop = &stop;
  part.progress = [&](std::int64_t done, std::int64_t) {
    if (done >= 5) stop = true;
  };
  {
    SweepDb db = open_sweep_db(plan, (dir / "resumed.db").string(), "all");
    const SweepSummary s = run_sweep(plan, db, part);
    CHECK(s.interrupted);
    CHECK(db.run_count() == 5);
  }
  SweepDb db = open_sweep_db(plan, (dir / "resumed.db").string(), "all");
  CHECK(pending_runs(plan, db, 1, 1).size() == 7);
  const SweepSummary rest = run_sweep(plan, db, two);
  CHECK(rest.already == 5);
  CHECK(rest.ran == 7);
  CHECK(Content{db.results()} == single);
}

TEST_CASE("a sweep parameter naming an event by its id takes the fast patcher, with the index path's results") {
  test::TempDir dir;
  const std::string pivot = std::string(BPSIM_SOURCE_DIR) + "/scenarios/pivot_to_asia_2014.yaml";
  const auto plan_for = [&](const std::string& name, const std::string& path) {
    test::write_text(dir / name, "scenario: " + pivot + "\ndesign: {kind: grid, points: 3}\nparameters:\n  " + path +
                                     ": {range: [0.0, 1.0]}\n");
    return plan_sweep((dir / name).string());
  };
  const SweepPlan by_id = plan_for("id.yaml", "events.sanctions_2014.sanctions.intensity");
  const SweepPlan by_index = plan_for("index.yaml", "events.0.sanctions.intensity");
  REQUIRE(by_id.patches.size() == 1);
  CHECK(by_id.patches[0].has_value());  // not the slow path (a full reload per point)
  for (std::int64_t p = 0; p < 3; ++p) {
    const Scenario a = point_scenario(by_id, p), b = point_scenario(by_index, p);
    CHECK(std::get<SanctionsEvent>(a.events[0].rule).intensity == std::get<SanctionsEvent>(b.events[0].rule).intensity);
    CHECK(std::get<SanctionsEvent>(a.events[0].rule).intensity == 0.5 * static_cast<double>(p));
  }
}

TEST_CASE("sweep shards are disjoint and merge into the single-process database") {
  const SweepPlan plan = plan_sweep(data("small_random.yaml"));
  test::TempDir dir;
  const Content single = sweep_into(plan, (dir / "all.db").string());
  for (int k = 1; k <= 3; ++k) {
    SweepOptions o;
    o.shard = k;
    o.shards = 3;
    const Content c = sweep_into(plan, (dir / ("s" + std::to_string(k) + ".db")).string(), o);
    CHECK(c.r.run.size() == 4);
    for (const std::int64_t run : c.r.run) CHECK(run % 3 == k - 1);
  }
  merge_sweep_dbs((dir / "merged.db").string(),
                  {(dir / "s1.db").string(), (dir / "s2.db").string(), (dir / "s3.db").string()});
  CHECK(Content{SweepDb::open_existing((dir / "merged.db").string()).results()} == single);
}

TEST_CASE("sweep points share random numbers across points, and replicates differ") {
  const SweepPlan plan = plan_sweep(data("small_random.yaml"));
  const RunRecord a = execute_run(plan, 0), b = execute_run(plan, 1), again = execute_run(plan, 0);
  CHECK(a.ok);
  CHECK(a.point == 0);
  CHECK(b.replicate == 1);
  CHECK(a.seed == plan.base.seed);
  CHECK(a.outcomes == again.outcomes);
  CHECK(a.outcomes != b.outcomes);  // noise is on: replicates differ
  // Trajectories every 12 ticks over 48 ticks: ticks 0, 12, 24, 36, 48.
  REQUIRE(a.trajectory.size() == 2);
  CHECK(a.trajectory[0].size() == 5);
  CHECK(a.trajectory[0].back() == a.outcomes[0]);
}

TEST_CASE("sweep paths without a fast patch re-read the scenario and give the loader's result") {
  const SweepPlan plan = plan_sweep(data("slow_path.yaml"));
  REQUIRE(plan.patches.size() == 1);
  CHECK(!plan.patches[0].has_value());
  const RunRecord r = execute_run(plan, 2);
  CHECK(r.ok);
  CHECK(std::isfinite(r.outcomes[0]));
}

TEST_CASE("a failing sweep run is recorded with its error and the sweep goes on") {
  SweepPlan plan = plan_sweep(data("small_random.yaml"));
  plan.base.capability0(0, 0) = std::numeric_limits<double>::infinity();
  const RunRecord r = execute_run(plan, 3);
  CHECK(!r.ok);
  CHECK(r.error.find("no longer finite") != std::string::npos);
  test::TempDir dir;
  SweepDb db = open_sweep_db(plan, (dir / "f.db").string(), "all");
  const SweepSummary s = run_sweep(plan, db, {});
  CHECK(s.failed == 12);
  CHECK(db.failed_count() == 12);
  CHECK(pending_runs(plan, db, 1, 1).empty());  // failed runs are finished: not re-run
}

TEST_CASE("sweep records cross MPI as bytes unchanged") {
  RunRecord r;
  r.run = 41;
  r.point = 20;
  r.replicate = 1;
  r.seed = 0xFFFFFFFFFFFFFFFFull;
  r.ok = false;
  r.error = "tick 3: boom";
  r.wall_ms = 0.125;
  r.worker = "mpi-rank-3";
  r.outcomes = {1.5, std::numeric_limits<double>::quiet_NaN()};
  r.trajectory_every = 4;
  r.trajectory = {{1, 2}, {}};
  const RunRecord b = unpack_record(pack_record(r));
  CHECK(b.run == 41);
  CHECK(b.point == 20);
  CHECK(b.replicate == 1);
  CHECK(b.seed == r.seed);
  CHECK(!b.ok);
  CHECK(b.error == r.error);
  CHECK(b.worker == r.worker);
  CHECK(b.outcomes[0] == 1.5);
  CHECK(std::isnan(b.outcomes[1]));
  CHECK(b.trajectory == r.trajectory);
  CHECK_THROWS_WITH(unpack_record(pack_record(r).substr(0, 30)), "truncated run record from an MPI worker");
}
