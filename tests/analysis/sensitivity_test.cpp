// analysis/sensitivity.cpp: quantiles, Sobol' indices, Morris effects, level summaries.
#include "support/check.hpp"

#include "analysis/design.hpp"
#include "analysis/sensitivity.hpp"

#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <vector>

using namespace bpsim;
using bpsim::test::near;

namespace {

constexpr double pi = std::numbers::pi;
constexpr double ish_a = 7.0, ish_b = 0.1;

// Ishigami on the unit cube mapped to [-pi, pi]^3.
double ishigami(const Eigen::RowVectorXd& u) {
  const double x1 = -pi + 2 * pi * u[0], x2 = -pi + 2 * pi * u[1], x3 = -pi + 2 * pi * u[2];
  const double s2 = std::sin(x2);
  return std::sin(x1) + ish_a * s2 * s2 + ish_b * std::pow(x3, 4) * std::sin(x1);
}

Eigen::VectorXd evaluate(const Eigen::MatrixXd& points, double (*f)(const Eigen::RowVectorXd&)) {
  Eigen::VectorXd y(points.rows());
  for (Eigen::Index r = 0; r < points.rows(); ++r) y[r] = f(points.row(r));
  return y;
}

// Analytic Sobol' indices of Ishigami (Sobol' & Levitan 1999; Saltelli et al. 2008).
struct IshigamiTruth {
  Eigen::Vector3d S1, ST;
  double V;
};
IshigamiTruth ishigami_truth() {
  const double a = ish_a, b = ish_b, pi4 = std::pow(pi, 4), pi8 = std::pow(pi, 8);
  const double V = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
  const double V1 = 0.5 * (1 + b * pi4 / 5) * (1 + b * pi4 / 5);
  const double V2 = a * a / 8;
  const double V13 = b * b * pi8 * (1.0 / 18 - 1.0 / 50);
  return {Eigen::Vector3d(V1 / V, V2 / V, 0.0), Eigen::Vector3d((V1 + V13) / V, V2 / V, V13 / V), V};
}

using bpsim::test::vec;

}  // namespace

TEST_CASE("quantile: linear interpolation between order statistics (numpy's default)") {
  using sensitivity::quantile;
  // numpy.quantile values.
  CHECK(quantile({1, 2, 3, 4}, 0.25) == near(1.75));
  CHECK(quantile({3, 1, 2}, 0.5) == near(2.0));
  CHECK(quantile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.05) == near(1.45));
  CHECK(quantile({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.95) == near(9.55));
  CHECK(quantile({10, 1, 2, 3, 4, 5, 6, 7, 8, 9}, 0.5) == near(5.5));
  CHECK(quantile({20, 10}, 0.3) == near(13.0));
  CHECK(quantile({7.0, -1.0, 2.5, 4.0, 0.5}, 0.1) == near(-0.4));
  CHECK(quantile({7.0, -1.0, 2.5, 4.0, 0.5}, 0.33) == near(1.14));
  CHECK(quantile({7.0, -1.0, 2.5, 4.0, 0.5}, 0.9) == near(5.8));
  CHECK(quantile({7.0, -1.0, 2.5}, 0.0) == near(-1.0));
  CHECK(quantile({7.0, -1.0, 2.5}, 1.0) == near(7.0));
  CHECK(quantile({4.5}, 0.7) == near(4.5));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK(quantile({1, nan, 2, 3, 4}, 0.25) == near(1.75));  // NaN left out
  CHECK(std::isnan(quantile({}, 0.5)));
  CHECK_THROWS_AS(quantile({1, 2}, 1.5), std::invalid_argument);
  CHECK_THROWS_AS(quantile({1, 2}, -0.1), std::invalid_argument);
}

TEST_CASE("sobol_indices: the estimators by hand on n = 2, k = 1") {
  // f(A) = (1, 3), f(B) = (2, 4), f(AB_1) = (1, 4).
  // V = var(1, 3, 2, 4) = 1.25 (divisor 4); S1 = mean(2 * 0, 4 * 1) / V = 2 / 1.25 = 1.6;
  // ST = mean(0, 1) / 2 / V = 0.25 / 1.25 = 0.2.
  const auto s = sensitivity::sobol_indices(vec({1, 3, 2, 4, 1, 4}), 2, 1, 0);
  CHECK(s.variance == near(1.25));
  CHECK(s.S1[0] == near(1.6));
  CHECK(s.ST[0] == near(0.2));
  CHECK(s.dropped == 0);
  CHECK(std::isnan(s.S1_lo[0]));  // no bootstrap
  CHECK_THROWS_AS(sensitivity::sobol_indices(vec({1, 2, 3}), 2, 1), std::invalid_argument);
}

TEST_CASE("sobol_indices: Ishigami within 0.02 of the analytic indices, CIs cover them") {
  const IshigamiTruth truth = ishigami_truth();
  // The published values, as a check on the formulas above.
  CHECK(truth.S1[0] == near(0.3139, 1e-4));
  CHECK(truth.S1[1] == near(0.4424, 1e-4));
  CHECK(truth.ST[0] == near(0.5576, 1e-4));
  CHECK(truth.ST[2] == near(0.2437, 1e-4));

  const int k = 3;
  const auto design_small = design::saltelli(1024, k, 1);
  const auto design_large = design::saltelli(4096, k, 1);
  const auto small = sensitivity::sobol_indices(evaluate(design_small.points, ishigami), 1024, k, 1000, 0.95, 1);
  const auto large = sensitivity::sobol_indices(evaluate(design_large.points, ishigami), 4096, k, 1000, 0.95, 1);
  CHECK(large.variance == near(truth.V, 0.005));
  CHECK(large.dropped == 0);
  for (int i = 0; i < k; ++i) {
    CAPTURE(i);
    CHECK(std::abs(large.S1[i] - truth.S1[i]) < 0.02);
    CHECK(std::abs(large.ST[i] - truth.ST[i]) < 0.02);
    CHECK(std::abs(small.S1[i] - truth.S1[i]) < 0.03);
    CHECK(std::abs(small.ST[i] - truth.ST[i]) < 0.03);
    for (const auto* s : {&small, &large}) {
      CHECK(s->S1_lo[i] <= truth.S1[i]);
      CHECK(s->S1_hi[i] >= truth.S1[i]);
      CHECK(s->ST_lo[i] <= truth.ST[i]);
      CHECK(s->ST_hi[i] >= truth.ST[i]);
      CHECK(s->S1_lo[i] < s->S1[i]);
      CHECK(s->S1[i] < s->S1_hi[i]);
    }
    // Four times the points: intervals about half as wide.
    CHECK(large.S1_hi[i] - large.S1_lo[i] < 0.7 * (small.S1_hi[i] - small.S1_lo[i]));
    CHECK(large.ST_hi[i] - large.ST_lo[i] < 0.7 * (small.ST_hi[i] - small.ST_lo[i]));
  }
  // Same inputs, same seed: the same intervals; another seed: others.
  const Eigen::VectorXd y_small = evaluate(design_small.points, ishigami);
  const auto once = sensitivity::sobol_indices(y_small, 1024, k, 200, 0.95, 1);
  const auto again = sensitivity::sobol_indices(y_small, 1024, k, 200, 0.95, 1);
  const auto other = sensitivity::sobol_indices(y_small, 1024, k, 200, 0.95, 2);
  CHECK(again.S1_lo == once.S1_lo);
  CHECK(again.ST_hi == once.ST_hi);
  CHECK(other.S1_lo != once.S1_lo);
  CHECK(other.S1 == once.S1);
  CHECK(once.S1 == small.S1);
}

TEST_CASE("sobol_indices: a NaN output drops its base row from every block") {
  const int n = 64, k = 3;
  const auto d = design::saltelli(n, k, 5);
  const Eigen::VectorXd clean = evaluate(d.points, ishigami);
  Eigen::VectorXd y = clean;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  y[n + 7] = nan;       // B, row 7
  y[n * 3 + 20] = nan;  // AB_2, row 20
  y[n * 4 + 20] = nan;  // AB_3, row 20 again: still one row
  const auto s = sensitivity::sobol_indices(y, n, k, 0);
  CHECK(s.dropped == 2);
  // The same as the design without base rows 7 and 20.
  Eigen::VectorXd reduced(static_cast<Eigen::Index>(n - 2) * (k + 2));
  Eigen::Index at = 0;
  for (int b = 0; b < k + 2; ++b)
    for (int j = 0; j < n; ++j)
      if (j != 7 && j != 20) reduced[at++] = clean[b * n + j];
  const auto want = sensitivity::sobol_indices(reduced, n - 2, k, 0);
  CHECK(want.dropped == 0);
  CHECK(s.variance == near(want.variance));
  for (int i = 0; i < k; ++i) {
    CHECK(s.S1[i] == near(want.S1[i]));
    CHECK(s.ST[i] == near(want.ST[i]));
  }
}

TEST_CASE("morris_indices: a linear function has mu* = |c| * range and sigma = 0") {
  // y = sum c_i x_i with x_i = lo_i + u_i (hi_i - lo_i): every elementary effect per unit
  // of u_i is c_i (hi_i - lo_i).
  const double c[] = {2.0, -3.0, 0.5}, lo[] = {0.0, -1.0, 10.0}, hi[] = {1.0, 1.0, 20.0};
  const auto d = design::morris(20, 3, 4, 9);
  Eigen::VectorXd y(d.points.rows());
  for (Eigen::Index r = 0; r < y.size(); ++r) {
    y[r] = 0;
    for (int i = 0; i < 3; ++i) y[r] += c[i] * (lo[i] + d.points(r, i) * (hi[i] - lo[i]));
  }
  const auto m = sensitivity::morris_indices(d, y);
  for (int i = 0; i < 3; ++i) {
    CAPTURE(i);
    CHECK(m.mu[i] == near(c[i] * (hi[i] - lo[i]), 1e-9));
    CHECK(m.mu_star[i] == near(std::abs(c[i]) * (hi[i] - lo[i]), 1e-9));
    CHECK(m.sigma[i] == near(0.0, 1e-9));
  }
  CHECK_THROWS_AS(sensitivity::morris_indices(d, Eigen::VectorXd::Zero(3)), std::invalid_argument);
  auto broken = d;
  broken.points(1, 0) = broken.points(0, 0) + 0.5;  // step 1 now moves two factors (or none)
  broken.points(1, 1) = broken.points(0, 1) + 0.5;
  CHECK_THROWS_AS(sensitivity::morris_indices(broken, y), std::invalid_argument);
}

TEST_CASE("morris_indices: Ishigami on a 4-level grid, by hand") {
  // Levels u in {0, 1/3, 2/3, 1} are x in {-pi, -pi/3, pi/3, pi}; delta = 2/3 pairs
  // -pi with pi/3 and -pi/3 with pi.
  //  x2: sin^2 goes 0 <-> 3/4, so every |EE_2| = 7 * 0.75 / (2/3) = 7.875 exactly.
  //  x1: |sin| goes 0 <-> sqrt(3)/2, |EE_1| = sqrt(3)/2 (1 + 0.1 x3^4) * 1.5 with x3
  //      uniform on the levels: E|EE_1| = 1.5 sqrt(3)/2 (1 + 0.1 (pi^4 + (pi/3)^4) / 2).
  //  x3: |EE_3| = 0.1 |sin x1| (pi^4 - (pi/3)^4) * 1.5, and |sin x1| is 0 or sqrt(3)/2
  //      with probability 1/2: E|EE_3| = half of 0.15 sqrt(3)/2 (pi^4 - (pi/3)^4).
  //      EE_3 is 0 or +-12.5: a large sigma although x3 has no first-order effect.
  const int r = 20000;
  const auto d = design::morris(r, 3, 4, 11);
  const auto m = sensitivity::morris_indices(d, evaluate(d.points, ishigami));
  const double h = std::sqrt(3.0) / 2, p4 = std::pow(pi, 4), p4_3 = std::pow(pi / 3, 4);
  const double mu1 = 1.5 * h * (1 + 0.1 * (p4 + p4_3) / 2);  // 7.70
  const double ee3 = 0.15 * h * (p4 - p4_3);                 // 12.50
  CHECK(m.mu_star[1] == near(7.875, 1e-9));
  // The sd of |EE_1| and of |EE_3| is about 6.25: over 20000 trajectories the standard
  // error of mu* is 0.044 and the tolerances below are 0.2.
  CHECK(std::abs(m.mu_star[0] - mu1) < 0.2);
  CHECK(std::abs(m.mu_star[2] - ee3 / 2) < 0.2);
  CHECK(std::abs(m.mu[2]) < 0.25);  // signs of EE_3 cancel on average (se 0.06)
  CHECK(std::abs(m.sigma[2] - ee3 / std::sqrt(2.0)) < 0.2);
  // Ranking by mu*: x2 (7.875) > x1 (7.70) > x3 (6.25).
  CHECK(m.mu_star[1] > m.mu_star[0]);
  CHECK(m.mu_star[0] > m.mu_star[2]);
}

TEST_CASE("by_level: per distinct level or per equal-width bin") {
  // Three levels.
  const Eigen::VectorXd x = vec({0, 1, 0.5, 0, 1, 0.5, 0, 1});
  const Eigen::VectorXd y = vec({1, 10, 5, 3, 20, 7, 2, 30});
  const auto levels = sensitivity::by_level(x, y, 3);
  REQUIRE(levels.size() == 3);
  CHECK(levels[0].lo == 0.0);
  CHECK(levels[0].hi == 0.0);
  CHECK(levels[0].count == 3);
  CHECK(levels[0].mean == near(2.0));
  CHECK(levels[0].sd == near(1.0));  // (1, 3, 2): sample sd 1
  CHECK(levels[0].p50 == near(2.0));
  CHECK(levels[0].p05 == near(1.1));  // h = 0.1 between 1 and 2
  CHECK(levels[0].p95 == near(2.9));
  CHECK(levels[1].lo == 0.5);
  CHECK(levels[1].count == 2);
  CHECK(levels[1].mean == near(6.0));
  CHECK(levels[1].sd == near(std::sqrt(2.0)));
  CHECK(levels[2].lo == 1.0);
  CHECK(levels[2].mean == near(20.0));
  CHECK(levels[2].sd == near(10.0));
  CHECK(levels[2].p95 == near(29.0));  // h = 1.9 between 20 and 30

  // Continuous: x = 0, 1, ..., 9 into 3 bins of width 3: [0,3), [3,6), [6,9].
  Eigen::VectorXd xc(10), yc(10);
  for (int i = 0; i < 10; ++i) {
    xc[i] = i;
    yc[i] = i * i;
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  yc[4] = nan;  // ignored
  const auto bins = sensitivity::by_level(xc, yc, 3);
  REQUIRE(bins.size() == 3);
  CHECK(bins[0].lo == near(0.0));
  CHECK(bins[0].hi == near(3.0));
  CHECK(bins[0].count == 3);
  CHECK(bins[0].mean == near(5.0 / 3.0));
  CHECK(bins[1].count == 2);  // 3, 5 (4 is NaN)
  CHECK(bins[1].mean == near(17.0));
  CHECK(bins[2].hi == near(9.0));
  CHECK(bins[2].count == 4);  // 6, 7, 8, 9
  CHECK(bins[2].mean == near((36.0 + 49 + 64 + 81) / 4));
  CHECK(bins[2].p50 == near(56.5));

  // An empty bin is kept with NaN statistics; a single point has NaN sd.
  const auto gap = sensitivity::by_level(vec({0, 0.1, 1, 0.2}), vec({1, 2, 3, 4}), 2);
  REQUIRE(gap.size() == 2);
  CHECK(gap[0].count == 3);
  CHECK(gap[1].count == 1);
  CHECK(std::isnan(gap[1].sd));
  const auto holes = sensitivity::by_level(vec({0, 0.1, 1, 0.2}), vec({1, 2, 3, 4}), 3);
  REQUIRE(holes.size() == 3);
  CHECK(holes[1].count == 0);
  CHECK(std::isnan(holes[1].mean));
  CHECK(std::isnan(holes[1].p50));
  CHECK_THROWS_AS(sensitivity::by_level(vec({0, 1}), vec({1}), 2), std::invalid_argument);
}
