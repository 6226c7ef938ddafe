// The sweep analysis on databases built directly with SweepDb::open + record (test
// functions instead of simulations): Sobol' indices of Ishigami against the analytic
// values, Morris effects of a linear function, PRIM on a step, level summaries of a
// grid, failed / missing / NaN runs, and refusals.
#include "sim/drivers/analyze.hpp"

#include "analysis/design.hpp"
#include "support/sweep_header.hpp"
#include "support/temp_dir.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

using bpsim::AnalysisReport;
using bpsim::AnalyzeOptions;
using bpsim::RunRecord;
using bpsim::SweepDb;
using bpsim::SweepHeader;
using bpsim::SweepParameter;
using bpsim::test::TempDir;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double pi = std::numbers::pi;

SweepParameter range(const std::string& path, double lo, double hi, bool log = false) {
  return SweepParameter{path, lo, hi, log, {}};
}

double map_unit(const SweepParameter& p, double u) {
  if (!p.levels.empty()) return p.levels[static_cast<std::size_t>(std::lround(u * double(p.levels.size() - 1)))];
  return p.log ? p.lo * std::pow(p.hi / p.lo, u) : p.lo + u * (p.hi - p.lo);
}

Eigen::MatrixXd to_values(const Eigen::MatrixXd& unit, const std::vector<SweepParameter>& ps) {
  Eigen::MatrixXd v(unit.rows(), unit.cols());
  for (Eigen::Index i = 0; i < unit.rows(); ++i)
    for (Eigen::Index j = 0; j < unit.cols(); ++j) v(i, j) = map_unit(ps[static_cast<std::size_t>(j)], unit(i, j));
  return v;
}

bpsim::SweepDesign sampled(const std::string& kind, int samples, std::uint64_t seed) {
  bpsim::SweepDesign d;
  d.kind = kind;
  d.samples = samples;
  d.seed = seed;
  return d;
}
bpsim::SweepDesign sobol(int samples, std::uint64_t seed) { return sampled("sobol", samples, seed); }
bpsim::SweepDesign morris(int trajectories, int levels, std::uint64_t seed) {
  bpsim::SweepDesign d = sampled("morris", 0, seed);
  d.trajectories = trajectories;
  d.levels = levels;
  return d;
}
bpsim::SweepDesign grid(int points) {
  bpsim::SweepDesign d = sampled("grid", 0, 1);
  d.points = points;
  return d;
}

// What a test function says about one run: its outcome values, or failure.
struct Outcome {
  std::vector<double> values;
  bool failed = false;
};
using TestFunction = std::function<Outcome(const Eigen::RowVectorXd& x, int replicate)>;

// A sweep DB as the driver would leave it: the design's points in parameter units,
// roles, the spec with its fingerprint, runs point * replicates + replicate; `skip` runs
// are never recorded.
SweepDb make_db(const std::string& path, const bpsim::SweepDesign& design, const std::vector<SweepParameter>& ps,
                const Eigen::MatrixXd& values, const std::vector<std::string>& roles,
                const std::vector<std::string>& outcomes, int replicates, const TestFunction& f,
                const std::set<std::int64_t>& skip = {}) {
  bpsim::SweepSpec spec;
  spec.design = design;
  spec.replicates = replicates;
  spec.parameters = ps;
  spec.outcomes = outcomes;
  SweepHeader h = bpsim::test::sweep_header_of(spec, "0123");
  h.sweep_file = "sweeps/" + design.kind + ".yaml";
  SweepDb db = SweepDb::open(path, h, values, roles);
  std::vector<RunRecord> batch;
  for (Eigen::Index p = 0; p < values.rows(); ++p)
    for (int rep = 0; rep < replicates; ++rep) {
      const std::int64_t run = p * replicates + rep;
      if (skip.count(run)) continue;
      const Outcome o = f(values.row(p), rep);
      RunRecord r;
      r.run = run;
      r.point = p;
      r.replicate = rep;
      r.seed = static_cast<std::uint64_t>(rep);
      r.ok = !o.failed;
      r.error = o.failed ? "test failure" : "";
      r.outcomes = o.failed ? std::vector<double>{} : o.values;
      batch.push_back(std::move(r));
    }
  db.record(batch);
  return db;
}

std::vector<std::string> saltelli_roles(int n, int k) {
  std::vector<std::string> roles;
  for (int b = 0; b < k + 2; ++b)
    for (int i = 0; i < n; ++i) roles.push_back(b == 0 ? "A" : b == 1 ? "B" : "AB" + std::to_string(b - 1));
  return roles;
}

double ishigami(const Eigen::RowVectorXd& x) {
  const double s2 = std::sin(x[1]);
  return std::sin(x[0]) + 7 * s2 * s2 + 0.1 * std::pow(x[2], 4) * std::sin(x[0]);
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const bpsim::ResultFile* file_named(const std::vector<bpsim::ResultFile>& files, const std::string& name) {
  for (const auto& f : files)
    if (f.name == name) return &f;
  return nullptr;
}

int lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

}  // namespace

TEST_CASE("analyze_sweep: Sobol' indices of Ishigami from a sweep DB match the analytic values") {
  TempDir tmp;
  const int n = 1024, k = 3;
  const std::vector<SweepParameter> ps{range("x1", -pi, pi), range("x2", -pi, pi), range("x3", -pi, pi)};
  const auto d = bpsim::design::saltelli(n, k, 1);
  const Eigen::MatrixXd values = to_values(d.points, ps);
  // Two replicates whose noise cancels in the mean but depends on x3: an analysis that
  // did not average the replicates would see x3 act on its own (S1_3 > 0).
  // Point 5 (in block A) fails in both replicates; the last run is never recorded.
  const std::int64_t last_run = values.rows() * 2 - 1;
  const SweepDb db = make_db((tmp / "ish.db").string(), sobol(n, 1), ps, values, saltelli_roles(n, k),
                             {"world:y@last", "world:const@last"}, 2,
                             [&](const Eigen::RowVectorXd& x, int rep) {
                               if (x == values.row(5)) return Outcome{{}, true};
                               const double noise = (rep == 0 ? 3.0 : -3.0) * x[2];
                               return Outcome{{ishigami(x) + noise, 1.0}, false};
                             },
                             {last_run});

  AnalyzeOptions opt;
  opt.outcomes = {"world:y"};
  const AnalysisReport r = bpsim::analyze_sweep(db, opt);
  CHECK(r.design == "sobol");
  CHECK(r.sobol_n == n);
  CHECK(r.points == n * (k + 2));
  CHECK(r.replicates == 2);
  CHECK(r.runs_planned == 2 * n * (k + 2));
  CHECK(r.runs_failed == 2);
  CHECK(r.runs_missing == 1);
  CHECK(r.runs_done == r.runs_planned - 3);
  REQUIRE(r.outcomes.size() == 1);
  const auto& a = r.outcomes[0];
  CHECK(a.outcome == "world:y@last");
  CHECK(a.points_without_value == 1);
  REQUIRE(a.sobol.has_value());
  const auto& s = *a.sobol;
  CHECK(s.dropped == 1);
  const double S1[] = {0.3139, 0.4424, 0.0}, ST[] = {0.5576, 0.4424, 0.2437};
  for (int i = 0; i < k; ++i) {
    CAPTURE(i);
    CHECK(std::abs(s.S1[i] - S1[i]) < 0.03);
    CHECK(std::abs(s.ST[i] - ST[i]) < 0.03);
    CHECK(s.S1_lo[i] <= S1[i]);
    CHECK(s.S1_hi[i] >= S1[i]);
    CHECK(s.ST_lo[i] <= ST[i]);
    CHECK(s.ST_hi[i] >= ST[i]);
  }
  CHECK_FALSE(a.morris.has_value());

  const std::string t = bpsim::analysis_table(r);
  CHECK(has(t, "sweeps/sobol.yaml"));
  CHECK(has(t, "2 failed, 1 missing"));
  CHECK(has(t, "S1 (first order)"));
  CHECK(has(t, "1 of 1024 dropped"));
  // Ranked by ST: x1 first.
  CHECK(t.find("  x1 ") < t.find("  x2 "));
  CHECK(t.find("  x2 ") < t.find("  x3 "));

  const auto files = bpsim::analysis_files(r);
  const auto* sobol = file_named(files, "sobol.csv");
  REQUIRE(sobol != nullptr);
  CHECK(lines(sobol->bytes) == 1 + 2 * k);
  CHECK(has(sobol->bytes, "outcome,parameter,index,estimate,ci_lo,ci_hi,confidence,base_rows,dropped\n"));
  CHECK(has(sobol->bytes, "world:y@last,x3,S1,"));
  CHECK(has(sobol->bytes, ",0.95,1023,1\n"));
  CHECK(file_named(files, "levels.csv") != nullptr);
  CHECK(file_named(files, "morris.csv") == nullptr);
  CHECK(file_named(files, "prim.csv") == nullptr);

  // A constant outcome: zero variance, indices NaN, not a crash.
  opt.outcomes = {"const"};
  const AnalysisReport c = bpsim::analyze_sweep(db, opt);
  CHECK(std::isnan(c.outcomes[0].sobol->S1[0]));
  CHECK(has(bpsim::analysis_table(c), "n/a"));
}

TEST_CASE("analyze_sweep: Morris effects of a linear function are |c| per whole parameter range") {
  TempDir tmp;
  const int r = 12, k = 3, levels = 4;
  // y = 1.5 x0 - 0.5 log10(x1) + 0 x2; per whole range: 1.5 * 2, -0.5 * 2, 0.
  const std::vector<SweepParameter> ps{range("a", 0, 2), range("b", 0.1, 10, true), range("c", -1, 1)};
  const auto d = bpsim::design::morris(r, k, levels, 7);
  const Eigen::MatrixXd values = to_values(d.points, ps);
  std::vector<std::string> roles;
  for (int t = 0; t < r; ++t)
    for (int i = 0; i <= k; ++i) roles.push_back("traj" + std::to_string(t));
  SweepDb db = make_db((tmp / "morris.db").string(), morris(r, levels, 7), ps, values, roles, {"world:lin@last"}, 1,
                       [](const Eigen::RowVectorXd& x, int) {
                         return Outcome{{1.5 * x[0] - 0.5 * std::log10(x[1]) + 0 * x[2]}, false};
                       });
  const AnalysisReport rep = bpsim::analyze_sweep(db, {});
  CHECK(rep.morris_trajectories == r);
  CHECK(rep.morris_levels == levels);
  REQUIRE(rep.outcomes.size() == 1);
  REQUIRE(rep.outcomes[0].morris.has_value());
  const auto& m = *rep.outcomes[0].morris;
  CHECK(m.mu_star[0] == doctest::Approx(3.0).epsilon(1e-9));
  CHECK(m.mu_star[1] == doctest::Approx(1.0).epsilon(1e-9));
  CHECK(m.mu_star[2] == doctest::Approx(0.0).epsilon(1e-9));
  CHECK(m.mu[0] == doctest::Approx(3.0).epsilon(1e-9));
  CHECK(m.mu[1] == doctest::Approx(-1.0).epsilon(1e-9));
  CHECK(m.sigma[0] == doctest::Approx(0.0).epsilon(1e-9));
  // Every trajectory gives the same effect: every resample has the same mu*.
  CHECK(m.mu_star_lo[0] == doctest::Approx(3.0).epsilon(1e-9));
  CHECK(m.mu_star_hi[0] == doctest::Approx(3.0).epsilon(1e-9));
  CHECK(m.mu_star_hi[2] == doctest::Approx(0.0).epsilon(1e-9));
  CHECK_FALSE(rep.outcomes[0].sobol.has_value());

  const std::string t = bpsim::analysis_table(rep);
  CHECK(has(t, "mu*"));
  CHECK(t.find("  a ") < t.find("  b "));  // ranked by mu*
  CHECK(t.find("  b ") < t.find("  c "));
  const auto files = bpsim::analysis_files(rep);
  const auto* morris = file_named(files, "morris.csv");
  REQUIRE(morris != nullptr);
  CHECK(has(morris->bytes, "outcome,parameter,mu_star,mu_star_lo,mu_star_hi,confidence,mu,sigma,rank\n"));
  CHECK(has(morris->bytes, "world:lin@last,c,"));
  CHECK(lines(morris->bytes) == 1 + k);
  // The level summaries of a Morris design: one row per grid level.
  CHECK(rep.outcomes[0].levels[0].size() == static_cast<std::size_t>(levels));
  CHECK(rep.outcomes[0].levels[0].front().lo == 0.0);
  CHECK(rep.outcomes[0].levels[0].back().lo == 2.0);
}

TEST_CASE("analyze_sweep: PRIM finds the box where the outcome is above its threshold") {
  TempDir tmp;
  const std::vector<SweepParameter> ps{range("x1", 0, 1), range("x2", 10, 20)};
  const Eigen::MatrixXd values = to_values(bpsim::design::random_uniform(2000, 2, 11), ps);
  // Outcome 1 iff x1 > 0.7; one point's run gives NaN (left out, counted).
  const SweepDb db = make_db((tmp / "prim.db").string(), sampled("random", 2000, 11), ps, values, {},
                             {"dyad:A:B:alignment@last"}, 1, [&](const Eigen::RowVectorXd& x, int) {
                               if (x == values.row(3)) return Outcome{{kNaN}, false};
                               return Outcome{{x[0] > 0.7 ? 1.0 : 0.0}, false};
                             });
  AnalyzeOptions opt;
  opt.prim = "dyad:A:B:alignment@last>0.5";
  const AnalysisReport r = bpsim::analyze_sweep(db, opt);
  REQUIRE(r.prim.has_value());
  const auto& p = *r.prim;
  CHECK(p.condition.above);
  CHECK(p.condition.threshold == 0.5);
  CHECK(p.runs_used == 1999);
  CHECK(p.runs_without_value == 1);
  CHECK(p.runs_interesting > 500);
  CHECK(p.runs_interesting < 700);
  REQUIRE(p.selected >= 0);
  const auto& box = p.trajectory[static_cast<std::size_t>(p.selected)];
  CHECK(box.density >= 0.8);
  CHECK(box.coverage >= 0.8);
  REQUIRE_FALSE(box.restricted.empty());
  CHECK(box.restricted.front() == 0);
  CHECK(box.lo[0] > 0.6);
  CHECK(box.lo[0] <= 0.7 + 1e-9);
  CHECK(box.hi[0] == doctest::Approx(values.col(0).maxCoeff()));
  // x2 is irrelevant: not restricted or barely.
  CHECK(box.hi[1] - box.lo[1] > 8.0);

  const std::string t = bpsim::analysis_table(r);
  CHECK(has(t, "PRIM: where is dyad:A:B:alignment@last > 0.5?"));
  CHECK(has(t, "selected box"));
  CHECK(has(t, "(of 0"));
  const auto files = bpsim::analysis_files(r);
  const auto* prim = file_named(files, "prim.csv");
  REQUIRE(prim != nullptr);
  CHECK(lines(prim->bytes) == 1 + 2 * static_cast<int>(p.trajectory.size()));
  CHECK(has(prim->bytes, "dyad:A:B:alignment@last>0.5,0,0,1,"));

  // The other direction and a bare threshold with one outcome.
  opt.prim = "<=0.5";
  const AnalysisReport below = bpsim::analyze_sweep(db, opt);
  CHECK_FALSE(below.prim->condition.above);
  CHECK_FALSE(below.prim->condition.strict);
  CHECK(below.prim->runs_interesting == 1999 - p.runs_interesting);
  const auto& b2 = below.prim->trajectory[static_cast<std::size_t>(below.prim->selected)];
  CHECK(b2.hi[0] < 0.8);
}

TEST_CASE("analyze_sweep: level summaries of a grid, with failed, missing and NaN runs skipped") {
  TempDir tmp;
  std::vector<SweepParameter> ps{range("r", 0, 1), SweepParameter{"lv", 0.15, 0.35, false, {0.15, 0.25, 0.35}}};
  const Eigen::MatrixXd values = to_values(bpsim::design::full_grid({3, 3}), ps);
  REQUIRE(values.rows() == 9);
  // y = 10 lv + r; point 0 fails, point 1 gives NaN, replicate 1 of point 2 is missing.
  const SweepDb db = make_db((tmp / "grid.db").string(), grid(3), ps, values, {}, {"world:y@last"}, 2,
                             [&](const Eigen::RowVectorXd& x, int rep) {
                               if (x == values.row(0)) return Outcome{{}, true};
                               if (x == values.row(1)) return Outcome{{kNaN}, false};
                               return Outcome{{10 * x[1] + x[0] + (rep == 0 ? 0.01 : -0.01)}, false};
                             },
                             {5});
  const AnalysisReport r = bpsim::analyze_sweep(db, {});
  CHECK(r.runs_planned == 18);
  CHECK(r.runs_failed == 2);
  CHECK(r.runs_missing == 1);
  CHECK(r.runs_done == 15);
  CHECK(r.show_levels);
  const auto& a = r.outcomes[0];
  CHECK(a.points_without_value == 2);
  REQUIRE(a.levels.size() == 2);
  // The grid's last factor varies fastest: points 0, 1, 2 = (r 0, lv 0.15 / 0.25 / 0.35).
  // lv 0.15: points 0 (failed), 3, 6 -> 4 runs; lv 0.35: points 2 (replicate 0 only),
  // 5, 8 -> 5 runs.
  REQUIRE(a.levels[1].size() == 3);
  CHECK(a.levels[1][0].lo == 0.15);
  CHECK(a.levels[1][0].hi == 0.15);
  CHECK(a.levels[1][0].count == 4);
  CHECK(a.levels[1][0].mean == doctest::Approx(1.5 + 0.75));
  CHECK(a.levels[1][1].count == 4);
  CHECK(a.levels[1][2].lo == 0.35);
  CHECK(a.levels[1][2].count == 5);
  CHECK(a.levels[1][2].mean == doctest::Approx((3.51 + 2 * 4.0 + 2 * 4.5) / 5));
  // r: three levels 0, 0.5, 1 (a grid shows every level, whatever --bins).
  REQUIRE(a.levels[0].size() == 3);
  CHECK(a.levels[0][1].lo == 0.5);

  const std::string t = bpsim::analysis_table(r);
  CHECK(has(t, "2 failed, 1 missing"));
  CHECK(has(t, "2 of 9 points have no value"));
  CHECK(has(t, "by parameter level or bin, over the runs"));
  const auto files = bpsim::analysis_files(r);
  const auto* lv = file_named(files, "levels.csv");
  REQUIRE(lv != nullptr);
  CHECK(has(lv->bytes, "outcome,parameter,bin,lo,hi,count,mean,sd,p05,p50,p95\n"));
  CHECK(has(lv->bytes, "world:y@last,lv,2,0.35,0.35,5,"));
  CHECK(lines(lv->bytes) == 1 + 3 + 3);
}

TEST_CASE("analyze_sweep: bad options and a DB whose points do not fit its design are refused") {
  TempDir tmp;
  const std::vector<SweepParameter> ps{range("x1", 0, 1), range("x2", 0, 1)};
  const Eigen::MatrixXd values = to_values(bpsim::design::random_uniform(7, 2, 3), ps);
  // 7 points stored for a sobol design of 2 x 4: refused when the DB is opened.
  CHECK_THROWS_WITH_AS(
      make_db((tmp / "odd.db").string(), sobol(2, 3), ps, values, {}, {"world:a@last", "world:ab@last"}, 1,
              [](const Eigen::RowVectorXd& x, int) {
                return Outcome{{x[0], x[1]}, false};
              }),
      doctest::Contains("it holds 7 points, the stored sweep has 8"), bpsim::SweepDbError);
  AnalyzeOptions opt;
  const SweepDb db2 = make_db((tmp / "ok.db").string(), sampled("random", 7, 3), ps, values, {},
                              {"world:a@last", "world:ab@last"}, 1, [](const Eigen::RowVectorXd& x, int) {
                                return Outcome{{x[0], x[1]}, false};
                              });
  opt.outcomes = {"nope"};
  CHECK_THROWS_WITH_AS(bpsim::analyze_sweep(db2, opt), doctest::Contains("world:a@last, world:ab@last"),
                       std::invalid_argument);
  opt.outcomes = {"world:a"};  // exact match of none, part of both: ambiguous
  CHECK_THROWS_WITH_AS(bpsim::analyze_sweep(db2, opt), doctest::Contains("more than one"), std::invalid_argument);
  opt.outcomes = {"world:a@last"};  // exact wins over substring
  CHECK(bpsim::analyze_sweep(db2, opt).outcomes[0].outcome == "world:a@last");
  opt.outcomes = {"ab"};
  CHECK(bpsim::analyze_sweep(db2, opt).outcomes[0].outcome == "world:ab@last");
  opt.outcomes.clear();
  opt.bins = 0;
  CHECK_THROWS_AS(bpsim::analyze_sweep(db2, opt), std::invalid_argument);
  opt.bins = 5;
  for (const char* bad : {"world:ab@last", "world:ab@last>", "world:ab@last>x", ">0.5", "nope>1"}) {
    CAPTURE(bad);
    opt.prim = bad;
    CHECK_THROWS_AS(bpsim::analyze_sweep(db2, opt), std::invalid_argument);
  }
  opt.prim = "ab >= -0.25";
  const auto r = bpsim::analyze_sweep(db2, opt);
  CHECK(r.prim->condition.outcome == "world:ab@last");
  CHECK(r.prim->condition.threshold == -0.25);
  CHECK(r.prim->runs_interesting == 7);
}

TEST_CASE("analyze: parameter_unit inverts the driver's mapping") {
  const SweepParameter lin = range("a", -2, 6), lg = range("b", 0.01, 100, true);
  const SweepParameter lv{"c", 1, 9, false, {1, 4, 9}};
  for (const double u : {0.0, 0.125, 0.5, 0.9, 1.0}) {
    CAPTURE(u);
    CHECK(bpsim::parameter_unit(lin, map_unit(lin, u)) == doctest::Approx(u));
    CHECK(bpsim::parameter_unit(lg, map_unit(lg, u)) == doctest::Approx(u));
  }
  CHECK(bpsim::parameter_unit(lv, 1) == 0.0);
  CHECK(bpsim::parameter_unit(lv, 4) == 0.5);
  CHECK(bpsim::parameter_unit(lv, 9) == 1.0);
}
