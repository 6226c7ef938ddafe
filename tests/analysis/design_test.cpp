// analysis/design.cpp: Sobol' points, Saltelli, Morris, Latin hypercube, random, grid.
#include "support/check.hpp"

#include "analysis/design.hpp"

#include <cmath>
#include <cstdint>
#include <set>
#include <stdexcept>
#include <vector>

using namespace bpsim;
using bpsim::test::near;

namespace {

constexpr double two32 = 4294967296.0;

// Every 1-D projection of the rows holds exactly one point in each [j/n, (j+1)/n).
bool one_per_stratum(const Eigen::MatrixXd& p) {
  const auto n = static_cast<int>(p.rows());
  for (Eigen::Index c = 0; c < p.cols(); ++c) {
    std::vector<int> count(static_cast<std::size_t>(n), 0);
    for (int r = 0; r < n; ++r) {
      const double u = p(r, c);
      if (!(u >= 0.0 && u < 1.0)) return false;
      ++count[static_cast<std::size_t>(std::floor(u * n))];
    }
    for (int x : count)
      if (x != 1) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("sobol_points: the first points of dimensions 1-3 are the published ones") {
  // Gray-code order, the origin left out. Dimension 1 is van der Corput; 2 and 3 follow
  // from Joe & Kuo's (s, a, m) = (1, 0, {1}) and (2, 1, {1, 3}).
  const Eigen::MatrixXd p = design::sobol_points(8, 3);
  const double dim1[] = {0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, 0.1875};
  const double dim2[] = {0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625, 0.3125};
  const double dim3[] = {0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375, 0.9375};
  REQUIRE(p.rows() == 8);
  REQUIRE(p.cols() == 3);
  for (int r = 0; r < 8; ++r) {
    CHECK(p(r, 0) == dim1[r]);
    CHECK(p(r, 1) == dim2[r]);
    CHECK(p(r, 2) == dim3[r]);
  }
}

TEST_CASE("sobol_points: high dimensions and far indices match the Joe-Kuo table") {
  // Reference: scipy.stats.qmc.Sobol(128, scramble=False) (same direction numbers,
  // new-joe-kuo-6.21201), points at sequence index 100 and 1000000, times 2^32, for
  // dimensions 1, 2, 3, 10, 20, 33, 64, 128.
  const int dims[] = {1, 2, 3, 10, 20, 33, 64, 128};
  const double at100[] = {1778384896, 1107296256, 3321888768, 2986344448,
                          1442840576, 1107296256, 2785017856, 1979711488};
  const double at1e6[] = {113709056, 1339682816, 3556216832, 1092644864, 1641934848, 1630965760, 249630720, 3042775040};
  // Row r is sequence index skip + 1 + r.
  const Eigen::MatrixXd p100 = design::sobol_points(1, 128, 99);
  const Eigen::MatrixXd p1e6 = design::sobol_points(1, 128, 999999);
  for (int i = 0; i < 8; ++i) {
    CAPTURE(dims[i]);
    CHECK(p100(0, dims[i] - 1) * two32 == at100[i]);
    CHECK(p1e6(0, dims[i] - 1) * two32 == at1e6[i]);
  }
}

TEST_CASE("sobol_points: skip drops points after the origin") {
  const Eigen::MatrixXd all = design::sobol_points(40, 5);
  const Eigen::MatrixXd later = design::sobol_points(10, 5, 30);
  CHECK(later == all.bottomRows(10));
  CHECK(design::sobol_points(0, 3).rows() == 0);
  CHECK_THROWS_AS(design::sobol_points(4, 0), std::invalid_argument);
  CHECK_THROWS_AS(design::sobol_points(4, design::sobol_max_dims + 1), std::invalid_argument);
  CHECK_THROWS_AS(design::sobol_points(2, 1, (std::uint64_t{1} << 32) - 2), std::invalid_argument);
}

TEST_CASE("sobol_points: 0 <= u < 1 and one point per dyadic interval in every dimension") {
  // A block of 2^m consecutive points starting at a multiple of 2^m is a (0,m,1)-net in
  // every one-dimensional projection.
  for (int m = 1; m <= 9; ++m) {
    const int n = 1 << m;
    CAPTURE(m);
    CHECK(one_per_stratum(design::sobol_points(n, design::sobol_max_dims, static_cast<std::uint64_t>(n) - 1)));
    CHECK(one_per_stratum(design::sobol_points(n, 8, 5 * static_cast<std::uint64_t>(n) - 1)));
  }
  // Dropping the origin breaks the balance of the first 2^m points: [0, 2^-m) is empty.
  CHECK_FALSE(one_per_stratum(design::sobol_points(16, 1)));
  // Dimensions 1 and 2 form a (0,m,2)-net: every dyadic box of area 2^-6 holds one point.
  const Eigen::MatrixXd p = design::sobol_points(64, 2, 63);
  for (int a = 0; a <= 6; ++a) {
    const int nx = 1 << a, ny = 1 << (6 - a);
    std::vector<int> count(64, 0);
    for (int r = 0; r < 64; ++r)
      ++count[static_cast<std::size_t>(static_cast<int>(p(r, 0) * nx) * ny + static_cast<int>(p(r, 1) * ny))];
    for (int c : count) CHECK(c == 1);
  }
}

TEST_CASE("saltelli: blocks A, B, AB_i from the 2k-dimensional Sobol' points") {
  const int n = 16, k = 3;
  const design::SaltelliDesign d = design::saltelli(n, k, 0);
  CHECK(d.n == n);
  CHECK(d.k == k);
  REQUIRE(d.points.rows() == n * (k + 2));
  REQUIRE(d.points.cols() == k);
  const Eigen::MatrixXd base = design::sobol_points(n, 2 * k, n - 1);
  const Eigen::MatrixXd A = d.points.topRows(n), B = d.points.middleRows(n, n);
  CHECK(A == base.leftCols(k));
  CHECK(B == base.rightCols(k));
  for (int i = 0; i < k; ++i) {
    const Eigen::MatrixXd AB = d.points.middleRows(n * (2 + i), n);
    for (int c = 0; c < k; ++c) CHECK(AB.col(c) == (c == i ? B.col(c) : A.col(c)));
  }
  // A balanced block: each column of A and of B has one point per 1/16 stratum.
  CHECK(one_per_stratum(A));
  CHECK(one_per_stratum(B));
  CHECK_THROWS_AS(design::saltelli(n, design::sobol_max_dims / 2 + 1, 0), std::invalid_argument);
}

TEST_CASE("saltelli: a nonzero seed is a Cranley-Patterson shift, one per column") {
  const int n = 32, k = 2;
  const Eigen::MatrixXd plain = design::saltelli(n, k, 0).points;
  const Eigen::MatrixXd s1 = design::saltelli(n, k, 1).points;
  const Eigen::MatrixXd s1again = design::saltelli(n, k, 1).points;
  const Eigen::MatrixXd s2 = design::saltelli(n, k, 2).points;
  CHECK(s1 == s1again);
  CHECK(s1 != s2);
  CHECK(s1 != plain);
  CHECK(s1.minCoeff() >= 0.0);
  CHECK(s1.maxCoeff() < 1.0);
  // Within the A block, (shifted - plain) mod 1 is the same for every row of a column.
  for (int c = 0; c < k; ++c) {
    auto shift = [&](int r) {
      const double s = s1(r, c) - plain(r, c);
      return s < 0 ? s + 1.0 : s;
    };
    for (int r = 1; r < n; ++r) CHECK(shift(r) == near(shift(0), 1e-9));
  }
}

TEST_CASE("morris: one factor moves by +-delta per step, each once, on the grid") {
  const int r = 50, k = 5, p = 4;
  const design::MorrisDesign d = design::morris(r, k, p, 42);
  const double delta = design::morris_delta(p);
  CHECK(delta == near(2.0 / 3.0));
  CHECK(design::morris_delta(2) == near(1.0));
  CHECK(design::morris_delta(6) == near(0.6));
  CHECK(d.trajectories == r);
  CHECK(d.k == k);
  CHECK(d.levels == p);
  REQUIRE(d.points.rows() == r * (k + 1));
  REQUIRE(d.points.cols() == k);
  int ups = 0, downs = 0;
  for (int t = 0; t < r; ++t) {
    std::set<int> moved;
    for (int s = 0; s < k; ++s) {
      const Eigen::RowVectorXd step = d.points.row(t * (k + 1) + s + 1) - d.points.row(t * (k + 1) + s);
      int changed = 0;
      for (int i = 0; i < k; ++i) {
        if (step[i] == 0.0) continue;
        ++changed;
        moved.insert(i);
        CHECK(std::abs(step[i]) == near(delta));
        (step[i] > 0 ? ups : downs) += 1;
      }
      CHECK(changed == 1);
    }
    CHECK(static_cast<int>(moved.size()) == k);
  }
  CHECK(ups > 0);
  CHECK(downs > 0);
  for (Eigen::Index i = 0; i < d.points.size(); ++i) {
    const double g = d.points.data()[i] * (p - 1);  // grid index
    CHECK(g == near(std::round(g), 1e-12));
    CHECK(d.points.data()[i] >= 0.0);
    CHECK(d.points.data()[i] <= 1.0);
  }
  CHECK(design::morris(r, k, p, 42).points == d.points);
  CHECK(design::morris(r, k, p, 43).points != d.points);
  CHECK_THROWS_AS(design::morris(r, k, 5, 1), std::invalid_argument);  // odd levels
}

TEST_CASE("latin_hypercube: one point per stratum per column, seeded") {
  const Eigen::MatrixXd a = design::latin_hypercube(100, 4, 7);
  REQUIRE(a.rows() == 100);
  REQUIRE(a.cols() == 4);
  CHECK(one_per_stratum(a));
  CHECK(a.minCoeff() > 0.0);
  CHECK(design::latin_hypercube(100, 4, 7) == a);
  const Eigen::MatrixXd b = design::latin_hypercube(100, 4, 8);
  CHECK(one_per_stratum(b));
  CHECK(b != a);
  // The columns are permuted independently, not all in the same order.
  CHECK((a.col(0).array() * 100).floor().matrix() != (a.col(1).array() * 100).floor().matrix());
}

TEST_CASE("random_uniform: in (0,1), seeded, mean near 1/2") {
  const Eigen::MatrixXd a = design::random_uniform(20000, 2, 3);
  CHECK(a.minCoeff() > 0.0);
  CHECK(a.maxCoeff() < 1.0);
  CHECK(design::random_uniform(20000, 2, 3) == a);
  CHECK(design::random_uniform(20000, 2, 4) != a);
  // The sd of the mean of 20000 uniforms is 0.002.
  CHECK(std::abs(a.col(0).mean() - 0.5) < 0.01);
  CHECK(std::abs(a.col(1).mean() - 0.5) < 0.01);
  CHECK(std::abs(a.col(0).array().square().mean() - 1.0 / 3.0) < 0.01);
}

TEST_CASE("full_grid: every combination, last factor fastest") {
  const Eigen::MatrixXd g = design::full_grid({2, 3});
  Eigen::MatrixXd want(6, 2);
  want << 0, 0, 0, 0.5, 0, 1, 1, 0, 1, 0.5, 1, 1;
  CHECK(g == want);
  const Eigen::MatrixXd one = design::full_grid({1, 2});
  Eigen::MatrixXd want1(2, 2);
  want1 << 0.5, 0, 0.5, 1;
  CHECK(one == want1);
  CHECK(design::full_grid({3, 4, 5}).rows() == 60);
  CHECK(design::full_grid({5}).col(0)(3) == near(0.75));
  CHECK_THROWS_AS(design::full_grid({2, 0}), std::invalid_argument);
}
